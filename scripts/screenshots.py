"""Screenshots for the README and reviews: `make screenshots` writes docs/screenshots/*.png.

A throw-away SQLite database gets the demo data (`seed_demo`), `runserver` serves it on a free
port, and Chromium (Playwright) logs in as the demo applicant with password and TOTP, then takes
full-page screenshots in Dutch at 390 and 1280 px of Mijn overzicht, step 3C, step 4 and the
registration form submitted empty. The PNGs are reduced to 256 colours to keep the repository
small. Development only: uses the published demo password and TOTP key.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTHS = (390, 1280)
DEMO_EMAIL = "alice@voorbeeld-schoonmaak.demo"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local URL)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not start within {seconds} s")


def _shrink(path: Path) -> None:
    """Quantise to 256 colours: a UI screenshot keeps its look at a fraction of the size."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _shoot(page, name: str, width: int) -> Path:
    page.wait_for_load_state("networkidle")
    path = OUT / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    _shrink(path)
    return path


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="pso-screenshots-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "psoportal.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'screenshots.sqlite3'}",
        "DEBUG": "true",
    }
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    # Our own manage.py with fixed arguments.
    subprocess.run([*manage, "migrate", "--noinput", "-v0"],  # noqa: S603
                   env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, cwd=ROOT, check=True,  # noqa: S603
                   stdout=subprocess.DEVNULL)

    # The same database, read here for the rekentool's id and the current TOTP code.
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from psoportal.accounts.demo import DEMO_PASSWORD, demo_totp_code
    from psoportal.assessments.demo import DEMO_NAME
    from psoportal.organisations.demo import demo_applicant

    rekentool = demo_applicant().rekentools.get(name=DEMO_NAME)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        _wait_for(base + "/healthz")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            # One login (a TOTP code counts once), its session reused at both widths.
            login = browser.new_context(base_url=base, locale="nl-NL")
            page = login.new_page()
            page.goto("/account/inloggen/")
            page.fill("#id_email", DEMO_EMAIL)
            page.fill("#id_password", DEMO_PASSWORD)
            page.locator("main form.form button[type=submit]").first.click()
            page.fill("#id_code", demo_totp_code())
            page.locator("main form.form button[type=submit]").first.click()
            page.wait_for_load_state()
            if "/account/inloggen" in page.url:
                raise SystemExit("the demo applicant could not log in")
            session = login.storage_state()
            login.close()

            for width in WIDTHS:
                viewport = {"width": width, "height": 900}
                context = browser.new_context(base_url=base, viewport=viewport,
                                              storage_state=session, locale="nl-NL")
                page = context.new_page()
                page.goto("/mijnpso/")
                written.append(_shoot(page, "overview", width))
                page.goto(f"/mijnpso/rekentool/{rekentool.pk}/doelgroep/")
                written.append(_shoot(page, "step-3c", width))
                page.goto(f"/mijnpso/rekentool/{rekentool.pk}/score/")
                written.append(_shoot(page, "step-4", width))
                context.close()

                anonymous = browser.new_context(base_url=base, viewport=viewport,
                                                locale="nl-NL")
                page = anonymous.new_page()
                page.goto("/organisatie/registreren/")
                page.locator("main form.form button[type=submit]").first.click()
                written.append(_shoot(page, "form-errors", width))
                anonymous.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Browser tests: real Debian Chromium driven by Playwright against Django's live server."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect

# CI runs the PostgreSQL suite beside this one on two cores: a page may take longer than
# Playwright's default 5 s to settle. Waiting longer changes no verdict, only when a failure
# is declared.
expect.set_options(timeout=15_000)

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# under a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def console_errors(page):
    """Collects console errors and uncaught page errors; assert it is empty at the end."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors

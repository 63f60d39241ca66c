"""Business e-mail rules (rule book §2): no free-mail; compare with the website's domain."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path(__file__).resolve().parent / "data" / "freemail_domains.txt"


@lru_cache(maxsize=1)
def _freemail() -> tuple[frozenset[str], frozenset[str]]:
    exact, prefixes = set(), set()
    for line in DATA.read_text(encoding="utf-8").splitlines():
        entry = line.strip().lower()
        if not entry or entry.startswith("#"):
            continue
        if entry.endswith(".*"):
            prefixes.add(entry[:-2])
        else:
            exact.add(entry)
    return frozenset(exact), frozenset(prefixes)


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower().rstrip(".")


def is_freemail(email: str) -> bool:
    domain = email_domain(email)
    exact, prefixes = _freemail()
    return domain in exact or domain.split(".")[0] in prefixes


def website_domain(url: str) -> str:
    if "://" not in url:
        url = f"https://{url}"
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def matches_website(email: str, website: str) -> bool:
    """The address belongs to the website's domain or one of its subdomains (or vice versa)."""
    mail, site = email_domain(email), website_domain(website)
    if not mail or not site:
        return False
    return mail == site or mail.endswith("." + site) or site.endswith("." + mail)

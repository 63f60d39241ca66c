"""The security page names a session's browser and system ("Chrome op Windows"), never the raw
user-agent string."""

import pytest
from django.test import Client
from django.utils import translation

from psoportal.accounts.models import UserSession
from psoportal.accounts.user_agent import describe

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
EDGE_WINDOWS = CHROME_WINDOWS + " Edg/120.0.2210.91"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Safari/605.1.15"
)


@pytest.mark.parametrize(
    ("user_agent", "words"),
    [
        (CHROME_WINDOWS, "Chrome op Windows"),
        (EDGE_WINDOWS, "Edge op Windows"),
        (SAFARI_IPHONE, "Safari op iOS"),
        (FIREFOX_LINUX, "Firefox op Linux"),
        (CHROME_ANDROID, "Chrome op Android"),
        (SAFARI_MAC, "Safari op macOS"),
        ("", "Onbekende browser"),
        (None, "Onbekende browser"),
    ],
)
def test_a_user_agent_is_named_as_browser_on_system(user_agent, words):
    with translation.override("nl"):
        assert describe(user_agent) == words


@pytest.mark.django_db
def test_the_security_page_shows_chrome_on_windows_not_the_user_agent(client, alice, login):
    other = login(alice, on=Client())
    UserSession.objects.filter(session_key=other.session.session_key).update(
        user_agent=CHROME_WINDOWS
    )
    login(alice)
    content = client.get("/account/beveiliging/").content.decode()
    assert "Chrome op Windows" in content
    assert "Mozilla/5.0" not in content
    assert "AppleWebKit" not in content

"""The security page names each session's browser and system ("Chrome op Windows"), never the
raw User-Agent header, and writes dates in the one style of the site (issue 9 §14)."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from psoportal.accounts.models import UserSession
from psoportal.accounts.user_agent import describe

WINDOWS_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/124.0.0.0 Safari/537.36")
WINDOWS_EDGE = WINDOWS_CHROME + " Edg/124.0.2478.51"
IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")
MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0"
ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")


@pytest.mark.parametrize(("header", "dutch"), [
    (WINDOWS_CHROME, "Chrome op Windows"),
    (WINDOWS_EDGE, "Edge op Windows"),
    (IPHONE_SAFARI, "Safari op iPhone"),
    (MAC_FIREFOX, "Firefox op macOS"),
    (ANDROID_CHROME, "Chrome op Android"),
    ("curl/8.5.0", "onbekende browser"),
    ("", "onbekende browser"),
])
def test_a_user_agent_is_named_by_browser_and_system(header, dutch):
    with translation.override("nl"):
        assert describe(header) == dutch


def test_the_names_read_in_english():
    with translation.override("en"):
        assert describe(MAC_FIREFOX) == "Firefox on macOS"
        assert describe("curl/8.5.0") == "unknown browser"


@pytest.mark.django_db
def test_the_security_page_shows_the_name_not_the_header(login, alice):
    client = login(alice)
    UserSession.objects.filter(user=alice).update(user_agent=WINDOWS_CHROME)
    content = client.get(reverse("accounts:security")).content.decode()
    assert "Chrome op Windows" in content
    assert "Mozilla/5.0" not in content


@pytest.mark.django_db
def test_the_security_page_writes_dates_day_month_year(login, alice):
    client = login(alice)
    session = UserSession.objects.filter(user=alice).first()
    content = client.get(reverse("accounts:security")).content.decode()
    assert timezone.localtime(session.last_seen_at).strftime("%d-%m-%Y %H:%M") in content

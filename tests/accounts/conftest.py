from __future__ import annotations

import re

import pytest
from django.core import mail

REGISTRATION = {
    "organisation_name": "Nieuw Bedrijf B.V.",
    "kvk": "11223344",
    "website": "https://nieuwbedrijf.example",
    "full_name": "Nina Nieuw",
    "job_title": "Directeur",
    "phone": "030 111 22 33",
    "email": "nina@nieuwbedrijf.example",
    "password": "een lange zin als wachtwoord",
    "accept_terms": "on",
}


@pytest.fixture(autouse=True)
def _mail(mail_immediately):
    pass


@pytest.fixture
def registration():
    return dict(REGISTRATION)


def link_from_mail(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[-1].replace("http://127.0.0.1:8000", "")


@pytest.fixture
def last_link():
    def _last(to: str | None = None) -> str:
        messages = [m for m in mail.outbox if to is None or to in m.to]
        assert messages
        link = re.search(r"https?://[^/\s]+(/\S+)", messages[-1].body)
        assert link, messages[-1].body
        return link.group(1)

    return _last


@pytest.fixture
def hasher_calls(monkeypatch):
    """Every password hash computed or verified, by method name ("encode", "verify")."""
    from django.contrib.auth.hashers import get_hasher

    hasher_class = type(get_hasher("default"))
    calls: list[str] = []
    for name in ("encode", "verify"):
        original = getattr(hasher_class, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(hasher_class, name, counted)
    return calls


def redirected_to(response, path: str) -> bool:
    """A redirect to exactly this page (query string aside): the one right answer."""
    return response.status_code == 302 and response["Location"].split("?")[0] == path

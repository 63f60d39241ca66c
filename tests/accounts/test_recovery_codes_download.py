"""Recovery codes: shown unbroken, downloadable as a .txt from the server, printable, copyable."""

from __future__ import annotations

import pytest

from tests.conftest import give_sudo

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(client, alice, login):
    give_sudo(login(alice))
    response = client.post("/account/herstelcodes/")
    return response, response.context["codes"]


def test_the_codes_page_offers_download_print_and_copy(codes):
    response, shown = codes
    html = response.content.decode()
    assert 'action="/account/herstelcodes/herstelcodes.txt"' in html
    assert html.count('name="code"') == len(shown)
    assert "data-recovery-print" in html and "data-recovery-copy" in html
    assert "js/recovery-codes.js" in html
    assert "data:" not in html


def test_the_download_is_a_text_attachment_of_the_codes(client, codes):
    _, shown = codes
    response = client.post("/account/herstelcodes/herstelcodes.txt", {"code": shown})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"] == 'attachment; filename="mijnpso-herstelcodes.txt"'
    body = response.content.decode()
    assert all(f"\n{code}\n" in body for code in shown)


def test_the_download_echoes_only_the_users_unused_codes(client, codes):
    _, shown = codes
    response = client.post("/account/herstelcodes/herstelcodes.txt",
                           {"code": [shown[0], "<script>alert(1)</script>", "aaaa-bbbb"]})
    body = response.content.decode()
    assert shown[0] in body
    assert "script" not in body and "aaaa-bbbb" not in body
    assert client.post("/account/herstelcodes/herstelcodes.txt",
                       {"code": "verzonnen"}).status_code == 400


def test_codes_never_wrap_mid_code_and_use_a_monospace_font():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/forms.css").read_text()
    rule = css.split(".recovery-codes code {", 1)[1].split("}", 1)[0]
    assert "white-space: nowrap" in rule
    assert "monospace" in rule

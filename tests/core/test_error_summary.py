"""Every form: a failed submit shows one error summary at the top, linking to each invalid field.

The page title starts with "Fout: ", each invalid field carries aria-invalid and an
aria-describedby that names its error message (docs/forms.md).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.assessments.conftest import rekentool  # noqa: F401  (fixture)
from tests.conftest import give_sudo, give_totp_device

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The ids, the summaries and their links, the invalid controls and the title of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: dict[str, dict] = {}
        self.summaries = 0
        self.links: list[str] = []
        self.invalid: list[dict] = []
        self.title = ""
        self._in_summary = 0
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs
        if "data-error-summary" in attrs:
            self.summaries += 1
            self._in_summary = 1
        elif self._in_summary and tag not in ("br", "input"):
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.links.append(attrs.get("href", ""))
        if attrs.get("aria-invalid") == "true":
            self.invalid.append(attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if self._in_summary:
            self._in_summary -= 1
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _register(client, **_):
    return client.post("/organisatie/registreren/", {"full_name": ""})


def _login(client, alice, **_):
    return client.post("/account/inloggen/", {"email": alice.email, "password": "fout"})


def _at_second_step(client, alice, password):
    give_totp_device(alice)
    client.post("/account/inloggen/", {"email": alice.email, "password": password})


def _totp(client, alice, password, **_):
    _at_second_step(client, alice, password)
    return client.post("/account/inloggen/code/", {"code": "abc"})


def _recovery(client, alice, password, **_):
    _at_second_step(client, alice, password)
    return client.post("/account/inloggen/herstelcode/", {"code": ""})


def _password_reset(client, **_):
    return client.post("/account/wachtwoord-vergeten/", {"email": "geen-adres"})


def _password_change(client, alice, login, **_):
    give_sudo(login(alice))
    return client.post("/account/wachtwoord-wijzigen/", {"new_password": ""})


def _sudo(client, alice, login, **_):
    login(alice)
    return client.post("/account/bevestig-identiteit/", {"password": "fout", "code": ""})


def _organisation(client, alice, login, **_):
    login(alice)
    org = alice.memberships.get().organisation
    return client.post(f"/mijnpso/organisatie/{org.pk}/",
                       {"action": "details", "postcode": "geen", "fulltime_hours": "-1"})


def _rekentool_create(client, alice, login, **_):
    login(alice)
    org = alice.memberships.get().organisation
    return client.post(f"/mijnpso/organisatie/{org.pk}/rekentools/", {"name": ""})


def _rekentool_copy(client, alice, login, tool, **_):
    login(alice)
    return client.post(f"/mijnpso/rekentool/{tool.pk}/kopieren/", {"name": ""})


def _data(client, alice, login, tool, **_):
    login(alice)
    return client.post(f"/mijnpso/rekentool/{tool.pk}/gegevens/",
                       {"version": tool.version, "total_fte": "veel"})


def _target_group(client, alice, login, tool, **_):
    login(alice)
    return client.post(f"/mijnpso/rekentool/{tool.pk}/doelgroep/", {"version": 1})


def _employee_edit(client, alice, login, tool, **_):
    login(alice)
    employee = tool.employees.first()
    return client.post(f"/mijnpso/rekentool/{tool.pk}/doelgroep/{employee.pk}/",
                       {"version": employee.version, "ref": ""})


def _purchases(client, alice, login, tool, **_):
    login(alice)
    return client.post(f"/mijnpso/rekentool/{tool.pk}/inkopen/", {"amount": "veel"})


def _target_group_import(client, alice, login, tool, **_):
    login(alice)
    upload = SimpleUploadedFile("doelgroep.csv", b"dit is geen doelgroep\n", "text/csv")
    return client.post(f"/mijnpso/rekentool/{tool.pk}/doelgroep/importeren/",
                       {"file": upload})


def _import(client, alice, login, tool, **_):
    login(alice)
    upload = SimpleUploadedFile("rekentool.json", b"{kapot", "application/json")
    return client.post(f"/mijnpso/rekentool/{tool.pk}/importeren/", {"file": upload})


def _qualitative(client, alice, login, tool, **_):
    login(alice)
    return client.post(f"/mijnpso/rekentool/{tool.pk}/kwalitatief/",
                       {"version": tool.version, "passend_werk__0": "misschien"})


def _invitation(client, alice, login, **_):
    login(alice)
    org = alice.memberships.get().organisation
    return client.post(f"/organisatie/{org.pk}/uitnodigen/", {"email": "geen-adres"})


FORMS = {
    "registration": _register,
    "login": _login,
    "totp": _totp,
    "recovery code": _recovery,
    "password reset": _password_reset,
    "password change": _password_change,
    "sudo": _sudo,
    "organisation (step 1)": _organisation,
    "new rekentool": _rekentool_create,
    "copy rekentool": _rekentool_copy,
    "3A/3B data": _data,
    "3C new employee": _target_group,
    "3C employee edit": _employee_edit,
    "3D new purchase": _purchases,
    "3C import": _target_group_import,
    "rekentool import": _import,
    "qualitative (step 5)": _qualitative,
    "invitation": _invitation,
}


@pytest.mark.parametrize("submit", FORMS.values(), ids=FORMS.keys())
def test_a_failed_submit_shows_one_summary_linking_to_every_invalid_field(
    submit, client, alice, password, login, rekentool  # noqa: F811
):
    response = submit(client=client, alice=alice, password=password, login=login,
                      tool=rekentool)
    assert response.status_code in (200, 400, 422), response.status_code
    page = Page(response.content.decode())

    assert page.summaries == 1
    assert page.title.strip().startswith("Fout: ")
    assert page.links or page.invalid == []
    for href in page.links:
        assert href.startswith("#") and href[1:] in page.ids, href
    # A radio button is described through its radiogroup, which carries the same marks.
    for control in [c for c in page.invalid if c.get("type") != "radio"]:
        linked = {f"#{control.get('id')}", f"#{control.get('id')}_0"}
        assert linked & set(page.links), control
        described = control.get("aria-describedby", "").split()
        error_ids = [name for name in described if name.endswith("_error")]
        assert error_ids and all(name in page.ids for name in error_ids), control


def test_an_empty_registration_lists_each_required_field_once_at_the_top(client):
    page = Page(client.post("/organisatie/registreren/", {"full_name": ""}).content.decode())
    assert page.summaries == 1
    assert len(page.invalid) >= 5
    assert len(page.links) == len(set(page.links)) >= len(page.invalid)


def test_a_page_without_errors_has_no_summary_and_a_plain_title(client):
    page = Page(client.get("/organisatie/registreren/").content.decode())
    assert page.summaries == 0
    assert not page.title.strip().startswith("Fout")


def test_the_htmx_autosave_carries_the_summary_and_marks_the_fields(
    client, alice, login, rekentool  # noqa: F811
):
    login(alice)
    response = client.post(f"/mijnpso/rekentool/{rekentool.pk}/gegevens/",
                           {"version": rekentool.version, "total_fte": "veel"},
                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    page = Page(html)
    assert page.summaries == 1
    assert 'id="error-summary-slot" hx-swap-oob="true"' in html
    assert "#id_total_fte" in page.links
    assert 'id="field-id_total_fte" hx-swap-oob="true"' in html
    assert any(control.get("id") == "id_total_fte" for control in page.invalid)


def test_a_successful_autosave_empties_the_summary_slot(client, alice, login, rekentool):  # noqa: F811
    login(alice)
    response = client.post(
        f"/mijnpso/rekentool/{rekentool.pk}/gegevens/",
        {"version": rekentool.version, "peiljaar_month": 1, "peiljaar_year": 2024,
         "fulltime_hours": "38", "total_fte": "50", "average_headcount": "55",
         "sw_seconded_out_fte": "0"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="error-summary-slot" hx-swap-oob="true"></div>' in html

"""Nothing confidential reaches the public register (rule book §6 and §11, security.md 37): not
the holder's turnover and weighted target-group fte kept on the certificate for buyers'
purchases (step 3D), not the application behind it (figures, employees, people), not the
ground of a withdrawal. Checked on every public page and in both downloads."""

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from psoportal.certification.models import Application, Certificate
from tests.assessments.conftest import all_yes, rekentool  # noqa: F401 (fixtures)
from tests.certification.awarding import certified, submitted_on
from tests.certification.conftest import (  # noqa: F401 (fixtures)
    answered_rekentool,
    auditor,
    complete_rekentool,
    institution,
    submit,
)
from tests.register.factories import certificate

pytestmark = pytest.mark.django_db

TURNOVER = Decimal("4567891.23")
FTE = Decimal("11.8642")
# Each figure however a page or a spreadsheet might write it.
SECRETS = ["4567891", "4.567.891", "4,567,891", "11,8642", "11.8642", "11,86", "11.86"]


def _public_texts(client, made: Certificate) -> dict[str, str]:
    kvk = made.scope.first().kvk
    pages = {
        "register": client.get(reverse("register:search")),
        "register on the start date": client.get(reverse("register:search"),
                                                 {"datum": f"{made.start:%d-%m-%Y}"}),
        "verification page": client.get(reverse("verify_certificate",
                                                args=[made.verification_code])),
        "check by KvK number": client.get(reverse("register:check"), {"kvk": kvk}),
        "csv": client.get(reverse("register:export", args=["csv"])),
    }
    texts = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        texts[name] = (b"".join(response.streaming_content).decode("utf-8-sig")
                       if response.streaming else response.text)
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("register:export", args=["xlsx"])).content))
    texts["xlsx"] = "\n".join(str(cell) for row in book.active.iter_rows(values_only=True)
                              for cell in row)
    # The random verification codes could hold any digits; they are not what is looked for.
    return {name: re.sub(r"/certificaat/[\w-]+/", "/certificaat/…/", text)
            for name, text in texts.items()}


def _leaks(texts: dict[str, str], secrets: list[str]) -> list[tuple[str, str]]:
    return [(name, secret) for name, text in texts.items() for secret in secrets
            if secret in text]


def test_the_holders_figures_for_buyers_appear_on_no_public_page_or_download(client, today):
    made = certificate(name="Groen & Schoon B.V.")
    Certificate.objects.filter(pk=made.pk).update(supplier_turnover=TURNOVER,
                                                  supplier_weighted_fte=FTE)
    texts = _public_texts(client, made)
    assert all("Groen &" in text for text in texts.values())  # the entry is there
    assert _leaks(texts, SECRETS) == []


def test_the_ground_of_a_withdrawal_stays_with_the_parties(client, today):
    made = certificate(name="Groen & Schoon B.V.", revoked_on=dt.date(2025, 6, 1),
                       start=dt.date(2025, 1, 1))
    page = client.get(reverse("verify_certificate", args=[made.verification_code])).text
    check = client.get(reverse("register:check"), {"kvk": "12345678"}).text
    assert "Ingetrokken per 01-06-2025." in page
    assert made.revoked_reason and made.revoked_reason not in page + check


def test_nothing_of_the_application_behind_a_certificate_is_public(
    client, submit, complete_rekentool, bo, alice  # noqa: F811
):
    application = submit(complete_rekentool)
    Application.objects.filter(pk=application.pk).update(turnover=TURNOVER)
    submitted_on(application, timezone.localdate() - dt.timedelta(days=40))
    made = certified(application, bo).certificates.get()
    Certificate.objects.filter(pk=made.pk).update(supplier_turnover=TURNOVER,
                                                  supplier_weighted_fte=FTE)
    texts = _public_texts(client, made)
    assert all("Voorbeeld B.V." in text for text in texts.values())
    refs = [row["ref"] for row in application.document["target_group"]]
    people = [alice.email, alice.full_name]
    assert refs and _leaks(texts, [*SECRETS, *refs, *people]) == []

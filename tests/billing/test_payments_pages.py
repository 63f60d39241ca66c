"""PSO-Nederland's payment pages: the review screen with the statement upload, a payment by
hand, assigning an unmatched payment. Staff only: the applicant, an auditor and an outsider get
404 and change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psoportal.billing import bank_import
from psoportal.billing.models import Invoice, Payment, PaymentImport
from psoportal.billing.payments import statement_import
from tests.billing.payment_support import BAD_IBAN, Tx, camt053, fee_invoice

REVIEW = reverse("billing:payments")
REGISTER = reverse("billing:payment_register")


@pytest.fixture
def invoice(organisation):
    return fee_invoice(organisation)  # € 121,00


@pytest.fixture
def unmatched(bo):
    statement_import(data=camt053(Tx("121.00", "contributie", iban=BAD_IBAN)),
                     file_name="a.xml", actor=bo)
    return Payment.objects.get()


def upload(data: bytes, name: str = "afschrift.xml"):
    return {"statement": SimpleUploadedFile(name, data)}


@pytest.mark.parametrize("persona", ["alice", "auditor", "charlie"])
def test_outsiders_get_404_on_every_payment_page_and_change_nothing(persona, request, login,
                                                                    invoice, unmatched):
    client = login(request.getfixturevalue(persona))
    assign = reverse("billing:payment_assign", args=[unmatched.pk])
    assert client.get(REVIEW).status_code == 404
    assert client.post(REVIEW, upload(camt053(Tx(invoice.total, invoice.number)))
                       ).status_code == 404
    assert client.get(REGISTER).status_code == 404
    assert client.post(REGISTER, {"invoice": invoice.number, "amount": "121,00",
                                  "booked_on": "2026-12-15"}).status_code == 404
    assert client.post(assign, {"invoice": invoice.number}).status_code == 404
    invoice.refresh_from_db()
    assert invoice.paid_amount == 0 and Payment.objects.count() == 1


def test_the_review_screen_lists_unmatched_payments_and_flags_an_invalid_iban(login, bo,
                                                                          unmatched):
    page = login(bo).get(REVIEW).content.decode()
    assert "contributie" in page and "ongeldig IBAN" in page and "a.xml" in page
    assert f'action="{reverse("billing:payment_assign", args=[unmatched.pk])}"' in page


def test_staff_imports_a_statement_and_sees_the_counts(login, bo, invoice):
    client = login(bo)
    response = client.post(REVIEW, upload(camt053(Tx(invoice.total, invoice.number),
                                                  Tx("5.00", "zomaar"))), follow=True)
    assert "1 gekoppeld" in response.content.decode()
    assert "1 niet gekoppeld" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_a_refused_statement_shows_a_dutch_error_and_imports_nothing(login, bo):
    response = login(bo).post(REVIEW, upload(b"<Document><kapot"))
    assert response.status_code == 400
    assert "Niets ingelezen: Het bestand is geen geldig XML-bestand." in response.content.decode()
    assert not PaymentImport.objects.exists()


def test_a_huge_upload_is_refused_on_the_page(login, bo):
    data = b"<" + b"x" * bank_import.MAX_BYTES
    response = login(bo).post(REVIEW, upload(data))
    assert response.status_code == 400 and "te groot" in response.content.decode()
    assert not PaymentImport.objects.exists()


def test_partial_payments_by_hand_add_up_and_an_overpayment_is_flagged(login, bo, invoice):
    client = login(bo)
    for amount, ref in (("100,00", "A"), ("21,00", "B"), ("5,00", "C")):
        response = client.post(REGISTER, {"invoice": invoice.number, "amount": amount,
                                          "booked_on": "2026-12-15", "reference": ref})
        assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.paid_amount == Decimal("126.00")
    statuses = list(Payment.objects.order_by("bank_reference").values_list("status", flat=True))
    assert statuses == ["partial", "matched", "overpaid"]
    assert "te veel betaald" in client.get(REVIEW).content.decode().lower()


def test_registering_the_same_reference_twice_is_refused_on_the_field(login, bo, invoice):
    client = login(bo)
    form = {"invoice": invoice.number, "amount": "10,00", "booked_on": "2026-12-15",
            "reference": "BANK-1"}
    client.post(REGISTER, form)
    response = client.post(REGISTER, form)
    assert response.status_code == 400
    assert "al een betaling met deze referentie" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.paid_amount == Decimal("10.00")


def test_an_unknown_invoice_number_or_a_bad_amount_is_a_field_error(login, bo, invoice):
    response = login(bo).post(REGISTER, {"invoice": "2019-99999", "amount": "tien",
                                         "booked_on": "2026-12-15"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Er is geen factuur met dit nummer." in page and "Vul een bedrag in" in page


def test_staff_assigns_an_unmatched_payment_to_its_invoice(login, bo, invoice, unmatched):
    client = login(bo)
    assign = reverse("billing:payment_assign", args=[unmatched.pk])
    client.post(assign, {"invoice": invoice.number})
    unmatched.refresh_from_db()
    invoice.refresh_from_db()
    assert unmatched.invoice == invoice and unmatched.status == Payment.Status.MATCHED
    assert invoice.status == Invoice.Status.PAID
    client.post(assign, {"invoice": invoice.number})  # a second time: refused, not booked
    invoice.refresh_from_db()
    assert invoice.paid_amount == invoice.total

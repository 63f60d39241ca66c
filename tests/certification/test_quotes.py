"""Quotes from certifying institutions (issue 10 §2): a frozen summary without target-group rows,
one answer per request, one accepted quote, the others lapse; submitting needs a valid one."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from psoportal.certification.models import QuoteRequest
from psoportal.certification.quotes import (
    QuoteRefused,
    quote_accept,
    quote_answer,
    quote_request_create,
)
from psoportal.certification.services import PreconditionsNotMet
from tests.certification.conftest import give_quote
from tests.factories import CertifyingInstitutionFactory

pytestmark = pytest.mark.django_db
S = QuoteRequest.State


def test_a_request_carries_the_summary_an_institution_needs_and_no_target_group_rows(
    answered_rekentool, institution, alice
):
    [request] = quote_request_create(rekentool=answered_rekentool, user=alice,
                                     institutions=[institution])
    summary = request.summary
    assert summary["kvk"] == "12345678"
    assert summary["z"] == 3
    assert summary["level"] == "trede_2" and summary["level_is_final"] is True
    assert summary["audit_mandays"] == "1"
    text = json.dumps(summary)
    assert "D-001" not in text and "target_group" not in text


def test_one_live_request_per_institution(answered_rekentool, institution, alice):
    other = CertifyingInstitutionFactory(name="Sociaal Audit Instituut B.V.")
    first = quote_request_create(rekentool=answered_rekentool, user=alice,
                                 institutions=[institution, other])
    again = quote_request_create(rekentool=answered_rekentool, user=alice,
                                 institutions=[institution, other])
    assert len(first) == 2 and again == []


def test_an_inactive_institution_takes_no_requests(answered_rekentool, alice):
    closed = CertifyingInstitutionFactory(is_active=False)
    with pytest.raises(QuoteRefused):
        quote_request_create(rekentool=answered_rekentool, user=alice, institutions=[closed])


def test_a_request_is_answered_once(answered_rekentool, institution, auditor):
    quote = give_quote(answered_rekentool, institution, auditor)
    assert quote.total == Decimal("1.5") * 1100 + 150
    with pytest.raises(QuoteRefused):
        quote_answer(request=quote.request, user=auditor, man_days=Decimal(2),
                     day_rate=Decimal(1000), valid_until=timezone.localdate())


def test_accepting_one_quote_lapses_the_others(answered_rekentool, institution, auditor, alice):
    other = CertifyingInstitutionFactory(name="Tweede CI B.V.")
    chosen = give_quote(answered_rekentool, institution, auditor)
    [open_request] = quote_request_create(rekentool=answered_rekentool, user=alice,
                                          institutions=[other])
    quote_accept(quote=chosen, user=alice)
    chosen.request.refresh_from_db()
    open_request.refresh_from_db()
    assert (chosen.request.state, open_request.state) == (S.ACCEPTED, S.LAPSED)
    with pytest.raises(QuoteRefused):
        quote_accept(quote=chosen, user=alice)


def test_an_expired_quote_cannot_be_accepted(answered_rekentool, institution, auditor, alice):
    quote = give_quote(answered_rekentool, institution, auditor, valid_days=10)
    with time_machine.travel(timezone.now() + dt.timedelta(days=11)), \
            pytest.raises(QuoteRefused, match="verlopen"):
        quote_accept(quote=quote, user=alice)


def test_submitting_needs_an_accepted_quote(submit, answered_rekentool):
    with pytest.raises(PreconditionsNotMet) as refused:
        submit(answered_rekentool)
    assert [m.step for m in refused.value.missing] == [6]


def test_the_application_keeps_the_accepted_quote(submit, complete_rekentool):
    application = submit(complete_rekentool)
    assert application.accepted_quote.request.institution.name == "Keurmerk Certificering B.V."

"""Writes of the quote round (step 6): request quotes, answer one, accept one (issue 10 §2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.assessments.models import Rekentool
from psoportal.assessments.outcome import outcome_of
from psoportal.assessments.selectors import rekentool_evaluate
from psoportal.certification.models import Quote, QuoteRequest
from psoportal.certification.notifications import quote_received_notify, quote_requested_notify
from psoportal.certification.uploads import original_name
from psoportal.organisations.models import CertifyingInstitution

S = QuoteRequest.State


class QuoteRefused(Exception):
    pass


def quote_summary(rekentool: Rekentool, *, on: dt.date) -> dict[str, Any]:
    """What a certifying institution may know to price the audit; never the target-group rows."""
    evaluation = rekentool_evaluate(rekentool, on=on)
    result = evaluation.result
    if result is None:
        raise QuoteRefused(_("Vraag offertes aan zodra stap 4 een voorlopige score geeft."))
    outcome = outcome_of(result, evaluation.handbook, rekentool.qualitative)
    organisation = rekentool.organisation
    return {
        "organisation": organisation.name,
        "kvk": organisation.kvk,
        "entities": [{"name": e.name, "kvk": e.kvk} for e in organisation.entities.all()],
        "handbook": evaluation.handbook.version,
        "z": result["z"],
        "average_headcount": str(rekentool.average_headcount or ""),
        "total_fte": result["total_fte"],
        "level": outcome.final_level or outcome.quantitative_level,
        "level_is_final": outcome.final_known,
        "audit_mandays": result["costs"]["audit_mandays"],
    }


@transaction.atomic
def quote_request_create(
    *, rekentool: Rekentool, user: User, institutions: list[CertifyingInstitution],
    on: dt.date | None = None,
) -> list[QuoteRequest]:
    """One request per institution, each with the same frozen summary."""
    if not institutions:
        raise QuoteRefused(_("Kies ten minste één certificerende instelling."))
    if any(not institution.is_active for institution in institutions):
        raise QuoteRefused(_("Deze certificerende instelling neemt geen aanvragen aan."))
    live = set(
        rekentool.quote_requests.filter(state__in=[S.OPEN, S.QUOTED, S.ACCEPTED])
        .values_list("institution_id", flat=True)
    )
    summary = quote_summary(rekentool, on=on or timezone.localdate())
    made = [
        QuoteRequest.objects.create(
            organisation=rekentool.organisation, rekentool=rekentool, institution=institution,
            summary=summary, requested_by=user,
        )
        for institution in institutions
        if institution.pk not in live
    ]
    for request in made:
        quote_requested_notify(request)
    return made


@transaction.atomic
def quote_answer(*, request: QuoteRequest, user: User, man_days: Decimal, day_rate: Decimal,
                 valid_until: dt.date, registration_fee: Decimal = Decimal(0),
                 licence_fee: Decimal = Decimal(0), travel: Decimal = Decimal(0),
                 remarks: str = "", pdf: UploadedFile | None = None) -> Quote:
    """The institution's quote; the request becomes `quoted` (compare-and-set: once)."""
    if valid_until < timezone.localdate():
        raise QuoteRefused(_("De geldigheidsdatum ligt in het verleden."))
    if not QuoteRequest.objects.filter(pk=request.pk, state=S.OPEN).update(state=S.QUOTED):
        raise QuoteRefused(_("Op deze aanvraag is al geantwoord, of zij is vervallen."))
    request.state = S.QUOTED
    quote_received_notify(request)
    quote = Quote(
        request=request, man_days=man_days, day_rate=day_rate, valid_until=valid_until,
        registration_fee=registration_fee, licence_fee=licence_fee, travel=travel,
        remarks=remarks, quoted_by=user,
    )
    if pdf is not None:
        # The form checked size and content; the stored name is random (uploads.py).
        quote.pdf_filename = original_name(pdf)
        quote.pdf.save("quote.pdf", pdf, save=False)
    quote.save()
    return quote


@transaction.atomic
def quote_accept(*, quote: Quote, user: User, on: dt.date | None = None) -> Quote:
    """Accept one quote; every other live request for the same rekentool lapses."""
    on = on or timezone.localdate()
    if quote.valid_until < on:
        raise QuoteRefused(_("Deze offerte is verlopen op %(date)s.")
                           % {"date": quote.valid_until.strftime("%d-%m-%Y")})
    request = quote.request
    if not QuoteRequest.objects.filter(pk=request.pk, state=S.QUOTED).update(state=S.ACCEPTED):
        raise QuoteRefused(_("Deze offerte kan niet meer worden geaccepteerd."))
    QuoteRequest.objects.filter(
        rekentool_id=request.rekentool_id, state__in=[S.OPEN, S.QUOTED]
    ).exclude(pk=request.pk).update(state=S.LAPSED)
    quote.request.refresh_from_db()
    return quote


def accepted_quote(rekentool: Rekentool, *, on: dt.date) -> Quote | None:
    """The rekentool's accepted quote that is still valid on `on`, if any."""
    return (
        Quote.objects.filter(request__rekentool=rekentool, request__state=S.ACCEPTED,
                             valid_until__gte=on)
        .select_related("request__institution")
        .first()
    )

"""Certificates: issued when the first-year invoice is paid, superseded by a newer certification
of one of their KvK numbers, withdrawn with the application, and read on a date as geldig,
verlopen, vervallen or ingetrokken (issue 10 §6–7, rule book §9 and §11).

The effects at the bottom run inside the transition's transaction (effects.py): a failure
rolls the state change back with them, so an application is never "toegekend" without its
certificates.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.selectors import register_purchase_buyers
from psoportal.certification.audited import audited_level, audited_result, pso30plus_allowed
from psoportal.certification.models import (
    Application,
    ApplicationEvent,
    Certificate,
    CertificateScope,
    certificate_search_name,
)
from psoportal.certification.transitions import State
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.dates import ONE_DAY, ApplicationDates, application_dates
from psoportal.methodology.handbook import handbook_get

NUMBER_PREFIX = "PSO"
NUMBER_DIGITS = 6
# Two awards paid at the same moment may both read the same highest number; the unique
# constraint refuses the second insert and it takes the next number (see _create).
NUMBER_ATTEMPTS = 5
# What `revoked_reason` holds when the applicant withdrew; PSO-Nederland's cancellation keeps
# the code of its ground (a cancellation event of the handbook's fee table).
WITHDRAWN_BY_APPLICANT = "withdraw"


class CertificateStatus(models.TextChoices):
    # The start is retroactive (the month after submission), but an award paid within the
    # month of submission starts on the first of next month: then it is not yet in force.
    NOT_YET = "not_yet", _("nog niet geldig")
    VALID = "valid", _("geldig")
    EXPIRED = "expired", _("verlopen")
    LAPSED = "lapsed", _("vervallen")
    REVOKED = "revoked", _("ingetrokken")


@dataclass(frozen=True)
class Standing:
    """A certificate's status on a date and the day that status began."""

    status: CertificateStatus
    since: dt.date

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def in_force(self) -> bool:
        return self.status == CertificateStatus.VALID


def certificate_status(certificate: Certificate, *, on: dt.date) -> Standing:
    """Geldig, verlopen, vervallen or ingetrokken on `on` (nog niet geldig before the start).

    Date-aware, so the register can answer "was this supplier certified on date D": a
    certificate revoked today was geldig last month. When more than one ending has passed, the
    first one decides (a certificate that lapsed and was revoked later stays vervallen).
    """
    endings = [
        (certificate.revoked_on, 0, CertificateStatus.REVOKED),
        (certificate.lapsed_on, 1, CertificateStatus.LAPSED),
        (certificate.end + ONE_DAY, 2, CertificateStatus.EXPIRED),
    ]
    passed = sorted((day, rank, status) for day, rank, status in endings
                    if day is not None and day <= on)
    if passed:
        day, _rank, status = passed[0]
        return Standing(status, day)
    if on < certificate.start:
        return Standing(CertificateStatus.NOT_YET, certificate.start)
    return Standing(CertificateStatus.VALID, certificate.start)


def certificate_dates(application: Application) -> ApplicationDates:
    """Start, end and expiry notice of the application's certificates (§9), from the
    submission day in Amsterdam (a submission at 00:30 on 1 September is a September one)
    and the application's own handbook version (§10)."""
    return application_dates(timezone.localdate(application.submitted_at),
                             handbook_get(application.handbook_version))


def certificate_scope(application: Application) -> list[tuple[str, str, bool]]:
    """(KvK number, name, is main applicant) of every organisation in the frozen scope, the
    main applicant first; each KvK number once."""
    organisation = application.document["organisation"]
    rows = [(organisation["kvk"], organisation["name"], True)]
    rows += [(entity["kvk"], entity["name"], False)
             for entity in organisation.get("entities") or []]
    seen: set[str] = set()
    unique = []
    for kvk, name, is_main in rows:
        if kvk not in seen:
            seen.add(kvk)
            unique.append((kvk, name, is_main))
    return unique


def _next_number(year: int) -> str:
    """The next readable number of the year, PSO-2026-000123. Zero-padded, so the highest
    number is also the last in text order."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by("-number").values_list("number", flat=True).first()
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:0{NUMBER_DIGITS}d}"


def _create(**fields) -> Certificate:
    """Insert a certificate under the next free number.

    The retry sits in a savepoint: on PostgreSQL a concurrent award's insert of the same number
    makes ours wait, then fail once that one commits; the next attempt reads its number and
    takes the one after it. The verification code is 256 random bits, not derived from
    anything a visitor could guess: public verification must not be reachable by enumerating.
    """
    year = timezone.localdate().year
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=_next_number(year), verification_code=secrets.token_urlsafe(32),
                    **fields,
                )
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _level_to_certify(application: Application) -> str:
    # The award page stores PSO-Nederland's decision. An award taken without it (a script,
    # the admin) gets the audited level, the highest it may have.
    level = application.awarded_level or audited_level(application)
    if level in ("", "none"):
        # Imported here: services imports this module through the effects registry.
        from psoportal.certification.services import TransitionRefused

        raise TransitionRefused(str(_("Er is geen trede toegekend: kies eerst een trede op de "
                                      "toekenningspagina.")))
    return level


def supplier_figures(application: Application) -> dict[str, Decimal]:
    """What a buyer's purchase from this organisation is converted with (rule book §6): the
    turnover declared in step 6 and the weighted target-group fte D of the result that was
    awarded (the audited one when the auditor corrected the figures). Empty when no turnover
    was declared: then the certificate carries no figures and purchases from it do not count.

    Only on the level certificate: the register's supplier lookup reads that one (a PSO 30+
    certificate is a read-out of the same certification)."""
    direct_fte = audited_result(application).get("direct_fte")
    if application.turnover is None or direct_fte is None:
        return {}
    return {"supplier_turnover": application.turnover,
            "supplier_weighted_fte": Decimal(str(direct_fte))}


def figures_in_use(organisation_id: int, certificates: list[Certificate]) -> int | None:
    """How many other organisations convert their purchases from this one with its certified
    figures (register purchases at a KvK number of its level certificates in force); None when
    none of those certificates carries figures, so there is nothing to tell.

    The KvK numbers come from the applications' frozen scope, which the overview has already
    read: one query per organisation, however many certificates it holds."""
    kvks = {
        kvk
        for certificate in certificates
        if certificate.kind == Certificate.Kind.LEVEL
        and certificate.supplier_turnover is not None and certificate.application is not None
        for kvk, _name, _main in certificate_scope(certificate.application)
    }
    if not kvks:
        return None
    return register_purchase_buyers(sorted(kvks), besides=organisation_id)


def certificates_issue(application: Application) -> list[Certificate]:
    """The certificate of the awarded level and, when awarded, the separate PSO 30+ one; then
    every older certification of one of their KvK numbers lapses (§9)."""
    level = _level_to_certify(application)
    dates = certificate_dates(application)
    scope = certificate_scope(application)
    quote = application.accepted_quote
    common = {
        "application": application,
        "level": level,
        "organisation_name": application.organisation.name,
        "city": application.organisation.city,
        "institution_name": quote.request.institution.name if quote else "",
        "handbook_version": application.handbook_version,
        "start": dates.certificate_start,
        "end": dates.certificate_end,
        "search_name": certificate_search_name(
            [application.organisation.name, *(name for _kvk, name, _main in scope)]),
    }
    issued = {Certificate.Kind.LEVEL: _create(kind=Certificate.Kind.LEVEL, **common,
                                              **supplier_figures(application))}
    if application.awarded_pso30plus and pso30plus_allowed(application, level):
        issued[Certificate.Kind.PSO30PLUS] = _create(kind=Certificate.Kind.PSO30PLUS, **common)
    CertificateScope.objects.bulk_create(
        CertificateScope(certificate=certificate, kvk=kvk, name=name, is_main=is_main)
        for certificate in issued.values()
        for kvk, name, is_main in scope
    )
    Application.objects.filter(pk=application.pk).update(awarded_level=level)
    application.awarded_level = level
    _supersede(application, issued, [kvk for kvk, _name, _main in scope])
    return list(issued.values())


def _supersede(application: Application, issued: dict[str, Certificate], kvks: list[str]
               ) -> None:
    """Older certifications in force holding one of these KvK numbers lapse from the new start.

    The whole earlier certification lapses, so its PSO 30+ certificate too: succeeded by the
    new PSO 30+ certificate when there is one, else by the new level certificate. A
    certification that starts after the new one is not "earlier" and is left alone.
    """
    start = issued[Certificate.Kind.LEVEL].start
    older = (
        Certificate.objects.filter(
            scope__kvk__in=kvks, revoked_on__isnull=True, lapsed_on__isnull=True,
            start__lte=start, end__gte=start,
        )
        .exclude(application=application)
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = list(older)
    for kind in Certificate.Kind.values:
        successor = issued.get(kind) or issued[Certificate.Kind.LEVEL]
        # Still in force at the moment of writing: compare-and-set, as every status change.
        Certificate.objects.filter(pk__in=ids, kind=kind, lapsed_on__isnull=True).update(
            lapsed_on=start, superseded_by=successor)


def certificates_revoke(application: Application, reason: str, *, on: dt.date) -> int:
    """Withdraw the application's certificates from `on`; the number withdrawn."""
    return application.certificates.filter(revoked_on__isnull=True).update(
        revoked_on=on, revoked_reason=reason[:500])


# -- effects (registered in effects.py) ---------------------------------------------------------

def issue_on_payment(application: Application, event: ApplicationEvent) -> None:
    """§9: paying the first-year invoice is the condition for the award; the certificates
    are issued the moment PSO-Nederland records the payment."""
    certificates_issue(application)


def revoke_on_cancellation(application: Application, event: ApplicationEvent) -> None:
    """An awarded application that is withdrawn or cancelled takes its certificates with it
    (ingetrokken from today); earlier states have none to withdraw."""
    if event.from_state != State.AWARDED:
        return
    reason = event.reason if event.transition == "cancel" else WITHDRAWN_BY_APPLICANT
    certificates_revoke(application, reason or event.transition,
                        on=timezone.localdate(event.at))


# -- reading ------------------------------------------------------------------------------------

def verification_url(certificate: Certificate) -> str:
    """The public page the QR code on the certificate opens: the site's address and the
    unguessable code, never the number or the id."""
    return settings.SITE_URL.rstrip("/") + reverse("verify_certificate",
                                                   args=[certificate.verification_code])


@dataclass(frozen=True)
class CertificateFacts:
    """What every page and the PDF say about a certificate, in the active language."""

    certificate: Certificate
    standing: Standing
    level_label: str
    scope: list[CertificateScope]
    # The other certificate of the same award (the PSO 30+ one, or the level one it goes with).
    companion: Certificate | None
    supersedes: list[Certificate]
    verification_url: str


def _companion(certificate: Certificate) -> Certificate | None:
    """The other certificate of the same award (level and PSO 30+). A certificate taken over
    from the old register has no application here: it has no companion, and must never be
    paired with every other imported one."""
    if certificate.application_id is None:
        return None
    return (Certificate.objects.filter(application_id=certificate.application_id)
            .exclude(pk=certificate.pk).first())


def certificate_facts(certificate: Certificate, *, on: dt.date) -> CertificateFacts:
    handbook = handbook_get(certificate.handbook_version)
    try:
        level_label = label(handbook.level(certificate.level))
    except KeyError:  # a level the version does not know: never show the engine key
        level_label = str(_("onbekende trede"))
    return CertificateFacts(
        certificate=certificate,
        standing=certificate_status(certificate, on=on),
        level_label=level_label,
        scope=list(certificate.scope.all()),
        companion=_companion(certificate),
        supersedes=list(certificate.supersedes.order_by("start", "id")),
        verification_url=verification_url(certificate),
    )

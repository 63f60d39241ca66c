"""Recertification and the Aspirant extension (rule book §4, §9 "Early recertification").

- The overview shows each certificate in force with its expiry notice and the window of the
  three-month rule: a new application in the last months of the first participation year
  means no second-year contribution, and a new agreement starts.
- "Hercertificering starten" makes a new rekentool from the last application's frozen
  document, a draft the applicant brings up to date and submits as a new application.
- Aspirant-status may be extended a limited number of times (handbook
  ``audit.aspirant_max_extensions``): the submission of one more Aspirant application is
  refused with the reason.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from psoportal.accounts.models import User
from psoportal.assessments.models import Rekentool
from psoportal.assessments.services import rekentool_create, rekentool_import_document
from psoportal.certification.models import Application, Certificate
from psoportal.core.templatetags.handbook import label as level_label
from psoportal.methodology.dates import Window, application_dates, three_month_rule_window
from psoportal.methodology.handbook import Handbook, handbook_get
from psoportal.organisations.models import Organisation

# -- Aspirant extension ------------------------------------------------------------------------


def _is_aspirant(certificate: Certificate) -> bool:
    # The level without a norm of the certificate's own handbook (never a literal code).
    return certificate.level == handbook_get(certificate.handbook_version).fallback_level.code


def aspirants_in_a_row(certificates: Iterable[Certificate]) -> int:
    """How many Aspirant certificates end the series, newest first: a trede certificate ends
    the row. A revoked certificate never counted (its application was cancelled)."""
    ordered = sorted(
        (c for c in certificates if c.kind == Certificate.Kind.LEVEL and c.revoked_on is None),
        key=lambda c: (c.start, c.pk), reverse=True,
    )
    count = 0
    for certificate in ordered:
        if not _is_aspirant(certificate):
            break
        count += 1
    return count


def organisation_kvks(organisation: Organisation) -> set[str]:
    return {organisation.kvk, *organisation.entities.values_list("kvk", flat=True)}


def previous_aspirants(organisation: Organisation, *, before: dt.datetime | None = None) -> int:
    """Aspirant certificates in a row of this organisation or of any KvK number in its scope
    (the scope may have moved to another account), of applications submitted before `before`.
    """
    scope = Q(scope__kvk__in=organisation_kvks(organisation)) | Q(
        application__organisation=organisation)
    certificates = Certificate.objects.filter(scope, kind=Certificate.Kind.LEVEL).distinct()
    if before is not None:
        certificates = certificates.filter(application__submitted_at__lt=before)
    return aspirants_in_a_row(certificates)


def aspirant_extension_refusal(
    organisation: Organisation, handbook: Handbook, result: Mapping[str, Any] | None
) -> str | None:
    """Why an Aspirant application may not be submitted, or None.

    A first Aspirant certificate is no extension; each one after it in a row is. When the
    handbook's number of extensions is used up, the next Aspirant application is refused.
    """
    if not result or result.get("level") != handbook.fallback_level.code:
        return None
    row = previous_aspirants(organisation)
    allowed = handbook.audit.aspirant_max_extensions
    if row <= allowed:
        return None
    values = {"level": level_label(handbook.fallback_level), "version": handbook.version,
              "max": allowed, "row": row}
    if allowed == 0:
        return _("%(level)s kan niet verlengd worden (handboek %(version)s). Deze organisatie "
                 "had al %(row)s certificaat met %(level)s; een nieuwe aanvraag moet een trede "
                 "halen.") % values
    return ngettext(
        "%(level)s kan maar één keer verlengd worden (handboek %(version)s), en die verlenging "
        "is gebruikt: deze organisatie had al %(row)s certificaten met %(level)s op rij. Een "
        "nieuwe aanvraag moet een trede halen.",
        "%(level)s kan maar %(max)s keer verlengd worden (handboek %(version)s), en die "
        "verlengingen zijn gebruikt: deze organisatie had al %(row)s certificaten met "
        "%(level)s op rij. Een nieuwe aanvraag moet een trede halen.",
        allowed,
    ) % values


@dataclass(frozen=True)
class Extension:
    """An Aspirant application that extends the status: the how-manieth, of how many."""

    number: int
    allowed: int
    level: str


def application_extension(application: Application) -> Extension | None:
    """Whether this application extends the Aspirant-status, for its page."""
    handbook = handbook_get(application.handbook_version)
    level = application.awarded_level or (application.result or {}).get("level")
    if level != handbook.fallback_level.code:
        return None
    row = previous_aspirants(application.organisation, before=application.submitted_at)
    if not row:
        return None
    return Extension(row, handbook.audit.aspirant_max_extensions,
                     level_label(handbook.fallback_level))


# -- certificates in force (Mijn overzicht) -----------------------------------------------------


@dataclass(frozen=True)
class CertificateInForce:
    certificate: Certificate
    level: str
    expiry_notice: dt.date
    # The three-month rule's window in the first participation year, and where today is.
    window: Window
    window_phase: str  # "before", "open" or "passed"
    extension: int  # 0, or the how-manieth extension of the Aspirant-status this is


def _window_phase(window: Window, on: dt.date) -> str:
    if on < window.first:
        return "before"
    return "open" if on in window else "passed"


def _in_force(certificate: Certificate, on: dt.date) -> bool:
    return (
        certificate.start <= on <= certificate.end
        and certificate.revoked_on is None
        and (certificate.lapsed_on is None or certificate.lapsed_on > on)
    )


def certificates_in_force(organisation: Organisation, *, on: dt.date) -> list[CertificateInForce]:
    """The organisation's certificates in force on `on`, newest first.

    Reads `organisation.applications` and their certificates as the dashboard prefetched them
    (certification sits above the overview's app, which names them only by related name), so
    the overview takes the same number of queries however many organisations it shows.
    """
    certificates = [c for a in organisation.applications.all() for c in a.certificates.all()]
    lines = []
    for certificate in sorted(certificates, key=lambda c: (c.start, c.pk), reverse=True):
        if not _in_force(certificate, on):
            continue
        application = certificate.application
        handbook = handbook_get(certificate.handbook_version)
        window = three_month_rule_window(certificate.start, handbook)
        earlier = [c for c in certificates if c.start < certificate.start]
        lines.append(CertificateInForce(
            certificate=certificate,
            level=_level_text(certificate, handbook),
            expiry_notice=application_dates(timezone.localdate(application.submitted_at),
                                            handbook).expiry_notice,
            window=window,
            window_phase=_window_phase(window, on),
            extension=aspirants_in_a_row(earlier) if _is_aspirant(certificate) else 0,
        ))
    return lines


def _level_text(certificate: Certificate, handbook: Handbook) -> str:
    if certificate.kind != Certificate.Kind.LEVEL:
        return str(certificate.get_kind_display())
    try:
        return level_label(handbook.level(certificate.level))
    except KeyError:
        return certificate.level


# -- recertification ----------------------------------------------------------------------------


def recertification_name(application: Application) -> str:
    """"Hercertificering 2027": the year the running certificate ends."""
    certificate = application.certificates.filter(kind=Certificate.Kind.LEVEL).first()
    year = certificate.end.year if certificate else timezone.localdate().year
    return _("Hercertificering %(year)s") % {"year": year}


def recertification_start(*, application: Application, user: User) -> tuple[Rekentool, bool]:
    """A new rekentool with the data the application froze; (rekentool, made now).

    The draft follows the handbook in force (the new application is judged by the version of
    its own submission date), and keeps the old peiljaar and answers until the applicant brings
    them up to date. A second click finds the draft the first one made instead of a copy.
    """
    name = recertification_name(application)
    existing = Rekentool.objects.filter(organisation=application.organisation, name=name).first()
    if existing is not None:
        return existing, False
    document = copy.deepcopy(application.document)
    document["handbook"] = None
    with transaction.atomic():
        rekentool = rekentool_create(organisation=application.organisation, user=user, name=name)
        rekentool = rekentool_import_document(rekentool=rekentool, user=user, document=document)
    return rekentool, True

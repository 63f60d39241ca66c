"""What the application page and Mijn overzicht show of changes, fees and recertification.

Template tags rather than context of the views, because the pages belong to other modules:
the application page includes the changes section by a marker, and Mijn overzicht is built in
assessments, an app below certification that may not import it (tests/core/
test_import_contract.py); its template names these tags instead.

    {% load certification_changes %}
    {% application_changes application party as changes %}
    {% certificates_in_force organisation as certificates %}
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils import timezone

from psoportal.certification.certificates import figures_in_use as _figures_in_use
from psoportal.certification.changes import LIVE, ChangeOption, change_options, changes_of
from psoportal.certification.fees import FeeLine, fee_events_of, fee_lines
from psoportal.certification.models import Application, ApplicationChange
from psoportal.certification.recertification import (
    CertificateInForce,
    Extension,
    application_extension,
)
from psoportal.certification.recertification import (
    certificates_in_force as _certificates_in_force,
)
from psoportal.certification.transitions import Party
from psoportal.organisations.models import Organisation

register = template.Library()


@dataclass(frozen=True)
class ChangesSection:
    fee_lines: list[FeeLine]
    changes: list[ApplicationChange]
    # The changes the applicant may pass on (empty for the other parties).
    options: list[ChangeOption]
    extension: Extension | None


@register.simple_tag
def application_changes(application: Application, party: str) -> ChangesSection | None:
    """The fee events and changes of an application, for the applicant and PSO-Nederland; the
    certifying institution is no party to them (None)."""
    if party not in (Party.APPLICANT, Party.PSO_NEDERLAND):
        return None
    offer = party == Party.APPLICANT and application.state in LIVE
    options = change_options(application, on=timezone.localdate()) if offer else []
    return ChangesSection(
        fee_lines=fee_lines(fee_events_of(application)),
        changes=list(changes_of(application)),
        options=options,
        extension=application_extension(application),
    )


@register.simple_tag
def certificates_in_force(organisation: Organisation) -> list[CertificateInForce]:
    return _certificates_in_force(organisation, on=timezone.localdate())


@register.simple_tag
def figures_in_use(organisation: Organisation, certificates: list[CertificateInForce]
                   ) -> int | None:
    """How many organisations use this one's certified figures for their purchases from it."""
    return _figures_in_use(organisation.pk, [item.certificate for item in certificates])

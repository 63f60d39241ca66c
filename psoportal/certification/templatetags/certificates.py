"""The certificates of an application as its page shows them, with their status today.

    {% load certificates %}
    {% application_certificates application as certificates %}
    {{ certificate.certificate.revoked_reason|revocation_reason:application }}
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.certification.certificates import (
    WITHDRAWN_BY_APPLICANT,
    CertificateFacts,
    certificate_dates,
    certificate_facts,
)
from psoportal.certification.models import Application
from psoportal.certification.services import cancel_reasons
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.dates import ApplicationDates
from psoportal.methodology.handbook import handbook_get

register = template.Library()


@register.simple_tag
def application_certificates(application: Application) -> list[CertificateFacts]:
    today = timezone.localdate()
    # The level certificate first, then the separate PSO 30+ one.
    certificates = application.certificates.order_by("kind", "id")
    return [certificate_facts(certificate, on=today) for certificate in certificates]


@register.simple_tag
def application_certificate_dates(application: Application) -> ApplicationDates:
    return certificate_dates(application)


@register.simple_tag
def awarded_level_label(application: Application) -> str:
    handbook = handbook_get(application.handbook_version)
    try:
        return label(handbook.level(application.awarded_level))
    except KeyError:
        return _("nog geen trede")


@register.filter
def revocation_reason(reason: str, application: Application) -> str:
    """Why a certificate was withdrawn, in words: the applicant's withdrawal, or the ground of
    PSO-Nederland's cancellation from the handbook's fee table."""
    if reason == WITHDRAWN_BY_APPLICANT:
        return _("de aanvrager heeft de aanvraag ingetrokken")
    return cancel_reasons(application).get(reason, reason)

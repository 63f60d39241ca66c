"""PSO-Nederland's decision on an audited application: award a level (never above the audited
one) with or without PSO 30+, or reject with reasons (issue 10 §6).

The award does not issue the certificate yet: the application waits for the first-year
invoice to be paid ("betaling afwachten", rule book §9); the "payment_received" transition
issues it (certificates.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from psoportal.accounts.models import User
from psoportal.certification.audited import (
    audited_level,
    awardable_levels,
    pso30plus_allowed,
)
from psoportal.certification.models import Application
from psoportal.certification.services import application_transition
from psoportal.certification.transitions import Party
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.handbook import handbook_get


class AwardRefused(Exception):
    """A decision the rules do not allow; `field` names the form field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def award_check(application: Application, *, level: str, pso30plus: bool) -> None:
    """Refuse a level above the audited one and PSO 30+ where it is not eligible, checked on
    the server whatever the form offered."""
    allowed = [option.code for option in awardable_levels(application)]
    if not allowed:
        raise AwardRefused("level", _("De audit heeft geen trede opgeleverd: deze aanvraag kan "
                                      "alleen worden afgewezen."))
    if level not in allowed:
        handbook = handbook_get(application.handbook_version)
        raise AwardRefused("level", _(
            "Kies een trede die niet hoger is dan de geauditeerde trede (%(level)s)."
        ) % {"level": label(handbook.level(audited_level(application)))})
    if pso30plus and not pso30plus_allowed(application, level):
        raise AwardRefused("pso30plus", _(
            "PSO 30+ kan alleen worden toegekend als de audit het toelaat en met de trede "
            "waar het bij hoort."))


def application_award(
    *, application: Application, level: str, pso30plus: bool, user: User
) -> Application:
    """Award `level` (and PSO 30+): the application goes to "betaling afwachten"."""
    award_check(application, level=level, pso30plus=pso30plus)

    def record(target: Application) -> None:
        Application.objects.filter(pk=target.pk).update(
            awarded_level=level, awarded_pso30plus=pso30plus)

    return application_transition(
        application=application, name="award", actor=user, party=Party.PSO_NEDERLAND,
        then=record,
    )

"""What a submission freezes (rule book §3 step 6: "Data and scope are then frozen").

The snapshot itself is the Application (document and result, never edited). Besides that the
draft it came from and the organisation's scope stop changing, so what the applicant sees in
MijnPSO stays what was applied for:

- the rekentool, while it has a live application (up to and after the award; a copy can be
  changed), through Rekentool.frozen_at;
- the organisation's scope, while one of its applications is in procedure; after the award the
  certificate carries its own copy of the scope (CertificateScope), so a next application may
  change it. Through Organisation.scope_frozen_at.

The flags live on the models below this app (assessments and organisations never import
certification); their services refuse writes when set. Set here at submission, cleared by the
transitions that end a procedure (EFFECTS in effects.py).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.assessments.models import Rekentool
from psoportal.certification.models import Application, ApplicationEvent
from psoportal.certification.transitions import State
from psoportal.organisations.models import Organisation

IN_PROCEDURE = frozenset({State.SUBMITTED, State.AUDIT_PLANNED, State.REPORT_FILED,
                          State.AWAITING_PAYMENT})
LIVE = IN_PROCEDURE | {State.AWARDED}


class SubmissionRaced(Exception):
    """The data or the scope changed between reading them for the snapshot and freezing."""

    def __init__(self) -> None:
        super().__init__(_("De gegevens of de reikwijdte zijn gewijzigd terwijl u indiende, of "
                           "de rekentool is intussen ingediend. Controleer de gegevens en dien "
                           "opnieuw in."))


def submission_freeze(*, rekentool: Rekentool, revision: int, document: dict[str, Any]) -> None:
    """Freeze the rekentool and the scope inside the submission's transaction.

    A compare-and-set on the data revision the snapshot was read at: a write that landed in
    between (every write bumps the revision) or a second submission makes it fail, and the
    caller's transaction rolls back. The scope has no revision: it is compared with the
    snapshot after the organisation row is locked by the update, which entity writes wait for.
    """
    now = timezone.now()
    frozen = Rekentool.objects.filter(
        pk=rekentool.pk, frozen_at__isnull=True, data_revision=revision
    ).update(frozen_at=now)
    Organisation.objects.filter(pk=rekentool.organisation_id).update(scope_frozen_at=now)
    scope = set(rekentool.organisation.entities.values_list("kvk", flat=True))
    submitted = {entity["kvk"] for entity in document["organisation"].get("entities") or []}
    if not frozen or scope != submitted:
        raise SubmissionRaced()


def freeze_sync(application: Application, event: ApplicationEvent) -> None:
    """After a procedure ends (award, rejection, withdrawal, cancellation): thaw what no other
    application holds any more. An effect, run inside the transition's transaction."""
    if application.rekentool_id and not Application.objects.filter(
        rekentool_id=application.rekentool_id, state__in=LIVE
    ).exists():
        Rekentool.objects.filter(pk=application.rekentool_id).update(frozen_at=None)
    if not Application.objects.filter(
        organisation_id=application.organisation_id, state__in=IN_PROCEDURE
    ).exists():
        Organisation.objects.filter(pk=application.organisation_id).update(scope_frozen_at=None)

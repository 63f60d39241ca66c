"""Telling the Accounthouders in advance (issue 14 item 3, rule book §10): after publishing, one
e-mail per Accounthouder of an organisation with a draft that will move to the new version,
through the outbox (certification.notifications), written by the worker in batches.

Each Accounthouder is told once per version: a rerun of the task (a lost task, a retry) skips
whoever has the version's notification already."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django_tasks import task

from psoportal.assessments.models import Rekentool
from psoportal.certification.models import Notification
from psoportal.certification.notifications import notify
from psoportal.certification.transitions import Party
from psoportal.handbooks.models import HandbookVersion
from psoportal.handbooks.publish import version_handbook
from psoportal.organisations.models import Membership

TEMPLATE = "handbook-version-announced"
BATCH_SIZE = 200


def moving_drafts(*, from_version: str):
    """Drafts that move to the next version on its date: not submitted, and following the
    version in force or pinned to the version it replaces."""
    return Rekentool.objects.filter(frozen_at__isnull=True).filter(
        Q(handbook_version="") | Q(handbook_version=from_version))


def announce_recipients(version: HandbookVersion):
    handbook = version_handbook(version)
    from_version = handbook.migration.from_version if handbook.migration else ""
    organisations = moving_drafts(from_version=from_version).values("organisation_id")
    return (Membership.objects.filter(organisation_id__in=organisations,
                                      role=Membership.Role.ACCOUNTHOUDER)
            .select_related("user", "organisation").order_by("pk"))


def handbook_announce_send(version_id: int, *, batch_size: int = BATCH_SIZE) -> int:
    """Write the outbox rows of every Accounthouder not yet told; how many were written."""
    version = HandbookVersion.objects.get(pk=version_id)
    told = set(Notification.objects.filter(template=TEMPLATE,
                                           context__version=version.version)
               .values_list("recipient_id", flat=True))
    written = 0
    batch: list[Membership] = []
    for membership in announce_recipients(version).iterator(chunk_size=batch_size):
        if membership.user_id in told:
            continue
        told.add(membership.user_id)
        batch.append(membership)
        if len(batch) >= batch_size:
            written += _write(version, batch)
            batch = []
    if batch:
        written += _write(version, batch)
    return written


def _write(version: HandbookVersion, memberships: list[Membership]) -> int:
    rows = 0
    for membership in memberships:
        rows += len(notify(
            template=TEMPLATE, recipients=[(membership.user, Party.APPLICANT)],
            context={"version": version.version, "organisation": membership.organisation.name,
                     "effective": version.effective.strftime("%d-%m-%Y"),
                     "path": reverse("mijnpso:rekentools", args=[membership.organisation_id])},
        ))
    return rows


@task()
def handbook_announce(version_id: int) -> None:
    handbook_announce_send(version_id)

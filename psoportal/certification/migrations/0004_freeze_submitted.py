"""Freeze what was submitted before the freeze existed: the rekentool of every live application,
and the scope of every organisation with an application still in procedure (freeze.py)."""

from django.db import migrations

IN_PROCEDURE = ["submitted", "audit_planned", "report_filed", "awaiting_payment"]
LIVE = [*IN_PROCEDURE, "awarded"]


def freeze(apps, schema_editor):
    Application = apps.get_model("certification", "Application")
    Rekentool = apps.get_model("assessments", "Rekentool")
    Organisation = apps.get_model("organisations", "Organisation")
    for application in Application.objects.filter(state__in=LIVE, rekentool__isnull=False):
        Rekentool.objects.filter(pk=application.rekentool_id, frozen_at__isnull=True).update(
            frozen_at=application.submitted_at
        )
    for application in Application.objects.filter(state__in=IN_PROCEDURE):
        Organisation.objects.filter(
            pk=application.organisation_id, scope_frozen_at__isnull=True
        ).update(scope_frozen_at=application.submitted_at)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0003_audit_certificates_outbox"),
        ("assessments", "0005_rekentool_frozen_at"),
        ("organisations", "0004_organisation_scope_frozen_at"),
    ]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop)]

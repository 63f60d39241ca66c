"""The audit trail: services call audit_record inside their transaction, once per write.

    audit_record(actor=user, action="entity_add", organisation_id=organisation.pk,
                 subject=entity, changes={"kvk": entity.kvk})

`action` is the service's name (`<noun>_<verb>`). Call it before a delete: the subject's id is
read from the instance, which Django clears when the row is deleted. It is rolled back with the
write it describes, so the trail never lists a change that did not happen.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from psoportal.core.models import AuditEvent

# What the trail must never hold, whatever a caller passes (rule book §2: target-group rows are
# anonymous; security rule: no passwords, codes, tokens or session ids in logs).
FORBIDDEN_KEYS = frozenset({
    "password", "code", "token", "otp", "recovery_code", "session", "session_key", "seed",
    "secret", "bsn", "notes",
})


def audit_record(
    *,
    actor: Any,
    action: str,
    organisation_id: int | None = None,
    subject: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    forbidden = FORBIDDEN_KEYS.intersection(k.lower() for k in (changes or {}))
    if forbidden:
        raise ValueError(f"audit_record: {sorted(forbidden)} may not be recorded")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        organisation_id=organisation_id,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        changes=dict(changes or {}),
    )

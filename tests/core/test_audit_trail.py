"""The audit trail itself: append-only, no secrets or personal data, gone with a rolled-back
write, and de-personalised with an erased account (rule book §2)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from psoportal.accounts.erasure import account_erase
from psoportal.core.audit import audit_record
from psoportal.core.models import AuditEvent
from psoportal.organisations.services import entity_add

pytestmark = pytest.mark.django_db


def test_it_records_actor_action_organisation_and_subject(alice, organisation):
    event = audit_record(actor=alice, action="entity_add", organisation_id=organisation.pk,
                         subject=organisation, changes={"kvk": "12345679"})
    event.refresh_from_db()
    assert (event.actor, event.action, event.organisation_id) == (
        alice, "entity_add", organisation.pk
    )
    assert (event.subject_type, event.subject_id) == ("organisations.organisation",
                                                      organisation.pk)
    assert event.changes == {"kvk": "12345679"}


@pytest.mark.parametrize("key", ["password", "Token", "bsn", "notes", "session_key"])
def test_it_refuses_to_record_secrets_or_personal_data(key, alice):
    with pytest.raises(ValueError, match=key.lower()):
        audit_record(actor=alice, action="employee_update", changes={key: "x"})
    assert not AuditEvent.objects.exists()


def test_the_trail_is_append_only(alice):
    audit_record(actor=alice, action="rekentool_create")
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="iets anders")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "rekentool_create"


def test_a_write_that_fails_leaves_no_audit_row(alice, organisation):
    with pytest.raises(ValidationError), transaction.atomic():
        entity_add(organisation=organisation, user=alice, name="Dubbel B.V.",
                   kvk=organisation.kvk)
    assert not AuditEvent.objects.exists()


def test_an_erased_account_leaves_rows_without_personal_data(alice, bob, organisation):
    entity_add(organisation=organisation, user=alice, name="Noord B.V.", kvk="12345679")
    account_erase(user=alice)
    event = AuditEvent.objects.select_related("actor").get()
    assert event.action == "entity_add"
    assert event.actor.full_name == ""
    assert event.actor.email.endswith("@account.invalid")
    assert "alice" not in str(event.changes).lower()


def test_deleting_an_account_keeps_the_row_without_an_actor(alice, organisation):
    entity_add(organisation=organisation, user=alice, name="Noord B.V.", kvk="12345679")
    alice.delete()
    event = AuditEvent.objects.get()
    assert event.actor is None
    assert event.action == "entity_add"

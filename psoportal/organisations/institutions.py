"""Writes for certifying institutions: PSO-Nederland keeps the list and invites CI users.

Who may do what (docs/role-matrix.md) is checked here, not only in the views:
- PSO-Nederland (staff) creates and edits institutions, (de)activates them, invites auditors
  and beheerders, revokes invitations and removes members of any institution;
- a CI-beheerder invites auditors of their own institution, revokes those invitations and
  removes auditors of their own institution; nothing else.

An invitation works like the organisation's (services.py): single use, expires, revocable, and
the invited person registers or logs in with the same mandatory second factor as everyone else.
Institution changes go to the audit trail; invitations and memberships are security events.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import SecurityEvent, User
from psoportal.core.audit import audit_record
from psoportal.core.lib.mail import send_on_commit
from psoportal.organisations.models import (
    CertifyingInstitution,
    InstitutionInvitation,
    InstitutionMembership,
)
from psoportal.organisations.services import (
    INVITATION_DAYS,
    invitation_claim,
    invitation_token_make,
    invitation_token_read,
    invited_user_create,
)

E = SecurityEvent.Type
Role = InstitutionMembership.Role
# Its own salt: a link to an organisation's invitation must never open an institution's.
INSTITUTION_INVITATION_SALT = "psoportal.organisations.institution_invitation"

# The columns PSO-Nederland edits; the form offers exactly these.
INSTITUTION_FIELDS = (
    "name", "kvk", "city", "website", "accreditation", "accreditation_valid_until",
    "contact_name", "contact_email", "contact_phone",
)


def _require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise PermissionDenied("PSO-Nederland only")


def _is_beheerder(actor: User, institution: CertifyingInstitution) -> bool:
    return InstitutionMembership.objects.filter(
        institution=institution, user=actor, role=Role.BEHEERDER
    ).exists()


def _require_may_manage(actor: User, institution: CertifyingInstitution, role: str) -> None:
    """Staff manage every role of every CI; a CI-beheerder only auditors of their own CI."""
    if actor.is_staff:
        return
    if role == Role.AUDITOR and _is_beheerder(actor, institution):
        return
    raise PermissionDenied("may not manage this role of this institution")


def invitable_roles(actor: User) -> list[str]:
    """The roles ``actor`` may invite (the form offers only these)."""
    return [Role.AUDITOR, Role.BEHEERDER] if actor.is_staff else [Role.AUDITOR]


# -- the list of institutions ----------------------------------------------------------------------


def _duplicates(institution: CertifyingInstitution) -> dict[str, str]:
    """Dutch field errors for a name or KvK number another institution already has."""
    others = CertifyingInstitution.objects.exclude(pk=institution.pk)
    errors = {}
    if others.filter(name__iexact=institution.name).exists():
        errors["name"] = _("Er is al een certificerende instelling met deze naam.")
    if others.filter(kvk=institution.kvk).exists():
        errors["kvk"] = _("Er is al een certificerende instelling met dit KvK-nummer.")
    return errors


def _save(institution: CertifyingInstitution) -> None:
    errors = _duplicates(institution)
    if errors:
        raise ValidationError(errors)
    institution.full_clean()
    try:
        # A savepoint: a concurrent save with the same name or KvK number loses here with the
        # same field errors instead of a server error.
        with transaction.atomic():
            institution.save()
    except IntegrityError:
        raise ValidationError(_duplicates(institution) or {
            "name": _("Er is al een certificerende instelling met deze naam.")
        }) from None


@transaction.atomic
def institution_create(*, actor: User, data: dict[str, Any]) -> CertifyingInstitution:
    _require_staff(actor)
    institution = CertifyingInstitution(**{f: data[f] for f in INSTITUTION_FIELDS})
    _save(institution)
    audit_record(actor=actor, action="institution_create", subject=institution,
                 changes={"fields": sorted(INSTITUTION_FIELDS)})
    return institution


@transaction.atomic
def institution_update(
    *, actor: User, institution: CertifyingInstitution, data: dict[str, Any]
) -> CertifyingInstitution:
    _require_staff(actor)
    changed = sorted(f for f in INSTITUTION_FIELDS if getattr(institution, f) != data[f])
    for field in INSTITUTION_FIELDS:
        setattr(institution, field, data[field])
    _save(institution)
    audit_record(actor=actor, action="institution_update", subject=institution,
                 changes={"fields": changed})
    return institution


@transaction.atomic
def institution_active_set(
    *, actor: User, institution: CertifyingInstitution, active: bool
) -> None:
    """An inactive institution is no longer offered for quote requests (certification checks
    ``is_active``); quotes, audits and members it already has are left as they are."""
    _require_staff(actor)
    CertifyingInstitution.objects.filter(pk=institution.pk).update(is_active=active)
    institution.is_active = active
    audit_record(actor=actor,
                 action="institution_activate" if active else "institution_deactivate",
                 subject=institution, changes={"is_active": active})


# -- invitations -----------------------------------------------------------------------------------


def institution_invitation_path(invitation: InstitutionInvitation) -> str:
    token = invitation_token_make(invitation, salt=INSTITUTION_INVITATION_SALT)
    return reverse("organisations:institution_invitation", args=[token])


def institution_invitation_from_token(token: str) -> InstitutionInvitation | None:
    return invitation_token_read(
        token, InstitutionInvitation.objects.select_related("institution"),
        salt=INSTITUTION_INVITATION_SALT,
    )


@transaction.atomic
def institution_invitation_create(
    *, request: HttpRequest | None, actor: User, institution: CertifyingInstitution,
    email: str, role: str,
) -> InstitutionInvitation:
    if role not in Role.values:
        raise ValidationError("role")
    _require_may_manage(actor, institution, role)
    email = email.strip().lower()
    if institution.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError("already a member", code="member")
    # A new invitation replaces any open one for the same address.
    institution.invitations.filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = InstitutionInvitation.objects.create(
        institution=institution, email=email, role=role, invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    security_event_record(event_type=E.MEMBER_INVITED, request=request, actor=actor,
                          details={"institution": institution.pk, "role": role,
                                   "invitation": invitation.pk})
    send_on_commit("institution-invitation", email, {
        "invitation": invitation, "institution": institution, "inviter": actor,
        "path": institution_invitation_path(invitation), "days": INVITATION_DAYS,
    })
    return invitation


@transaction.atomic
def institution_invitation_revoke(
    *, request: HttpRequest | None, actor: User, invitation: InstitutionInvitation
) -> None:
    _require_may_manage(actor, invitation.institution, invitation.role)
    InstitutionInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    security_event_record(event_type=E.INVITATION_REVOKED, request=request, actor=actor,
                          details={"institution": invitation.institution_id,
                                   "invitation": invitation.pk})


def _joined(request, user: User, invitation: InstitutionInvitation) -> None:
    InstitutionMembership.objects.get_or_create(
        institution=invitation.institution, user=user, defaults={"role": invitation.role}
    )
    security_event_record(event_type=E.INVITATION_ACCEPTED, request=request, actor=user,
                          subject=user, details={"institution": invitation.institution_id,
                                                 "role": invitation.role})


@transaction.atomic
def institution_invitation_accept(
    *, request: HttpRequest | None, user: User, invitation: InstitutionInvitation
) -> bool:
    """An existing account (already past its second factor, the view checks) joins the CI."""
    if user.email.lower() != invitation.email.lower() or not invitation_claim(invitation):
        return False
    _joined(request, user, invitation)
    return True


@transaction.atomic
def institution_invited_account_register(
    *, request: HttpRequest | None, invitation: InstitutionInvitation, full_name: str,
    job_title: str, phone: str, password: str,
) -> User | None:
    """A new CI user creates an account through the link: exactly as for an organisation's
    invitation, the link proves the mailbox, and the second factor is set up at first login
    before any page of MijnPSO (the institution's workspace included) opens."""
    user = invited_user_create(invitation=invitation, full_name=full_name, job_title=job_title,
                               phone=phone, password=password)
    if user is None:
        return None
    security_event_record(event_type=E.REGISTERED, request=request, actor=user, subject=user,
                          details={"terms_version": settings.TERMS_VERSION, "invited": True,
                                   "institution": invitation.institution_id})
    _joined(request, user, invitation)
    return user


# -- members ---------------------------------------------------------------------------------------


@transaction.atomic
def institution_member_remove(
    *, request: HttpRequest | None, actor: User, membership: InstitutionMembership
) -> None:
    """Staff remove anyone; a CI-beheerder removes auditors of their own institution."""
    _require_may_manage(actor, membership.institution, membership.role)
    subject = membership.user
    details = {"institution": membership.institution_id, "role": membership.role}
    membership.delete()
    security_event_record(event_type=E.MEMBER_REMOVED, request=request, actor=actor,
                          subject=subject, details=details)

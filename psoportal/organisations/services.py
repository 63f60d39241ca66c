"""Writes for organisations: registration, invitations, members, the Accounthouder role, and
step 1 (the organisation's details and scope).

The role matrix is enforced here, not in templates; docs/role-matrix.md lists it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import SecurityEvent, User
from psoportal.accounts.services import verification_mail_send
from psoportal.core.audit import audit_record
from psoportal.core.lib.mail import send_on_commit
from psoportal.organisations.models import (
    Entity,
    InstitutionMembership,
    Invitation,
    InvitationBase,
    Membership,
    Organisation,
    RoleTransferRequest,
)
from psoportal.organisations.unverified import kvk_release_if_unverified

E = SecurityEvent.Type
INVITATION_SALT = "psoportal.organisations.invitation"
INVITATION_DAYS = 7


class KvkTaken(Exception):
    """An organisation with this KvK number already has an account."""


@transaction.atomic
def account_register(
    *,
    request: HttpRequest,
    organisation_name: str,
    kvk: str,
    website: str,
    full_name: str,
    job_title: str,
    phone: str,
    email: str,
    password: str,
    domain_mismatch: bool,
    domain_reason: str,
) -> User | None:
    """Create the organisation and its Accounthouder, unverified, and mail the link.

    An address that already has an account gets a notice by e-mail and the caller shows the same
    page as for a new account, so the response never tells who is registered (no account
    enumeration).
    """
    # The KvK number first, for every address: checked after the address, "this KvK number
    # already has an account" would only ever be said to addresses without one (enumeration).
    kvk_release_if_unverified(kvk=kvk)
    if Organisation.objects.filter(kvk=kvk).exists():
        raise KvkTaken(kvk)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        # Hash anyway: a new account costs one password hash, so must this path, or the
        # response time tells who is registered.
        make_password(password)
        security_event_record(event_type=E.REGISTRATION_EXISTING, request=request,
                              subject=existing)
        send_on_commit("account-exists", existing.email, {"user": existing})
        return None
    now = timezone.now()
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, job_title=job_title, phone=phone,
        terms_version=settings.TERMS_VERSION, terms_accepted_at=now,
    )
    organisation = Organisation(
        name=organisation_name, kvk=kvk, website=website,
        domain_reason=domain_reason.strip() if domain_mismatch else "",
        domain_approval="pending" if domain_mismatch else "not_needed",
    )
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(
        organisation=organisation, user=user, role=Membership.Role.ACCOUNTHOUDER
    )
    security_event_record(
        event_type=E.REGISTERED, request=request, actor=user, subject=user,
        organisation=organisation,
        details={"terms_version": settings.TERMS_VERSION, "domain_review": domain_mismatch},
    )
    verification_mail_send(user=user)
    return user


# -- invitations -------------------------------------------------------------------------------


def invitation_token_make(invitation: InvitationBase, *, salt: str = INVITATION_SALT) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=salt)


def invitation_token_read(token: str, queryset, *, salt: str):
    """The open invitation a signed link names, or None (tampered, expired, used, revoked).

    Each kind of invitation signs with its own salt: ids of different tables overlap, so a link
    to one kind must never open the other.
    """
    try:
        data = signing.loads(token, salt=salt, max_age=INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return None
    invitation = queryset.filter(pk=data.get("i")).first()
    if invitation is None or invitation.email != data.get("e") or not invitation.is_open:
        return None
    return invitation


def invitation_from_token(token: str) -> Invitation | None:
    return invitation_token_read(
        token, Invitation.objects.select_related("organisation"), salt=INVITATION_SALT
    )


def _require_accounthouder(user: User, organisation: Organisation) -> None:
    if not Membership.objects.filter(
        organisation=organisation, user=user, role=Membership.Role.ACCOUNTHOUDER
    ).exists():
        raise PermissionDenied("only the Accounthouder")


@transaction.atomic
def invitation_create(
    *, request: HttpRequest, actor: User, organisation: Organisation, email: str, role: str
) -> Invitation:
    _require_accounthouder(actor, organisation)
    if role not in Invitation.INVITABLE_ROLES:
        raise ValidationError("role")
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError("already a member", code="member")
    # A new invitation replaces any open one for the same address.
    organisation.invitations.filter(
        email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    security_event_record(event_type=E.MEMBER_INVITED, request=request, actor=actor,
                          organisation=organisation, details={"role": role,
                                                              "invitation": invitation.pk})
    path = reverse("organisations:invitation", args=[invitation_token_make(invitation)])
    send_on_commit("invitation", email, {"invitation": invitation, "organisation": organisation,
                                         "inviter": actor, "path": path})
    return invitation


@transaction.atomic
def invitation_revoke(*, request: HttpRequest, actor: User, invitation: Invitation) -> None:
    _require_accounthouder(actor, invitation.organisation)
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    security_event_record(event_type=E.INVITATION_REVOKED, request=request, actor=actor,
                          organisation=invitation.organisation,
                          details={"invitation": invitation.pk})


def invitation_claim(invitation: InvitationBase) -> bool:
    # Compare-and-set: a double click or two tabs accept once.
    return bool(
        type(invitation).objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(accepted_at=timezone.now())
    )


@transaction.atomic
def invitation_accept(*, request: HttpRequest, user: User, invitation: Invitation) -> bool:
    if user.email.lower() != invitation.email.lower() or not invitation_claim(invitation):
        return False
    Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    security_event_record(event_type=E.INVITATION_ACCEPTED, request=request, actor=user,
                          subject=user, organisation=invitation.organisation,
                          details={"role": invitation.role})
    return True


@transaction.atomic
def invited_account_register(
    *, request: HttpRequest, invitation: Invitation, full_name: str, job_title: str, phone: str,
    password: str,
) -> User | None:
    """An invited person creates an account; it joins the organisation, no new one is made.

    The invitation link reached this address, which proves the mailbox, so the address counts as
    verified. TOTP enrolment is still required at first login.
    """
    user = invited_user_create(invitation=invitation, full_name=full_name, job_title=job_title,
                               phone=phone, password=password)
    if user is None:
        return None
    Membership.objects.create(organisation=invitation.organisation, user=user,
                              role=invitation.role)
    security_event_record(event_type=E.REGISTERED, request=request, actor=user, subject=user,
                          organisation=invitation.organisation,
                          details={"terms_version": settings.TERMS_VERSION, "invited": True})
    security_event_record(event_type=E.INVITATION_ACCEPTED, request=request, actor=user,
                          subject=user, organisation=invitation.organisation,
                          details={"role": invitation.role})
    return user


def invited_user_create(
    *, invitation: InvitationBase, full_name: str, job_title: str, phone: str, password: str
) -> User | None:
    """The account of an invited person, created only by claiming the invitation (once).

    None when the address already has an account (that person logs in instead) or the
    invitation was used, revoked or expired in the meantime. The caller adds the membership and
    the security events inside its own transaction.
    """
    if User.objects.filter(email__iexact=invitation.email).exists():
        return None
    if not invitation_claim(invitation):
        return None
    now = timezone.now()
    return User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name, job_title=job_title,
        phone=phone, terms_version=settings.TERMS_VERSION, terms_accepted_at=now,
        email_verified_at=now,
    )


# -- members and the Accounthouder role ------------------------------------------------------


@transaction.atomic
def member_remove(*, request: HttpRequest, actor: User, membership: Membership) -> None:
    """The Accounthouder removes a Collega or revokes an Adviseur's access."""
    _require_accounthouder(actor, membership.organisation)
    if membership.role == Membership.Role.ACCOUNTHOUDER:
        raise PermissionDenied("the Accounthouder role is transferred, not removed")
    subject = membership.user
    membership.delete()
    security_event_record(event_type=E.MEMBER_REMOVED, request=request, actor=actor,
                          subject=subject, organisation=membership.organisation,
                          details={"role": membership.role})


@transaction.atomic
def role_transfer_request(
    *, request: HttpRequest, actor: User, organisation: Organisation, to_user: User
) -> RoleTransferRequest:
    _require_accounthouder(actor, organisation)
    if to_user == actor or not Membership.objects.filter(
        organisation=organisation, user=to_user, role=Membership.Role.COLLEGA
    ).exists():
        raise ValidationError("the new Accounthouder must be a Collega", code="not_collega")
    RoleTransferRequest.objects.filter(
        organisation=organisation, status=RoleTransferRequest.Status.PENDING
    ).update(status=RoleTransferRequest.Status.REJECTED, decided_at=timezone.now())
    transfer = RoleTransferRequest.objects.create(
        organisation=organisation, from_user=actor, to_user=to_user
    )
    security_event_record(event_type=E.ROLE_TRANSFER_REQUESTED, request=request, actor=actor,
                          subject=to_user, organisation=organisation)
    return transfer


@transaction.atomic
def role_transfer_decide(
    *, request: HttpRequest | None, actor: User, transfer: RoleTransferRequest, approve: bool
) -> bool:
    """PSO-Nederland approves or rejects; the swap is one compare-and-set transaction."""
    if not actor.is_staff:
        raise PermissionDenied("back office only")
    new_status = (RoleTransferRequest.Status.APPROVED if approve
                  else RoleTransferRequest.Status.REJECTED)
    claimed = RoleTransferRequest.objects.filter(
        pk=transfer.pk, status=RoleTransferRequest.Status.PENDING
    ).update(status=new_status, decided_at=timezone.now(), decided_by=actor)
    if not claimed:
        return False
    if approve:
        organisation = transfer.organisation
        old = Membership.objects.select_for_update().filter(
            organisation=organisation, role=Membership.Role.ACCOUNTHOUDER
        ).first()
        if old is not None:
            old.role = Membership.Role.COLLEGA
            old.save(update_fields=["role"])
        Membership.objects.update_or_create(
            organisation=organisation, user=transfer.to_user,
            defaults={"role": Membership.Role.ACCOUNTHOUDER},
        )
    security_event_record(
        event_type=E.ROLE_TRANSFER_APPROVED if approve else E.ROLE_TRANSFER_REJECTED,
        request=request, actor=actor, subject=transfer.to_user,
        organisation=transfer.organisation,
    )
    return True


@transaction.atomic
def domain_decide(
    *, request: HttpRequest | None, actor: User, organisation: Organisation, approve: bool
) -> None:
    if not actor.is_staff:
        raise PermissionDenied("back office only")
    Organisation.objects.filter(pk=organisation.pk).update(
        domain_approval="approved" if approve else "rejected", domain_decided_at=timezone.now()
    )
    security_event_record(event_type=E.DOMAIN_APPROVED, request=request, actor=actor,
                          organisation=organisation, details={"approved": approve})


# -- step 1: the organisation's details and scope ----------------------------------------------
# The scope is the Hoofdaanvrager plus its Onderliggende entiteiten (rule book §3); all data of a
# rekentool apply to the whole scope, so a KvK number may appear only once in it.

_DETAIL_FIELDS = ("sector", "website", "street", "postcode", "city", "fulltime_hours")


@transaction.atomic
def organisation_details_update(
    *,
    organisation: Organisation,
    user: User,
    sector: str,
    website: str,
    street: str,
    postcode: str,
    city: str,
    fulltime_hours: Decimal,
) -> Organisation:
    new = {"sector": sector, "website": website, "street": street, "postcode": postcode,
           "city": city, "fulltime_hours": fulltime_hours}
    changed = sorted(f for f in _DETAIL_FIELDS if getattr(organisation, f) != new[f])
    for field, value in new.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save(update_fields=list(_DETAIL_FIELDS))
    audit_record(actor=user, action="organisation_details_update",
                 organisation_id=organisation.pk, subject=organisation,
                 changes={"fields": changed})
    return organisation


@transaction.atomic
def entity_add(*, organisation: Organisation, user: User, name: str, kvk: str) -> Entity:
    # Lock the organisation row so two members adding the same KvK cannot both succeed.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if kvk == organisation.kvk or organisation.entities.filter(kvk=kvk).exists():
        raise ValidationError(
            {"kvk": _("Dit KvK-nummer hoort al bij de organisatie.")}, code="duplicate_kvk"
        )
    entity = Entity(organisation=organisation, name=name, kvk=kvk)
    entity.full_clean()
    entity.save()
    audit_record(actor=user, action="entity_add", organisation_id=organisation.pk,
                 subject=entity, changes={"kvk": kvk})
    return entity


@transaction.atomic
def entity_remove(*, entity: Entity, user: User) -> None:
    audit_record(actor=user, action="entity_remove", organisation_id=entity.organisation_id,
                 subject=entity, changes={"kvk": entity.kvk})
    entity.delete()


def memberships_erase_for(user: User) -> None:
    """Rule book §2: an erased account keeps no place in any organisation or institution."""
    Membership.objects.filter(user=user).delete()
    InstitutionMembership.objects.filter(user=user).delete()

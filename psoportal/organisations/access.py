"""One access helper per resource: foreign rows are 404, never 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import SecurityEvent, User
from psoportal.organisations.models import (
    CertifyingInstitution,
    InstitutionMembership,
    Membership,
    Organisation,
)

# Roles that may edit drafts of their organisation (rule book §1); advisers help fill them.
EDITING_ROLES = frozenset(
    {Membership.Role.ACCOUNTHOUDER, Membership.Role.COLLEGA, Membership.Role.ADVISEUR}
)

# Roles that buy for their organisation in its buyer workspace (issue 13): its Accounthouder and
# colleagues. Advisers help fill rekentools; they do not see the organisation's contracts.
BUYING_ROLES = frozenset({Membership.Role.ACCOUNTHOUDER, Membership.Role.COLLEGA})


def organisations_for_user(user: User):
    """Organisations whose drafts the user may see, in name order."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def get_organisation_for_user(user: User, organisation_id: int) -> tuple[Organisation, str]:
    """The organisation and the user's role in it; 404 for anyone who is not a member."""
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation_id=organisation_id)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        if user.is_authenticated:
            # Probing another tenant's ids is worth a line in the security log.
            security_event_record(
                event_type=SecurityEvent.Type.ACCESS_DENIED, actor=user, subject=user,
                details={"resource": "organisation", "id": organisation_id},
            )
        raise Http404("organisation")
    return membership.organisation, membership.role


# -- certifying institutions -------------------------------------------------------------------


def require_pso_staff(user: User) -> None:
    """PSO-Nederland's own pages: everyone else is told the page does not exist (404)."""
    if not (user.is_authenticated and user.is_staff):
        raise Http404("PSO-Nederland only")


def get_institution_for_staff(user: User, institution_id: int) -> CertifyingInstitution:
    require_pso_staff(user)
    institution = CertifyingInstitution.objects.filter(pk=institution_id).first()
    if institution is None:
        raise Http404("institution")
    return institution


def get_institution_for_beheerder(user: User, institution_id: int) -> CertifyingInstitution:
    """The CI whose team the user manages: 404 for outsiders (another CI included), 403 for an
    auditor of this CI (a member whose role does not allow it, docs/role-matrix.md)."""
    membership = (
        InstitutionMembership.objects.select_related("institution")
        .filter(user=user, institution_id=institution_id)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404("institution")
    if membership.role != InstitutionMembership.Role.BEHEERDER:
        raise PermissionDenied("CI-beheerder only")
    return membership.institution

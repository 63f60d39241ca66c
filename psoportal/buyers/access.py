"""One access helper per resource (buyer workspace): foreign rows are 404, never 403.

The workspace belongs to an organisation; its Accounthouder and colleagues work in it, as in
MijnPSO. Advisers help an organisation fill its rekentools, not buy for it: they do not see
its contracts (issue 13, decided where the issue is silent).
"""

from __future__ import annotations

from django.http import Http404

from psoportal.accounts.events import security_event_record
from psoportal.accounts.models import SecurityEvent, User
from psoportal.buyers.models import (
    Buyer,
    ContractAlert,
    LetterRecipient,
    PurchasingCategory,
    Supplier,
    SupplierAssessment,
)
from psoportal.organisations.access import BUYING_ROLES
from psoportal.organisations.models import Membership, Organisation

BUYER_ROLES = BUYING_ROLES


def _denied(user: User, resource: str, pk: int) -> Http404:
    if user.is_authenticated:
        # Probing another buyer's ids is worth a line in the security log.
        security_event_record(event_type=SecurityEvent.Type.ACCESS_DENIED, actor=user,
                              subject=user, details={"resource": resource, "id": pk})
    return Http404(resource)


def buyer_organisations_for_user(user: User):
    """Organisations the user may open a buyer workspace for (turned on or not)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (Organisation.objects
            .filter(memberships__user=user, memberships__role__in=BUYER_ROLES)
            .select_related("buyer").distinct().order_by("name"))


def get_organisation_for_buyer_user(user: User, organisation_id: int) -> tuple[Organisation, str]:
    """The organisation and the user's role, for turning the workspace on: 404 for others."""
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation_id=organisation_id, role__in=BUYER_ROLES).first()
        if user.is_authenticated else None
    )
    if membership is None:
        raise _denied(user, "buyer organisation", organisation_id)
    return membership.organisation, membership.role


def get_buyer_for_user(user: User, organisation_id: int) -> Buyer:
    """The buyer workspace of an organisation the user buys for: 404 for anyone else, and for
    an organisation that has not turned its workspace on."""
    organisation, _role = get_organisation_for_buyer_user(user, organisation_id)
    buyer = Buyer.objects.filter(organisation=organisation).select_related("organisation").first()
    if buyer is None:
        raise Http404("buyer")
    return buyer


def get_supplier_for_user(user: User, organisation_id: int, supplier_id: int) -> Supplier:
    """A supplier of the user's buyer workspace: 404 for a supplier of another buyer."""
    buyer = get_buyer_for_user(user, organisation_id)
    supplier = Supplier.objects.filter(buyer=buyer, pk=supplier_id).first()
    if supplier is None:
        raise _denied(user, "supplier", supplier_id)
    return supplier


def get_letter_recipient_for_user(user: User, organisation_id: int,
                                  recipient_id: int) -> LetterRecipient:
    organisation, _role = get_organisation_for_buyer_user(user, organisation_id)
    recipient = LetterRecipient.objects.filter(organisation=organisation,
                                               pk=recipient_id).first()
    if recipient is None:
        raise _denied(user, "letter recipient", recipient_id)
    return recipient


def get_category_for_user(user: User, organisation_id: int,
                          category_id: int) -> PurchasingCategory:
    """A purchasing category of the user's buyer workspace: 404 for another buyer's."""
    buyer = get_buyer_for_user(user, organisation_id)
    category = PurchasingCategory.objects.filter(buyer=buyer, pk=category_id).first()
    if category is None:
        raise _denied(user, "purchasing category", category_id)
    return category


def get_assessment_for_user(user: User, organisation_id: int,
                            assessment_id: int) -> SupplierAssessment:
    """A supplier assessment of the user's buyer workspace: 404 for another buyer's."""
    buyer = get_buyer_for_user(user, organisation_id)
    assessment = (SupplierAssessment.objects.filter(buyer=buyer, pk=assessment_id)
                  .select_related("buyer__organisation", "created_by").first())
    if assessment is None:
        raise _denied(user, "supplier assessment", assessment_id)
    return assessment


def get_contract_alert_for_user(user: User, organisation_id: int,
                                alert_id: int) -> ContractAlert:
    """An alert of the user's buyer workspace: 404 for an alert of another buyer."""
    buyer = get_buyer_for_user(user, organisation_id)
    alert = (ContractAlert.objects.filter(supplier__buyer=buyer, pk=alert_id)
             .select_related("supplier__buyer").first())
    if alert is None:
        raise _denied(user, "contract alert", alert_id)
    return alert

"""The one world the authorization matrix walks: every object a URL of the site can name,
built once per test module through the project's services (tests/certification/full_state.py
for the certification history, the buyers' and the news demo for the buyer workspace and the
news), so every cell of the matrix asks about a real object.

Voorbeeld B.V. is the applicant: Alice (Accounthouder), Bob (Collega), Adam (Adviseur) and, for
the two half-logged-in personas, Uma (Collega, e-mail address not confirmed) and Pim (Collega,
password given, no second factor yet). Its application `planned` is in audit at Keurmerk
Certificering (Audrey, auditor; Ben, CI-beheerder); Otto audits for Andere Certificering.
Charlie is the Accounthouder of Ander Bedrijf B.V.; Ingrid buys for Gemeente Voorbeeldstad
(suppliers, alerts, assessments, a letter recipient); Bo is PSO-Nederland.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image

from psoportal.accounts.models import User
from psoportal.accounts.tokens import verification_token_make
from psoportal.assessments.models import Purchase, Rekentool
from psoportal.billing.models import Invoice, Payment
from psoportal.billing.rules import application_settle
from psoportal.billing.services import discount_code_create
from psoportal.buyers import demo as buyers_demo
from psoportal.buyers.models import ContractAlert, LetterRecipient
from psoportal.certification.models import Certificate
from psoportal.handbooks.models import DraftMigration, HandbookVersion
from psoportal.methodology.dates import application_dates
from psoportal.methodology.handbook import parse_handbook_text
from psoportal.news import demo as news_demo
from psoportal.news.models import NewsItem, Subscriber
from psoportal.news.tokens import confirm_token_make, unsubscribe_token_make
from psoportal.organisations.institutions import institution_invitation_path
from psoportal.organisations.models import Entity, Membership, RoleTransferRequest
from psoportal.organisations.services import invitation_create, invitation_token_make
from psoportal.register.models import RegisterImport
from psoportal.schedule.models import ScheduledEffect
from tests.certification.full_state import FullState, build_full_state
from tests.factories import MembershipFactory, UserFactory
from tests.handbooks.conftest import SYNTHETIC, SYNTHETIC_PATH


@dataclass
class World:
    state: FullState
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _member(organisation, email: str, name: str, role: str, **fields) -> User:
    user = UserFactory(email=email, full_name=name, **fields)
    MembershipFactory(organisation=organisation, user=user, role=role)
    return user


def _handbook(bo: User) -> HandbookVersion:
    """The synthetic 2.3 uploaded, not published (as tests/handbooks/conftest.py makes it)."""
    handbook = parse_handbook_text(SYNTHETIC, source=SYNTHETIC_PATH.name)
    return HandbookVersion.objects.create(
        version=handbook.version, effective=handbook.effective, title=handbook.title_nl,
        text=SYNTHETIC, file_name=SYNTHETIC_PATH.name,
        sha256=hashlib.sha256(SYNTHETIC.encode()).hexdigest(), uploaded_by=bo)


def _with_image(item: NewsItem) -> NewsItem:
    picture = io.BytesIO()
    Image.new("RGB", (32, 32), "teal").save(picture, "PNG")
    item.image.save("foto.png", ContentFile(picture.getvalue()), save=False)
    item.image_alt = "Een effen vlak"
    item.save()
    return item


def build_world() -> World:
    state = build_full_state()
    organisation = state.organisation
    world = World(state=state)
    role = Membership.Role
    bob = _member(organisation, "bob@voorbeeld.example", "Bob Collega", role.COLLEGA)
    adam = _member(organisation, "adam@adviesbureau.example", "Adam Adviseur", role.ADVISEUR)
    uma = _member(organisation, "uma@voorbeeld.example", "Uma Onbevestigd", role.COLLEGA,
                  email_verified_at=None)
    pim = _member(organisation, "pim@voorbeeld.example", "Pim Halverwege", role.COLLEGA)

    # PSO-Nederland's back office works in the admin with every permission the admin classes
    # grant (their own has_*_permission still refuse what may never be done there).
    User.objects.filter(pk=state.bo.pk).update(is_superuser=True)
    state.bo.refresh_from_db()

    buyers_demo.seed()
    buyer = buyers_demo.demo_buyer()
    ingrid = buyer.organisation.memberships.get(role=role.ACCOUNTHOUDER).user
    news_demo.news_demo_seed()

    world.users = {
        "anonymous": None, "unverified": uma, "password_only": pim, "applicant": state.alice,
        "colleague": bob, "adviser": adam, "other_organisation": state.charlie,
        "buyer": ingrid, "other_ci": state.otto, "ci_auditor": state.audrey, "pso": state.bo,
    }

    awarded = state.apps["awarded"]
    first_invoice_day = application_dates(timezone.localdate(awarded.submitted_at)).first_invoice
    application_settle(awarded, first_invoice_day)
    invoice = Invoice.objects.filter(organisation=organisation).order_by("pk").first()
    payment = Payment.objects.create(
        amount=Decimal("12.34"), booked_on=timezone.localdate(), remittance="zonder nummer",
        source=Payment.Source.MANUAL, status=Payment.Status.UNMATCHED,
        reason=Payment.Reason.NO_NUMBER)
    discount = discount_code_create(
        code="WELKOM10", description="Welkomstkorting", percent=Decimal("10"),
        fixed_amount=None, applies_to="first_year", valid_from=timezone.localdate(),
        valid_until=None, max_uses=None, user=state.bo)

    invitation = invitation_create(request=None, actor=state.alice, organisation=organisation,
                                   email="nieuw@voorbeeld.example", role=role.COLLEGA)
    ci_invitation = state.institution.invitations.get()
    subscriber = Subscriber.objects.create(email="lezer@nieuws.example",
                                           confirmed_at=timezone.now())
    handbook = _handbook(state.bo)
    migration = DraftMigration.objects.create(
        version=handbook, rekentool=state.fresh, old_version="2.2", new_version=handbook.version)
    # A row for each back-office model the rest of the world leaves empty, so its admin pages
    # are asked about a real object (the task results stay empty: tasks run immediately here).
    Group.objects.create(name="Backoffice")
    RoleTransferRequest.objects.create(organisation=organisation, from_user=state.alice,
                                       to_user=bob)
    ScheduledEffect.objects.create(job="invoices_issue_due", key="2026-12-01")
    tool: Rekentool = state.fresh
    certificate = state.certificate("awarded", Certificate.Kind.LEVEL)
    world.objects = {
        "organisation": organisation, "institution": state.institution,
        "application": state.apps["planned"], "rekentool": tool,
        "employee": tool.employees.order_by("pk").first(),
        "purchase": Purchase.objects.create(
            rekentool=tool, supplier="Groen Leverancier B.V.", kvk="55555555",
            kind=Purchase.Kind.SW_COMPANY, amount=Decimal("10000"),
            supplier_turnover=Decimal("2000000"), supplier_weighted_fte=Decimal("12")),
        "entity": Entity.objects.create(organisation=organisation, name="Voorbeeld Zuid B.V.",
                                        kvk="12345679"),
        "bob_membership": bob.memberships.get(),
        "audrey_membership": state.audrey.institution_memberships.get(),
        "invitation": invitation,
        "invitation_token": invitation_token_make(invitation),
        "ci_invitation": ci_invitation,
        "ci_invitation_token": institution_invitation_path(ci_invitation).rstrip("/")
        .rsplit("/", 1)[-1],
        "verify_token": verification_token_make(uma),
        "reset_uid": urlsafe_base64_encode(force_bytes(state.alice.pk)),
        "certificate": certificate,
        "invoice": invoice, "payment": payment, "discount": discount,
        "register_import": RegisterImport.objects.create(
            file_name="register.csv", kind=RegisterImport.Kind.CSV, sha256="0" * 64,
            plan_digest="0" * 64, created_by=state.bo),
        "handbook": handbook, "migration": migration,
        "news": _with_image(NewsItem.objects.order_by("pk").first()),
        "subscriber_confirm": confirm_token_make(subscriber),
        "subscriber_unsubscribe": unsubscribe_token_make(subscriber),
        "buyer": buyer, "buyer_organisation": buyer.organisation,
        "supplier": buyer.suppliers.order_by("pk").first(),
        "alert": ContractAlert.objects.create(
            supplier=buyer.suppliers.order_by("pk").first(),
            kind=ContractAlert.Kind.BELOW_REQUIRED, offset_days=0,
            event_on=timezone.localdate()),
        "category": buyer.categories.order_by("pk").first(),
        "assessment": buyer.assessments.order_by("pk").first(),
        "recipient": LetterRecipient.objects.create(
            organisation=buyer.organisation, name="Groen Leverancier B.V.", kvk="55555555",
            sent_on=timezone.localdate()),
    }
    return world

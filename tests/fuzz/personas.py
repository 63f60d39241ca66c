"""The people who use the site, on the demo data of `seed_demo` (psoportal/demo): a logged-in
test client for each, and the pages each starts from.

Every role the rule book knows is here: the applicant (Accounthouder) at several points of the
journey (a rekentool in progress, an application in audit, a certificate, an open invoice), a
colleague and an adviser of the same organisation, a CI auditor, PSO-Nederland's back office, a
buyer, and the visitor who is not logged in, who has only a password so far, or who has not yet
confirmed an e-mail address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from psoportal.accounts.models import User
from psoportal.demo.seeding import seed_everything
from psoportal.organisations.demo import DEMO_APPLICANT_KVK
from psoportal.organisations.models import InstitutionMembership, Membership, Organisation
from tests.conftest import full_login, give_sudo
from tests.factories import UserFactory

# The auditor of the institution that has an application in audit and an open quote request.
AUDITOR = "sam@sociaal-audit.demo"
# PSO-Nederland's desks, each a page of its own in the back office.
STAFF_START = ["/mijnpso/pso-nederland/", "/mijnpso/pso-nederland/facturen/",
               "/mijnpso/pso-nederland/betalingen/", "/mijnpso/pso-nederland/kortingscodes/",
               "/mijnpso/pso-nederland/handboeken/", "/mijnpso/pso-nederland/nieuws/",
               "/mijnpso/pso-nederland/registerimport/", "/mijnpso/pso-nederland/kostenposten/",
               "/mijnpso/pso-nederland/instellingen/"]
COMMON_START = ["/", "/mijnpso/", "/organisatie/", "/account/beveiliging/", "/nieuws/",
                "/register/", "/register/controleren/"]


# The public pages are the same for everyone: the visitors who are not logged in crawl them,
# the others skip them (they hold no form of a logged-in user; the language switch and the
# newsletter sign-up are on every page and found anyway).
PUBLIC_PAGES = ("core:", "news:", "register:", "verify_certificate", "certification:agreement")


@dataclass
class Persona:
    name: str
    client: Client
    start: list[str]
    skip: tuple[str, ...] = PUBLIC_PAGES


def _logged_in(email: str) -> Client:

    return full_login(Client(), User.objects.get(email=email))


def build_personas() -> list[Persona]:
    """Seed the demo data and log everyone in (password and a verified second factor)."""
    seed_everything()
    voorbeeld = Organisation.objects.get(kvk=DEMO_APPLICANT_KVK)
    adviser = UserFactory(email="adam@adviesbureau.example", full_name="Adam Adviseur")
    Membership.objects.create(organisation=voorbeeld, user=adviser,
                              role=Membership.Role.ADVISEUR)

    manager = UserFactory(email="carla@sociaal-audit.example", full_name="Carla CI-beheerder")
    InstitutionMembership.objects.create(
        institution=InstitutionMembership.objects.get(user__email=AUDITOR).institution,
        user=manager, role=InstitutionMembership.Role.BEHEERDER)

    password_only = Client()
    newcomer = UserFactory(email="nina@nieuw.example", full_name="Nina Nieuw")
    from psoportal.accounts import auth_state

    password_only.force_login(newcomer)
    session = password_only.session
    auth_state.mark_authenticated(session, verified=False)
    session.save()

    unconfirmed = UserFactory(email="otto@onbevestigd.example", full_name="Otto Onbevestigd",
                              email_verified_at=None)

    return [
        Persona("anonymous with links from e-mails", Client(), _links_from_mail(voorbeeld),
                skip=()),
        Persona("between password and code", _password_given(), ["/account/inloggen/code/",
                                                                 "/account/inloggen/herstelcode/"]),
        Persona("anonymous", Client(), ["/", "/account/inloggen/", "/account/wachtwoord-vergeten/",
                                        "/organisatie/registreren/", "/nieuws/aanmelden/",
                                        *COMMON_START], skip=()),
        Persona("password only", password_only, ["/account/tweestapsverificatie/"]),
        Persona("e-mail not confirmed", full_login(Client(), unconfirmed),
                ["/account/controleer-uw-email/", *COMMON_START]),
        # Just re-entered password and code (sudo mode): the password and recovery-code pages.
        Persona("applicant", give_sudo(_logged_in("alice@voorbeeld-schoonmaak.demo")),
                ["/account/wachtwoord-wijzigen/", "/account/herstelcodes/", *COMMON_START]),
        Persona("colleague", _logged_in("bob@voorbeeld-schoonmaak.demo"), COMMON_START),
        Persona("adviser", full_login(Client(), adviser), COMMON_START),
        Persona("applicant in audit", _logged_in("bart@debrug.demo"), COMMON_START),
        Persona("certified applicant", _logged_in("gerrit@groen-schoon.demo"), COMMON_START),
        Persona("applicant with an open invoice", _logged_in("zoe@zorgenco.demo"), COMMON_START),
        Persona("CI auditor", _logged_in(AUDITOR),
                ["/mijnpso/instelling/", open_quote_request_page(), *COMMON_START]),
        Persona("CI manager", full_login(Client(), manager),
                ["/mijnpso/instelling/", *COMMON_START]),
        Persona("PSO-Nederland", _logged_in("bo@pso-nederland.demo"),
                [*STAFF_START, *COMMON_START]),
        Persona("buyer", _logged_in("ingrid@voorbeeldstad.demo"), ["/inkoop/", *COMMON_START]),
    ]


def open_quote_request_page() -> str:
    """The auditor's open quote request (its workspace lists answered ones first)."""
    from psoportal.certification.models import QuoteRequest

    request = QuoteRequest.objects.filter(
        state=QuoteRequest.State.OPEN, institution__memberships__user__email=AUDITOR).first()
    return f"/mijnpso/instelling/offerteaanvraag/{request.pk}/"


def _password_given() -> Client:
    from psoportal.accounts.demo import DEMO_PASSWORD

    client = Client()
    response = client.post("/account/inloggen/", {"email": "alice@voorbeeld-schoonmaak.demo",
                                                  "password": DEMO_PASSWORD})
    assert response.status_code == 302, "the demo password no longer logs in"
    return client


def _links_from_mail(voorbeeld: Organisation) -> list[str]:
    """The signed links the site sends by e-mail: confirm an address, reset a password, accept
    an invitation (of an organisation and of an institution), confirm and end a newsletter
    subscription. Made with the site's own token functions, as its mails do."""
    import datetime as dt

    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from psoportal.accounts.tokens import verification_token_make
    from psoportal.news.models import Subscriber
    from psoportal.news.tokens import confirm_token_make, unsubscribe_token_make
    from psoportal.organisations.institutions import institution_invitation_path
    from psoportal.organisations.models import (
        CertifyingInstitution,
        InstitutionInvitation,
        InstitutionMembership,
        Invitation,
    )
    from psoportal.organisations.services import invitation_token_make

    unconfirmed = UserFactory(email="uma@onbevestigd.example", email_verified_at=None)
    alice = User.objects.get(email="alice@voorbeeld-schoonmaak.demo")
    forgetful = UserFactory(email="vera@vergeetachtig.example")
    later = timezone.now() + dt.timedelta(days=7)
    invitation = Invitation.objects.create(organisation=voorbeeld, email="ivo@voorbeeld.example",
                                           role=Membership.Role.COLLEGA, invited_by=alice,
                                           expires_at=later)
    institution_invitation = InstitutionInvitation.objects.create(
        institution=CertifyingInstitution.objects.first(), email="iris@cert.example",
        role=InstitutionMembership.Role.AUDITOR, expires_at=later)
    pending = Subscriber.objects.create(email="lezer@nieuws.example")
    return [
        reverse("accounts:verify_email", args=[verification_token_make(unconfirmed)]),
        # Someone who does not log in later: a login voids a reset link.
        reverse("accounts:password_reset_confirm", args=[
            urlsafe_base64_encode(force_bytes(forgetful.pk)),
            default_token_generator.make_token(forgetful)]),
        reverse("organisations:invitation", args=[invitation_token_make(invitation)]),
        institution_invitation_path(institution_invitation),
        reverse("news:confirm", args=[confirm_token_make(pending)]),
        reverse("news:unsubscribe", args=[unsubscribe_token_make(pending)]),
    ]

"""Certifying institutions: PSO-Nederland's list and each institution's team.

Two desks manage a team with the same views: PSO-Nederland (staff, every institution, every role)
under mijnpso/pso-nederland/instellingen/, and a CI-beheerder (own institution, auditors only)
under mijnpso/instelling/team/. The access helper of each desk decides who gets a page (404 for
outsiders); the services decide what may be written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.accounts import auth_state
from psoportal.accounts.decorators import second_factor_exempt
from psoportal.accounts.forms import InvitedRegistrationForm
from psoportal.accounts.models import User
from psoportal.accounts.ratelimit import ip_of, rate_limit_check, rate_limited_response
from psoportal.organisations import institutions as services
from psoportal.organisations.access import (
    get_institution_for_beheerder,
    get_institution_for_staff,
    require_pso_staff,
)
from psoportal.organisations.forms import InstitutionForm, InstitutionInvitationForm
from psoportal.organisations.models import CertifyingInstitution


@dataclass(frozen=True)
class _Desk:
    """Where an institution's team is managed from: its access helper, page and URL names."""

    get_institution: Callable[[User, int], CertifyingInstitution]
    page: str
    template: str
    prefix: str  # of the URL names of the invite, revoke and remove actions

    def url_name(self, action: str) -> str:
        return f"{self.prefix}{action}"


STAFF = _Desk(get_institution_for_staff, "organisations:institution_detail",
              "organisations/institutions/detail.html", "organisations:institution_")
TEAM = _Desk(get_institution_for_beheerder, "organisations:institution_team",
             "organisations/institutions/team.html", "organisations:institution_team_")


# -- PSO-Nederland: the list -----------------------------------------------------------------------


@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    require_pso_staff(request.user)
    now = timezone.now()
    institutions = CertifyingInstitution.objects.annotate(
        member_count=Count("memberships", distinct=True),
        open_invitations=Count("invitations", distinct=True, filter=Q(
            invitations__accepted_at__isnull=True, invitations__revoked_at__isnull=True,
            invitations__expires_at__gt=now,
        )),
    ).order_by("-is_active", "name")
    return render(request, "organisations/institutions/list.html",
                  {"institutions": institutions})


def _form_page(request, form, institution=None) -> HttpResponse:
    return render(request, "organisations/institutions/form.html",
                  {"form": form, "institution": institution},
                  status=400 if form.is_bound and form.errors else 200)


def _saved_or_errors(request, form, write) -> HttpResponse | None:
    """Run the service; its field errors (a duplicate name or KvK number) go on the form."""
    try:
        institution = write(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(request, _("De gegevens van %(name)s zijn opgeslagen.")
                     % {"name": institution.name})
    return redirect(STAFF.page, institution_id=institution.pk)


@require_http_methods(["GET", "POST"])
def institution_new(request: HttpRequest) -> HttpResponse:
    require_pso_staff(request.user)
    form = InstitutionForm(request.POST or None)
    if form.is_valid():
        done = _saved_or_errors(request, form, lambda data: services.institution_create(
            actor=request.user, data=data))
        if done is not None:
            return done
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, institution_id: int) -> HttpResponse:
    institution = get_institution_for_staff(request.user, institution_id)
    initial = {f: getattr(institution, f) for f in services.INSTITUTION_FIELDS}
    form = InstitutionForm(request.POST or None, initial=initial)
    if form.is_valid():
        done = _saved_or_errors(request, form, lambda data: services.institution_update(
            actor=request.user, institution=institution, data=data))
        if done is not None:
            return done
        # The failed save changed the instance in memory only; show the stored name.
        institution.refresh_from_db()
    return _form_page(request, form, institution)


@require_POST
def institution_active(request: HttpRequest, institution_id: int) -> HttpResponse:
    institution = get_institution_for_staff(request.user, institution_id)
    active = request.POST.get("active") == "1"
    services.institution_active_set(actor=request.user, institution=institution, active=active)
    if active:
        messages.success(request, _("%(name)s is actief: de instelling kan weer offertes "
                                    "ontvangen.") % {"name": institution.name})
    else:
        messages.success(request, _("%(name)s is niet meer actief: aanvragers kunnen de "
                                    "instelling niet meer om een offerte vragen.")
                         % {"name": institution.name})
    return redirect(STAFF.page, institution_id=institution.pk)


# -- an institution's team: PSO-Nederland's page and the CI-beheerder's own ------------------------


def _team_context(request, desk: _Desk, institution, form=None) -> dict:
    roles = services.invitable_roles(request.user)
    return {
        "institution": institution,
        "invite_url": reverse(desk.url_name("invite"), args=[institution.pk]),
        "revoke_url_name": desk.url_name("invitation_revoke"),
        "remove_url_name": desk.url_name("member_remove"),
        "members": institution.memberships.select_related("user").order_by("role",
                                                                           "user__email"),
        "invitations": [i for i in institution.invitations.all() if i.is_open],
        "manageable_roles": roles,
        "form": form or InstitutionInvitationForm(roles=roles),
    }


def _team_page(request, desk: _Desk, institution_id: int) -> HttpResponse:
    institution = desk.get_institution(request.user, institution_id)
    return render(request, desk.template, _team_context(request, desk, institution))


def _invite(request, desk: _Desk, institution_id: int) -> HttpResponse:
    institution = desk.get_institution(request.user, institution_id)
    back = reverse(desk.page, args=[institution.pk])
    verdict = rate_limit_check(request, [("invite-user", str(request.user.pk)),
                                         ("invite-ip", ip_of(request))])
    if not verdict:
        return rate_limited_response(request, verdict, back_url=back)
    form = InstitutionInvitationForm(request.POST, roles=services.invitable_roles(request.user))
    if form.is_valid():
        try:
            services.institution_invitation_create(
                request=request, actor=request.user, institution=institution,
                **form.cleaned_data)
        except ValidationError:
            form.add_error("email", _("Deze persoon werkt al voor deze instelling."))
        else:
            messages.success(request, _("De uitnodiging is verstuurd."))
            return redirect(back)
    return render(request, desk.template, _team_context(request, desk, institution, form),
                  status=400)


def _invitation_revoke(request, desk: _Desk, institution_id: int, invitation_id: int):
    institution = desk.get_institution(request.user, institution_id)
    invitation = institution.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("invitation")
    services.institution_invitation_revoke(request=request, actor=request.user,
                                           invitation=invitation)
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect(desk.page, institution_id=institution.pk)


def _member_remove(request, desk: _Desk, institution_id: int, membership_id: int):
    institution = desk.get_institution(request.user, institution_id)
    membership = institution.memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404("membership")
    services.institution_member_remove(request=request, actor=request.user,
                                       membership=membership)
    messages.success(request, _("De toegang is ingetrokken."))
    return redirect(desk.page, institution_id=institution.pk)


@require_GET
def institution_detail(request: HttpRequest, institution_id: int) -> HttpResponse:
    return _team_page(request, STAFF, institution_id)


@require_POST
def institution_invite(request: HttpRequest, institution_id: int) -> HttpResponse:
    return _invite(request, STAFF, institution_id)


@require_POST
def institution_invitation_revoke(request, institution_id: int, invitation_id: int):
    return _invitation_revoke(request, STAFF, institution_id, invitation_id)


@require_POST
def institution_member_remove(request, institution_id: int, membership_id: int):
    return _member_remove(request, STAFF, institution_id, membership_id)


@require_GET
def team(request: HttpRequest, institution_id: int) -> HttpResponse:
    return _team_page(request, TEAM, institution_id)


@require_POST
def team_invite(request: HttpRequest, institution_id: int) -> HttpResponse:
    return _invite(request, TEAM, institution_id)


@require_POST
def team_invitation_revoke(request, institution_id: int, invitation_id: int):
    return _invitation_revoke(request, TEAM, institution_id, invitation_id)


@require_POST
def team_member_remove(request, institution_id: int, membership_id: int):
    return _member_remove(request, TEAM, institution_id, membership_id)


# -- accepting an invitation -----------------------------------------------------------------------


def _invalid(request) -> HttpResponse:
    return render(request, "organisations/invitation_invalid.html",
                  {"for_institution": True}, status=400)


def _accept_with_account(request, invitation) -> HttpResponse:
    """A logged-in user past the second factor accepts (POST) or is shown the button (GET)."""
    if request.method == "POST":
        if services.institution_invitation_accept(request=request, user=request.user,
                                                  invitation=invitation):
            messages.success(request, _("U heeft nu toegang tot %(name)s.")
                             % {"name": invitation.institution.name})
            return redirect("certification:institution")
        return _invalid(request)
    return render(request, "organisations/invitation_accept.html",
                  {"invitation": invitation, "matches": request.user.email == invitation.email})


def _register(request, invitation) -> HttpResponse:
    form = InvitedRegistrationForm(request.POST or None, email=invitation.email,
                                   organisation_name=invitation.institution.name)
    if request.method == "POST":
        verdict = rate_limit_check(request, [("register-ip", ip_of(request))])
        if not verdict:
            return rate_limited_response(request, verdict, back_url=request.path)
        if form.is_valid():
            data = form.cleaned_data
            created = services.institution_invited_account_register(
                request=request, invitation=invitation, full_name=data["full_name"],
                job_title=data["job_title"], phone=data["phone"], password=data["password"],
            )
            if created is None:
                return _invalid(request)
            messages.success(request, _(
                "Uw account is aangemaakt. Log in om tweestapsverificatie in te stellen."
            ))
            return redirect("accounts:login")
    return render(request, "organisations/invitation_register.html",
                  {"invitation": invitation, "form": form})


@login_not_required
@second_factor_exempt
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def institution_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: the same steps as an organisation's invitation.

    Accepting with an account needs a session past the second factor; a new account is
    created verified (the link proves the mailbox) and must set up its authenticator at the
    first login before it reaches any page, the institution's workspace included.
    """
    invitation = services.institution_invitation_from_token(token)
    if invitation is None:
        return _invalid(request)
    if request.user.is_authenticated and auth_state.is_verified(request.session):
        return _accept_with_account(request, invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        login_url = f"{reverse('accounts:login')}?next={request.path}"
        return render(request, "organisations/invitation_login.html",
                      {"invitation": invitation, "login_url": login_url})
    return _register(request, invitation)

"""Mijn organisatie: members, invitations, the Accounthouder role."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from psoportal.accounts import auth_state
from psoportal.accounts.decorators import second_factor_exempt
from psoportal.accounts.forms import InvitedRegistrationForm
from psoportal.accounts.ratelimit import ip_of, rate_limit_check, rate_limited_response
from psoportal.organisations import services
from psoportal.organisations.access import get_organisation_for_user, organisations_for_user
from psoportal.organisations.forms import InvitationForm
from psoportal.organisations.models import Membership


@require_GET
def my_organisations(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_for_user(request.user))
    if len(organisations) == 1:
        return redirect("organisations:detail", organisation_id=organisations[0].pk)
    return render(request, "organisations/list.html", {"organisations": organisations})


def _detail_context(request, organisation, role, form=None):
    is_owner = role == Membership.Role.ACCOUNTHOUDER
    return {
        "organisation": organisation,
        "role": role,
        "is_owner": is_owner,
        "members": organisation.memberships.select_related("user").order_by("role", "user__email"),
        "invitations": [i for i in organisation.invitations.all() if i.is_open] if is_owner else [],
        "transfer": organisation.role_transfers.filter(status="pending").first(),
        "form": form or InvitationForm(),
    }


@require_GET
def detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, role = get_organisation_for_user(request.user, organisation_id)
    return render(request, "organisations/detail.html",
                  _detail_context(request, organisation, role))


@require_POST
def invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, role = get_organisation_for_user(request.user, organisation_id)
    if role != Membership.Role.ACCOUNTHOUDER:
        raise PermissionDenied
    form = InvitationForm(request.POST)
    verdict = rate_limit_check(request, [("invite-user", str(request.user.pk)),
                                         ("invite-ip", ip_of(request))])
    if not verdict:
        return rate_limited_response(
            request, verdict, back_url=reverse("organisations:detail", args=[organisation.pk])
        )
    if form.is_valid():
        try:
            services.invitation_create(request=request, actor=request.user,
                                       organisation=organisation, **form.cleaned_data)
        except ValidationError:
            form.add_error("email", _("Deze persoon is al lid van uw organisatie."))
        else:
            messages.success(request, _("De uitnodiging is verstuurd."))
            return redirect("organisations:detail", organisation_id=organisation.pk)
    return render(request, "organisations/detail.html",
                  _detail_context(request, organisation, role, form), status=400)


@require_POST
def invitation_revoke(request: HttpRequest, organisation_id: int, invitation_id: int):
    organisation, _role = get_organisation_for_user(request.user, organisation_id)
    invitation = organisation.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    services.invitation_revoke(request=request, actor=request.user, invitation=invitation)
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("organisations:detail", organisation_id=organisation.pk)


@require_POST
def member_remove(request: HttpRequest, organisation_id: int, membership_id: int):
    organisation, _role = get_organisation_for_user(request.user, organisation_id)
    membership = organisation.memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    services.member_remove(request=request, actor=request.user, membership=membership)
    messages.success(request, _("De toegang is ingetrokken."))
    return redirect("organisations:detail", organisation_id=organisation.pk)


@require_POST
def transfer_request(request: HttpRequest, organisation_id: int, membership_id: int):
    organisation, _role = get_organisation_for_user(request.user, organisation_id)
    membership = organisation.memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    if not auth_state.has_sudo(request.session):
        # A role change needs sudo mode; come back to the organisation page afterwards.
        detail_url = reverse("organisations:detail", args=[organisation.pk])
        return redirect(f"{reverse('accounts:sudo')}?{urlencode({'next': detail_url})}")
    try:
        services.role_transfer_request(request=request, actor=request.user,
                                       organisation=organisation, to_user=membership.user)
    except ValidationError:
        messages.error(request, _("Alleen een Collega kan Accounthouder worden."))
    else:
        messages.success(request, _(
            "De overdracht is aangevraagd. PSO-Nederland beoordeelt de aanvraag."
        ))
    return redirect("organisations:detail", organisation_id=organisation.pk)


@login_not_required
@second_factor_exempt
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: register (no new organisation) or accept with an existing account."""
    invite_ = services.invitation_from_token(token)
    if invite_ is None:
        return render(request, "organisations/invitation_invalid.html", status=400)
    from psoportal.accounts.models import User

    user = request.user
    if user.is_authenticated and auth_state.is_verified(request.session):
        if request.method == "POST":
            if services.invitation_accept(request=request, user=user, invitation=invite_):
                messages.success(request, _("U heeft nu toegang tot %(name)s.")
                                 % {"name": invite_.organisation.name})
                return redirect("organisations:detail", organisation_id=invite_.organisation_id)
            return render(request, "organisations/invitation_invalid.html", status=400)
        return render(request, "organisations/invitation_accept.html",
                      {"invitation": invite_, "matches": user.email == invite_.email})
    if User.objects.filter(email__iexact=invite_.email).exists():
        login_url = f"{reverse('accounts:login')}?next={request.path}"
        return render(request, "organisations/invitation_login.html",
                      {"invitation": invite_, "login_url": login_url})
    form = InvitedRegistrationForm(request.POST or None, email=invite_.email,
                                   organisation_name=invite_.organisation.name)
    if request.method == "POST":
        verdict = rate_limit_check(request, [("register-ip", ip_of(request))])
        if not verdict:
            return rate_limited_response(request, verdict, back_url=request.path)
        if form.is_valid():
            data = form.cleaned_data
            created = services.invited_account_register(
                request=request, invitation=invite_, full_name=data["full_name"],
                job_title=data["job_title"], phone=data["phone"], password=data["password"],
            )
            if created is not None:
                messages.success(request, _(
                    "Uw account is aangemaakt. Log in om tweestapsverificatie in te stellen."
                ))
                return redirect("accounts:login")
            return render(request, "organisations/invitation_invalid.html", status=400)
    return render(request, "organisations/invitation_register.html",
                  {"invitation": invite_, "form": form})

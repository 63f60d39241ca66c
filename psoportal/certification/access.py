"""Access to applications: each party sees its own; everyone else gets 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from psoportal.accounts.models import User
from psoportal.certification.models import Application, Certificate, Quote, QuoteRequest
from psoportal.certification.transitions import Party
from psoportal.organisations.access import EDITING_ROLES


def get_application_for_user(user: User, application_id: int) -> tuple[Application, str]:
    """The application and the party the user acts for: the applicant (a member of the
    organisation), the certifying institution of its accepted quote, or PSO-Nederland (staff)."""
    if not user.is_authenticated:
        raise Http404("application")
    applicant = Q(organisation__memberships__user=user,
                  organisation__memberships__role__in=EDITING_ROLES)
    institution = Q(accepted_quote__request__institution__memberships__user=user)
    # PSO-Nederland's staff see every application (their back office).
    visible = Q() if user.is_staff else applicant | institution
    application = (
        Application.objects.select_related("organisation", "accepted_quote__request__institution")
        .filter(visible, pk=application_id)
        .distinct()
        .first()
    )
    if application is None:
        raise Http404("application")
    if application.organisation.memberships.filter(user=user, role__in=EDITING_ROLES).exists():
        return application, Party.APPLICANT
    if user.is_staff:
        return application, Party.PSO_NEDERLAND
    return application, Party.INSTITUTION


def get_quote_request_for_institution_user(user: User, request_id: int) -> QuoteRequest:
    """A quote request sent to an institution the user works for; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404("quote request")
    found = (
        QuoteRequest.objects.select_related("institution", "organisation")
        .filter(pk=request_id, institution__memberships__user=user)
        .first()
    )
    if found is None:
        raise Http404("quote request")
    return found


def get_quote_for_user(user: User, quote_id: int) -> Quote:
    """A quote for the applicant who asked for it (editing members of the organisation), the
    institution that gave it, or PSO-Nederland's staff; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404("quote")
    applicant = Q(request__organisation__memberships__user=user,
                  request__organisation__memberships__role__in=EDITING_ROLES)
    institution = Q(request__institution__memberships__user=user)
    visible = Q() if user.is_staff else applicant | institution
    found = Quote.objects.filter(visible, pk=quote_id).distinct().first()
    if found is None:
        raise Http404("quote")
    return found


def get_certificate_for_user(user: User, certificate_id: int) -> Certificate:
    """A certificate for the parties of its application: the applicant's members, the
    certifying institution of its accepted quote, PSO-Nederland's staff; 404 for anyone else.
    The public sees a certificate only through its verification code."""
    if not user.is_authenticated:
        raise Http404("certificate")
    applicant = Q(application__organisation__memberships__user=user,
                  application__organisation__memberships__role__in=EDITING_ROLES)
    institution = Q(application__accepted_quote__request__institution__memberships__user=user)
    visible = Q() if user.is_staff else applicant | institution
    found = Certificate.objects.filter(visible, pk=certificate_id).distinct().first()
    if found is None:
        raise Http404("certificate")
    return found

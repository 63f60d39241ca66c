"""Registering an organisation: the form and the page that create an organisation together with
its Accounthouder. It lives here, not in accounts, because accounts never knows organisations.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from psoportal.accounts.domains import is_freemail, matches_website
from psoportal.accounts.forms import PersonFields, password_field, validate_new_password
from psoportal.accounts.models import User
from psoportal.accounts.ratelimit import ip_of, rate_limit_check, rate_limited_response
from psoportal.methodology.limits import NAME_MAX_LENGTH
from psoportal.organisations.kvk import kvk_lookup
from psoportal.organisations.models import kvk_validator
from psoportal.organisations.services import KvkTaken, account_register


class RegistrationForm(PersonFields):
    organisation_name = forms.CharField(
        label=gettext_lazy("Naam organisatie"), max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kvk = forms.CharField(
        label=gettext_lazy("KvK-nummer Hoofdaanvrager"), max_length=8, min_length=8,
        validators=[kvk_validator], help_text=gettext_lazy("8 cijfers"),
    )
    website = forms.URLField(label=gettext_lazy("Website"), max_length=200,
                             assume_scheme="https",
                             widget=forms.URLInput(attrs={"autocomplete": "url"}))
    email = forms.EmailField(
        label=gettext_lazy("Zakelijk e-mailadres"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("Dit adres kan later niet meer worden gewijzigd."),
    )
    domain_reason = forms.CharField(
        label=gettext_lazy("Toelichting e-mailadres"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Alleen nodig als uw e-mailadres niet bij het domein van de website hoort. "
            "PSO-Nederland beoordeelt de toelichting voordat u een definitieve aanvraag indient."
        ),
    )
    password = password_field(gettext_lazy("Wachtwoord"))
    accept_terms = forms.BooleanField(
        label=gettext_lazy("Ik ga akkoord met de gebruiksvoorwaarden")
    )

    field_order = ["organisation_name", "kvk", "website", "full_name", "job_title", "phone",
                   "email", "domain_reason", "password", "accept_terms"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if is_freemail(email):
            raise forms.ValidationError(
                gettext_lazy(
                    "Gebruik een zakelijk e-mailadres van uw organisatie. Adressen van gratis "
                    "e-maildiensten of internetproviders (zoals Gmail, Hotmail of Ziggo) worden "
                    "niet geaccepteerd."
                ),
                code="freemail",
            )
        return email

    def clean_kvk(self) -> str:
        kvk = self.cleaned_data["kvk"].strip()
        if kvk_lookup(kvk) is None:
            raise forms.ValidationError(
                gettext_lazy("Dit KvK-nummer is niet gevonden in het Handelsregister."),
                code="kvk_unknown",
            )
        return kvk

    def clean(self):
        data = super().clean()
        email, website = data.get("email"), data.get("website")
        self.domain_mismatch = bool(email and website and not matches_website(email, website))
        if self.domain_mismatch and not (data.get("domain_reason") or "").strip():
            self.add_error(
                "domain_reason",
                gettext_lazy(
                    "Uw e-mailadres hoort niet bij het domein van de website. Licht toe waarom "
                    "u dit adres gebruikt."
                ),
            )
        probe = User(email=email or "", full_name=data.get("full_name") or "")
        probe.password_context = [data.get("organisation_name") or ""]
        validate_new_password(self, "password", probe)
        return data


@login_not_required
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        verdict = rate_limit_check(request, [("register-ip", ip_of(request))])
        if not verdict:
            return rate_limited_response(request, verdict, back_url=request.path)
        if form.is_valid():
            data = form.cleaned_data
            try:
                account_register(
                    request=request,
                    organisation_name=data["organisation_name"], kvk=data["kvk"],
                    website=data["website"], full_name=data["full_name"],
                    job_title=data["job_title"], phone=data["phone"], email=data["email"],
                    password=data["password"], domain_mismatch=form.domain_mismatch,
                    domain_reason=data["domain_reason"],
                )
            except KvkTaken:
                form.add_error("kvk", _(
                    "Voor dit KvK-nummer bestaat al een MijnPSO-account. Vraag de Accounthouder "
                    "van uw organisatie om een uitnodiging."
                ))
            else:
                return redirect("accounts:check_email")
    return render(request, "organisations/register.html", {"form": form})

"""Account forms: input validation only, explicit fields, no e-mail changes anywhere."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.domains import is_freemail, matches_website
from psoportal.accounts.models import User
from psoportal.accounts.passwords import MAX_PASSWORD_LENGTH
from psoportal.organisations.kvk import kvk_lookup
from psoportal.organisations.models import kvk_validator

phone_validator = RegexValidator(r"^\+?[0-9 ()\-]{8,20}$", _("Vul een geldig telefoonnummer in."))
totp_validator = RegexValidator(r"^\d{6}$", _("Vul de 6 cijfers uit uw authenticator-app in."))
recovery_validator = RegexValidator(
    r"^[0-9a-fA-F\- ]{20,40}$", _("Vul een herstelcode in zoals u die heeft bewaard.")
)


def password_field(label) -> forms.CharField:
    # Not stripped or case-folded; long passphrases welcome.
    return forms.CharField(
        label=label, strip=False, max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimaal 12 tekens. Een zin van een paar woorden werkt goed."),
    )


def _validate_new_password(form: forms.Form, field: str, user: User) -> None:
    password = form.cleaned_data.get(field)
    if not password:
        return
    try:
        validate_password(password, user=user)
    except forms.ValidationError as exc:
        form.add_error(field, exc)


class _PersonFields(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=150)
    job_title = forms.CharField(label=_("Functie"), max_length=150)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=30, validators=[phone_validator])


class RegistrationForm(_PersonFields):
    organisation_name = forms.CharField(label=_("Naam organisatie"), max_length=200)
    kvk = forms.CharField(
        label=_("KvK-nummer Hoofdaanvrager"), max_length=8, min_length=8,
        validators=[kvk_validator], help_text=_("8 cijfers"),
    )
    website = forms.URLField(label=_("Website"), max_length=200, assume_scheme="https")
    email = forms.EmailField(
        label=_("Zakelijk e-mailadres"), max_length=254,
        help_text=_("Dit adres kan later niet meer worden gewijzigd."),
    )
    domain_reason = forms.CharField(
        label=_("Toelichting e-mailadres"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Alleen nodig als uw e-mailadres niet bij het domein van de website hoort. "
            "PSO-Nederland beoordeelt de toelichting voordat u een definitieve aanvraag indient."
        ),
    )
    password = password_field(_("Wachtwoord"))
    accept_terms = forms.BooleanField(label=_("Ik ga akkoord met de gebruiksvoorwaarden"))

    field_order = ["organisation_name", "kvk", "website", "full_name", "job_title", "phone",
                   "email", "domain_reason", "password", "accept_terms"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if is_freemail(email):
            raise forms.ValidationError(
                _(
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
                _("Dit KvK-nummer is niet gevonden in het Handelsregister."), code="kvk_unknown"
            )
        return kvk

    def clean(self):
        data = super().clean()
        email, website = data.get("email"), data.get("website")
        self.domain_mismatch = bool(email and website and not matches_website(email, website))
        if self.domain_mismatch and not (data.get("domain_reason") or "").strip():
            self.add_error(
                "domain_reason",
                _(
                    "Uw e-mailadres hoort niet bij het domein van de website. Licht toe waarom "
                    "u dit adres gebruikt."
                ),
            )
        probe = User(email=email or "", full_name=data.get("full_name") or "")
        probe.password_context = [data.get("organisation_name") or ""]
        _validate_new_password(self, "password", probe)
        return data


class InvitedRegistrationForm(_PersonFields):
    password = password_field(_("Wachtwoord"))
    accept_terms = forms.BooleanField(label=_("Ik ga akkoord met de gebruiksvoorwaarden"))

    def __init__(self, *args, email: str, organisation_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.organisation_name = organisation_name

    def clean(self):
        data = super().clean()
        probe = User(email=self.email, full_name=data.get("full_name") or "")
        probe.password_context = [self.organisation_name]
        _validate_new_password(self, "password", probe)
        return data


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpForm(forms.Form):
    code = forms.CharField(
        label=_("Verificatiecode"), max_length=6, validators=[totp_validator],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9]{6}"}),
    )


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(label=_("Herstelcode"), max_length=40, validators=[recovery_validator],
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)


class SudoForm(forms.Form):
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = TotpForm.base_fields["code"]


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        label=_("Huidig wachtwoord"), strip=False, max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = password_field(_("Nieuw wachtwoord"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Het huidige wachtwoord klopt niet."), code="wrong")
        return password

    def clean(self):
        data = super().clean()
        _validate_new_password(self, "new_password", self.user)
        return data


class SetPasswordForm(forms.Form):
    new_password = password_field(_("Nieuw wachtwoord"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        _validate_new_password(self, "new_password", self.user)
        return data

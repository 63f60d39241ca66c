"""Account forms: input validation only, explicit fields, no e-mail changes anywhere."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.models import User
from psoportal.accounts.passwords import MAX_PASSWORD_LENGTH
from psoportal.core.lib.forms import Form

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


def validate_new_password(form: forms.Form, field: str, user: User) -> None:
    password = form.cleaned_data.get(field)
    if not password:
        return
    try:
        validate_password(password, user=user)
    except forms.ValidationError as exc:
        form.add_error(field, exc)


class PersonFields(Form):
    # WCAG 1.3.5: fields about the user name their purpose, so browsers can fill them in.
    full_name = forms.CharField(label=_("Naam"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    job_title = forms.CharField(
        label=_("Functie"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=30, validators=[phone_validator],
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))


class InvitedRegistrationForm(PersonFields):
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
        validate_new_password(self, "password", probe)
        return data


class LoginForm(Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class LoginWithCodeForm(LoginForm):
    """The login while an account sees many failed attempts: both factors in one step."""

    code = forms.CharField(
        label=_("Code uit uw authenticator-app"), max_length=6, validators=[totp_validator],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TotpForm(Form):
    code = forms.CharField(
        label=_("Verificatiecode"), max_length=6, validators=[totp_validator],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9]{6}"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The only field of the page: start there (sudo reuses the field without this).
        self.fields["code"].widget.attrs["autofocus"] = True


class RecoveryCodeForm(Form):
    code = forms.CharField(label=_("Herstelcode"), max_length=40, validators=[recovery_validator],
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


class EmailForm(Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class SudoForm(Form):
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = TotpForm.base_fields["code"]


class PasswordChangeForm(Form):
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
        validate_new_password(self, "new_password", self.user)
        return data


class SetPasswordForm(Form):
    new_password = password_field(_("Nieuw wachtwoord"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        validate_new_password(self, "new_password", self.user)
        return data

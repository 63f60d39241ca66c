from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.domains import is_freemail
from psoportal.accounts.forms import phone_validator
from psoportal.core.lib.forms import Form
from psoportal.organisations.models import (
    CertifyingInstitution,
    InstitutionMembership,
    Membership,
    kvk_validator,
)


class InvitationForm(Form):
    # The address of someone else: the browser must not offer the user's own.
    email = forms.EmailField(label=_("E-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[
            (Membership.Role.COLLEGA, _("Collega")),
            (Membership.Role.ADVISEUR, _("Adviseur")),
        ],
    )

    def clean_email(self) -> str:
        return _business_email(self.cleaned_data["email"])


class TransferForm(Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# -- certifying institutions (PSO-Nederland's management pages) ------------------------------------


def _from_model(name: str, **kwargs) -> forms.Field:
    """The form field of a CertifyingInstitution column: its length and validators come from
    the model, so the form never accepts what the column cannot hold."""
    return CertifyingInstitution._meta.get_field(name).formfield(**kwargs)


class InstitutionForm(Form):
    name = _from_model("name", label=_("Naam"),
                       widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    kvk = _from_model("kvk", label=_("KvK-nummer"), min_length=8, validators=[kvk_validator],
                      help_text=_("8 cijfers"))
    city = _from_model("city", label=_("Plaats"))
    website = _from_model("website", label=_("Website"), assume_scheme="https")
    accreditation = _from_model(
        "accreditation", label=_("Accreditatie"), required=True,
        help_text=_("Accrediterende instantie en nummer, bijvoorbeeld RvA C 123."),
    )
    accreditation_valid_until = _from_model(
        "accreditation_valid_until", label=_("Accreditatie geldig tot"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        help_text=_("Laat leeg als de accreditatie geen einddatum heeft."),
    )
    contact_name = _from_model("contact_name", label=_("Contactpersoon"), required=True)
    # The contact's address and number: no autocomplete, the browser would offer the user's own.
    contact_email = _from_model("contact_email", label=_("E-mailadres contactpersoon"),
                                required=True,
                                widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    contact_phone = _from_model("contact_phone", label=_("Telefoonnummer contactpersoon"),
                                validators=[phone_validator],
                                widget=forms.TextInput(attrs={"type": "tel",
                                                              "autocomplete": "off"}))

    def clean_kvk(self) -> str:
        return self.cleaned_data["kvk"].strip()

    def clean_contact_email(self) -> str:
        return self.cleaned_data["contact_email"].strip().lower()


def _business_email(email: str) -> str:
    email = email.strip().lower()
    if is_freemail(email):
        raise forms.ValidationError(
            _("Nodig iemand uit op een zakelijk e-mailadres, niet op een gratis e-maildienst."),
            code="freemail",
        )
    return email


class InstitutionInvitationForm(Form):
    """Invite a CI user; ``roles`` narrows the choice (a CI-beheerder invites auditors only)."""

    email = forms.EmailField(label=_("E-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Rol"), choices=InstitutionMembership.Role.choices)

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = [
                (value, label) for value, label in InstitutionMembership.Role.choices
                if value in roles
            ]

    def clean_email(self) -> str:
        return _business_email(self.cleaned_data["email"])

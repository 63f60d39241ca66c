from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from psoportal.accounts.domains import is_freemail
from psoportal.core.lib.forms import Form
from psoportal.organisations.models import Membership


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
        email = self.cleaned_data["email"].strip().lower()
        if is_freemail(email):
            raise forms.ValidationError(
                _("Nodig iemand uit op een zakelijk e-mailadres, niet op een gratis e-maildienst."),
                code="freemail",
            )
        return email


class TransferForm(Form):
    membership = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

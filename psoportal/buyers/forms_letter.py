"""Forms of the letter part: the sender's own details for the letter, and a recipient."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from psoportal.buyers.letter import Signature
from psoportal.core.lib.forms import Form
from psoportal.methodology.limits import NAME_MAX_LENGTH
from psoportal.organisations.models import kvk_validator
from psoportal.register.forms import DATE_INPUT_FORMATS, DateInput

# The sender's own opening: a few sentences, not a second letter.
OPENING_MAX_LENGTH = 1500
SIGNER_MAX_LENGTH = 100
PLACE_MAX_LENGTH = 100
# A letter or a recipient's date before this is a typo.
DATE_EARLIEST = dt.date(2000, 1, 1)
KVK_INPUT_MAX_LENGTH = 20


def _date_field(label_text, help_text) -> forms.DateField:
    return forms.DateField(
        label=label_text, input_formats=DATE_INPUT_FORMATS, widget=DateInput(),
        help_text=help_text, error_messages={
            "invalid": _("Vul een datum in als dd-mm-jjjj."),
            "required": _("Vul een datum in."),
        })


class LetterForm(Form):
    signer_name = forms.CharField(
        label=_("Naam ondertekenaar"), required=False, max_length=SIGNER_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}))
    signer_function = forms.CharField(
        label=_("Functie ondertekenaar"), required=False, max_length=SIGNER_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))
    place = forms.CharField(label=_("Plaats"), required=False, max_length=PLACE_MAX_LENGTH)
    date = _date_field(_("Datum van de brief"), _("Leeg laten is vandaag."))
    opening = forms.CharField(
        label=_("Persoonlijke inleiding (optioneel)"), required=False,
        max_length=OPENING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Maak de inleiding korter: hoogstens %(limit_value)d "
                                        "tekens (nu %(show_value)d).")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].required = False
        self.fields["opening"].help_text = gettext(
            "Komt direct na de aanhef. Hoogstens %(max)s tekens.") % {"max": OPENING_MAX_LENGTH}

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"] or timezone.localdate()
        if day < DATE_EARLIEST or day.year > timezone.localdate().year + 1:
            raise ValidationError(_("Kies een datum rond vandaag."), code="out_of_range")
        return day

    def signature(self) -> Signature:
        data = self.cleaned_data
        return Signature(name=data["signer_name"], function=data["signer_function"],
                         place=data["place"], date=data["date"], opening=data["opening"])


class RecipientForm(Form):
    name = forms.CharField(label=_("Naam leverancier"), max_length=NAME_MAX_LENGTH,
                           error_messages={"required": _("Vul de naam van de leverancier in.")})
    kvk = forms.CharField(
        label=_("KvK-nummer"), max_length=KVK_INPUT_MAX_LENGTH, help_text=_("8 cijfers"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Vul het KvK-nummer van de leverancier in.")})
    sent_on = _date_field(_("Verstuurd op"), _("De dag waarop u de brief verstuurde."))

    def clean_kvk(self) -> str:
        kvk = re.sub(r"[\s.]", "", self.cleaned_data["kvk"])
        kvk_validator(kvk)
        return kvk

    def clean_sent_on(self) -> dt.date:
        day = self.cleaned_data["sent_on"]
        if day > timezone.localdate():
            raise ValidationError(
                _("De datum van verzending ligt in de toekomst. Vul de dag in waarop u de "
                  "brief verstuurde."), code="future")
        if day < DATE_EARLIEST:
            raise ValidationError(_("Kies een datum na 01-01-2000."), code="out_of_range")
        return day

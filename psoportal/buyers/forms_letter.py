"""Forms of the letter part: the sender's own details for the letter, and a recipient."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext
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


# A pasted list: bounded by lines and characters, and the messages it gives are capped.
LIST_MAX_LINES = 200
LIST_MAX_LENGTH = LIST_MAX_LINES * (KVK_INPUT_MAX_LENGTH + NAME_MAX_LENGTH + 2)
LIST_MAX_ERRORS = 10
_SEPARATOR = re.compile(r"\t|;")


class RecipientListForm(Form):
    """Several recipients at once, pasted from a spreadsheet: "KvK-nummer;naam" per line
    (a tab, as a spreadsheet copies, works too), all sent on one day."""

    lines = forms.CharField(
        label=_("Leveranciers, één per regel"), max_length=LIST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Plak minstens één regel met KvK-nummer;naam.")})
    list_sent_on = _date_field(_("Verstuurd op"), _("De dag waarop u de brief verstuurde."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines"].help_text = gettext(
            "Per regel het KvK-nummer en de naam, gescheiden door een puntkomma of een tab "
            "(zoals u ze uit een spreadsheet kopieert). Hoogstens %(max)s regels."
        ) % {"max": LIST_MAX_LINES}

    def clean_list_sent_on(self) -> dt.date:
        day = self.cleaned_data["list_sent_on"]
        if day > timezone.localdate():
            raise ValidationError(
                _("De datum van verzending ligt in de toekomst. Vul de dag in waarop u de "
                  "brief verstuurde."), code="future")
        if day < DATE_EARLIEST:
            raise ValidationError(_("Kies een datum na 01-01-2000."), code="out_of_range")
        return day

    def clean_lines(self) -> list[tuple[str, str]]:
        raw = [line for line in self.cleaned_data["lines"].splitlines() if line.strip()]
        if len(raw) > LIST_MAX_LINES:
            raise ValidationError(
                _("U plakte %(count)s regels; het kan met hoogstens %(max)s tegelijk."),
                params={"count": len(raw), "max": LIST_MAX_LINES}, code="too_many")
        rows, errors, seen = [], [], set()
        for number, line in enumerate(raw, start=1):
            parts = [part.strip() for part in _SEPARATOR.split(line, maxsplit=1)]
            kvk = re.sub(r"[\s.]", "", parts[0])
            name = parts[1] if len(parts) == 2 else ""
            if not re.fullmatch(r"\d{8}", kvk):
                errors.append(_("Regel %(line)s: het KvK-nummer moet 8 cijfers zijn.")
                              % {"line": number})
            elif not name or len(name) > NAME_MAX_LENGTH:
                errors.append(_("Regel %(line)s: zet na het KvK-nummer een puntkomma en de "
                                "naam (hoogstens %(max)s tekens).")
                              % {"line": number, "max": NAME_MAX_LENGTH})
            elif kvk in seen:
                errors.append(_("Regel %(line)s: KvK-nummer %(kvk)s staat al in de lijst.")
                              % {"line": number, "kvk": kvk})
            else:
                seen.add(kvk)
                rows.append((kvk, name))
        if errors:
            more = len(errors) - LIST_MAX_ERRORS
            shown = errors[:LIST_MAX_ERRORS]
            if more > 0:
                shown.append(ngettext("En nog %(count)s regel met een fout.",
                                      "En nog %(count)s regels met een fout.", more)
                             % {"count": more})
            raise ValidationError(shown, code="lines")
        return rows

"""Forms of the public register pages. They validate input only (views.py reads).

Field names are the public pages' query parameters (``/register/?plaats=Utrecht&trede=…``):
buyers bookmark and share these addresses, so they are Dutch like the paths.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.core.lib.forms import Form
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.limits import NAME_MAX_LENGTH
from psoportal.organisations.models import kvk_validator
from psoportal.register.selectors import DEFAULT_SORT, RegisterQuery, register_institutions
from psoportal.register.status import register_handbook

# A date search reaches back to the old register and ahead to certificates not yet started;
# outside these the question is a typo (and far dates would overflow the date arithmetic).
DATE_EARLIEST = dt.date(2000, 1, 1)
DATE_LATEST = dt.date(2099, 12, 31)
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]
# Longer than any KvK number with spaces or dots typed in it; the validator decides.
KVK_INPUT_MAX_LENGTH = 20
# The certificate table's column (imported numbers of the old register included).
NUMBER_MAX_LENGTH = 30
NUMBER_RE = re.compile(r"^[A-Z0-9][A-Z0-9./ -]*$")

# What the visitor picks → the selectors' sort key.
SORTS: dict[str, str] = {
    "naam": "name", "-naam": "-name",
    "plaats": "place", "-plaats": "-place",
    "trede": "level", "-trede": "-level",
    "ingang": "start", "-ingang": "-start",
    "einde": "end", "-einde": "-end",
    "nummer": "number", "-nummer": "-number",
}
SORT_CHOICES = [
    ("naam", _("Naam (A–Z)")),
    ("-naam", _("Naam (Z–A)")),
    ("plaats", _("Plaats (A–Z)")),
    ("-plaats", _("Plaats (Z–A)")),
    ("trede", _("Trede (laag naar hoog)")),
    ("-trede", _("Trede (hoog naar laag)")),
    ("ingang", _("Ingangsdatum (oudste eerst)")),
    ("-ingang", _("Ingangsdatum (nieuwste eerst)")),
    ("einde", _("Einddatum (eerst aflopend)")),
    ("-einde", _("Einddatum (laatst aflopend)")),
    ("nummer", _("Certificaatnummer (oplopend)")),
    ("-nummer", _("Certificaatnummer (aflopend)")),
]
PSO30PLUS_CHOICES = [
    ("", _("Alle certificaten")),
    ("ja", _("Alleen PSO 30+")),
    ("nee", _("Alleen tredecertificaten")),
]


class DateInput(forms.DateInput):
    """The browser's date picker. It takes and sends 2025-08-15 and shows the date in the
    visitor's own style; a date typed as 15-08-2025 (a shared link, a browser without a picker)
    is handed back in the picker's form, so the field is not blank after the search."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            for pattern in DATE_INPUT_FORMATS:
                try:
                    return dt.datetime.strptime(value.strip(), pattern).date().isoformat()
                except ValueError:
                    continue
            return value
        return super().format_value(value)


def _kvk(value: str) -> str:
    """A KvK number as typed ("1234 5678", "12.34.56.78") → its 8 digits, or an error."""
    kvk = re.sub(r"[\s.]", "", value)
    if kvk:
        kvk_validator(kvk)
    return kvk


def _kvk_field(label_text) -> forms.CharField:
    return forms.CharField(
        label=label_text, required=False, max_length=KVK_INPUT_MAX_LENGTH,
        help_text=_("8 cijfers"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RegisterSearchForm(Form):
    """The register's search. Every field may stay empty: then it does not filter, and the
    date is today."""

    naam = forms.CharField(label=_("Naam organisatie"), required=False,
                           max_length=NAME_MAX_LENGTH)
    plaats = forms.CharField(label=_("Plaats"), required=False, max_length=100)
    kvk = _kvk_field(_("KvK-nummer"))
    trede = forms.ChoiceField(
        label=_("Trede (minimaal)"), required=False,
        error_messages={"invalid_choice": _("Kies een trede uit de lijst.")},
    )
    pso30plus = forms.ChoiceField(
        label=_("PSO 30+"), required=False, choices=PSO30PLUS_CHOICES,
        error_messages={"invalid_choice": _("Kies een van de mogelijkheden uit de lijst.")},
    )
    instelling = forms.ChoiceField(
        label=_("Certificerende instelling"), required=False,
        error_messages={"invalid_choice": _("Kies een instelling uit de lijst.")},
    )
    datum = forms.DateField(
        label=_("Geldig op"), required=False, input_formats=DATE_INPUT_FORMATS,
        help_text=_("Leeg laten is vandaag."),
        widget=DateInput(),
        error_messages={"invalid": _("Vul een datum in als dd-mm-jjjj.")},
    )
    sortering = forms.ChoiceField(
        label=_("Sorteren op"), required=False, choices=SORT_CHOICES,
        error_messages={"invalid_choice": _("Kies een sortering uit de lijst.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The ladder of the handbook in force on the day asked about (today until a valid
        # date is given), labelled in the visitor's language.
        handbook = register_handbook(self._day_asked())
        self.fields["trede"].choices = [("", _("Alle treden"))] + [
            (level.code, label(level)) for level in handbook.levels
        ]
        self.fields["instelling"].choices = [("", _("Alle instellingen"))] + [
            (name, name) for name in register_institutions()
        ]

    def _day_asked(self) -> dt.date:
        raw = self.data.get(self.add_prefix("datum"), "") if self.is_bound else ""
        try:
            day = self.fields["datum"].clean(raw)
        except ValidationError:
            day = None
        return day if day and DATE_EARLIEST <= day <= DATE_LATEST else timezone.localdate()

    def clean_kvk(self) -> str:
        return _kvk(self.cleaned_data["kvk"])

    def clean_datum(self) -> dt.date:
        day = self.cleaned_data["datum"] or timezone.localdate()
        if not DATE_EARLIEST <= day <= DATE_LATEST:
            raise ValidationError(
                _("Kies een datum tussen %(earliest)s en %(latest)s."),
                params={"earliest": f"{DATE_EARLIEST:%d-%m-%Y}",
                        "latest": f"{DATE_LATEST:%d-%m-%Y}"},
                code="out_of_range",
            )
        return day

    def query(self) -> RegisterQuery:
        """The search asked for (the form must be valid)."""
        data = self.cleaned_data
        pso30plus = {"ja": True, "nee": False}.get(data["pso30plus"])
        return RegisterQuery(
            on=data["datum"], name=data["naam"].strip(), place=data["plaats"].strip(),
            kvk=data["kvk"], min_level=data["trede"], pso30plus=pso30plus,
            institution=data["instelling"],
            sort=SORTS.get(data["sortering"] or "", DEFAULT_SORT),
        )


class CertificateCheckForm(Form):
    """Verify a certificate by its number or every certificate of a KvK number."""

    nummer = forms.CharField(
        label=_("Certificaatnummer"), required=False, max_length=NUMBER_MAX_LENGTH,
        help_text=_("Zoals op het certificaat, bijvoorbeeld PSO-2025-000123"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kvk = _kvk_field(_("KvK-nummer"))

    def clean_nummer(self) -> str:
        number = " ".join(self.cleaned_data["nummer"].split()).upper()
        if number and not NUMBER_RE.match(number):
            raise ValidationError(
                _("Een certificaatnummer bestaat uit letters, cijfers en streepjes, "
                  "bijvoorbeeld PSO-2025-000123."),
                code="number_format",
            )
        return number

    def clean_kvk(self) -> str:
        return _kvk(self.cleaned_data["kvk"])

    def clean(self):
        data = super().clean()
        number, kvk = data.get("nummer"), data.get("kvk")
        if self.errors:
            return data
        if not number and not kvk:
            self.add_error("nummer", _("Vul een certificaatnummer of een KvK-nummer in."))
        elif number and kvk:
            self.add_error("kvk", _("Vul een certificaatnummer óf een KvK-nummer in, niet "
                                    "allebei: maak een van de twee velden leeg."))
        return data

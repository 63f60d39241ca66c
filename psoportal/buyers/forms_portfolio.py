"""Forms of the supplier portfolio: the table's filters, one supplier, the upload.

The filter fields are the page's query parameters (``?status=niveau1-zonder-certificaat``): a
buyer bookmarks a filtered table, so they are Dutch like the paths. Text and number limits
come from the model's columns, so whatever passes a form can be stored.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.forms import NumberField
from psoportal.buyers.models import Buyer, Niveau, PurchasingCategory, Supplier
from psoportal.buyers.portfolio import niveau_label, required_level_label
from psoportal.buyers.portfolio_import import MAX_BYTES, MAX_ROWS
from psoportal.core.lib.forms import Form
from psoportal.core.lib.numbers import as_count
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.limits import NumberLimit
from psoportal.organisations.models import kvk_validator
from psoportal.register.status import register_handbook

# Contract dates a person means; outside these the date is a typo (and far dates would
# overflow the watch's date arithmetic).
DATE_EARLIEST = dt.date(1990, 1, 1)
DATE_LATEST = dt.date(2199, 12, 31)
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]
# Longer than a KvK number with spaces or dots typed in it; the validator decides.
KVK_INPUT_MAX_LENGTH = 20
SEARCH_MAX_LENGTH = 100


def _field(name: str):
    return Supplier._meta.get_field(name)


def model_limit(name: str) -> NumberLimit:
    """The number limit of a decimal column of Supplier (one source of truth: the model)."""
    field = _field(name)
    return NumberLimit(max_digits=field.max_digits, places=field.decimal_places)


def normalise_kvk(value: str) -> str:
    """A KvK number as typed ("1234 5678", "12.34.56.78") → its digits."""
    return re.sub(r"[\s.]", "", value or "")


# -- the table's filters ---------------------------------------------------------------------

STATUS_NIVEAU1 = "niveau1-zonder-certificaat"
STATUS_EXPIRES = "verloopt-voor-contracteinde"
STATUS_BELOW = "lager-dan-vereist"
STATUS_CHOICES = [
    ("", _("Alle leveranciers")),
    (STATUS_NIVEAU1, _("Niveau 1 zonder geldig certificaat")),
    (STATUS_EXPIRES, _("Certificaat verloopt vóór het contracteinde")),
    (STATUS_BELOW, _("Lager dan de vereiste trede")),
]

# What the buyer picks → (the row's sort key, descending?).
SORT_CHOICES = [
    ("naam", _("Naam (A–Z)")),
    ("-naam", _("Naam (Z–A)")),
    ("kvk", _("KvK-nummer")),
    ("categorie", _("Inkoopcategorie")),
    ("niveau", _("Niveau (1 eerst)")),
    ("status", _("Status")),
    ("trede", _("Trede (laag naar hoog)")),
    ("-trede", _("Trede (hoog naar laag)")),
    ("einde", _("Certificaat geldig tot (eerst aflopend)")),
    ("contracteinde", _("Contracteinde (eerst aflopend)")),
]


class PortfolioFilterForm(Form):
    """The table's filters. Every field may stay empty: then it does not filter."""

    zoek = forms.CharField(label=_("Zoek op naam of KvK-nummer"), required=False,
                           max_length=SEARCH_MAX_LENGTH)
    categorie = forms.TypedChoiceField(
        label=_("Inkoopcategorie"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Kies een inkoopcategorie uit de lijst.")})
    niveau = forms.TypedChoiceField(
        label=_("Niveau"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Kies een niveau uit de lijst.")})
    status = forms.ChoiceField(
        label=_("Selectie"), required=False, choices=STATUS_CHOICES,
        error_messages={"invalid_choice": _("Kies een van de mogelijkheden uit de lijst.")})
    sortering = forms.ChoiceField(
        label=_("Sorteren op"), required=False, choices=SORT_CHOICES,
        error_messages={"invalid_choice": _("Kies een sortering uit de lijst.")})

    def __init__(self, *args, buyer: Buyer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [("", _("Alle inkoopcategorieën"))] + [
            (category.pk, category.name) for category in buyer.categories.all()]
        self.fields["niveau"].choices = [("", _("Alle niveaus"))] + [
            (value, niveau_label(value)) for value in Niveau.values]


# -- one supplier ----------------------------------------------------------------------------


def _date(label_text) -> forms.DateField:
    return forms.DateField(
        label=label_text, required=False, input_formats=DATE_INPUT_FORMATS,
        help_text=_("dd-mm-jjjj"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld "
                                     "31-12-2027.")},
    )


class SupplierForm(Form):
    """A supplier and the buyer's contract with it."""

    kvk = forms.CharField(
        label=_("KvK-nummer"), max_length=KVK_INPUT_MAX_LENGTH, help_text=_("8 cijfers"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    name = forms.CharField(label=_("Naam"), max_length=_field("name").max_length)
    category = forms.TypedChoiceField(
        label=_("Inkoopcategorie"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Kies een inkoopcategorie uit de lijst.")})
    reference = forms.CharField(label=_("Contractkenmerk"), required=False,
                                max_length=_field("reference").max_length)
    contract_start = _date(_("Contract vanaf"))
    contract_end = _date(_("Contract tot en met"))
    required_level = forms.ChoiceField(
        label=_("Vereiste trede"), required=False,
        help_text=_("De trede die u in het contract van deze leverancier vraagt."),
        error_messages={"invalid_choice": _("Kies een trede uit de lijst.")})
    contract_value = NumberField(
        label=_("Opdrachtwaarde (€)"), required=False, limit=model_limit("contract_value"),
        money=True, help_text=_("Bijvoorbeeld 125.000,00"))
    social_return_percentage = NumberField(
        label=_("Eigen social-returnverplichting (%)"), required=False,
        limit=model_limit("social_return_percentage"), maximum=Decimal(100),
        help_text=_("Leeg: het gebruikelijke percentage van uw organisatie."))

    def __init__(self, *args, buyer: Buyer, instance: Supplier | None = None,
                 **kwargs) -> None:
        self.buyer = buyer
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kvk": instance.kvk, "name": instance.name,
                "category": instance.category_id, "reference": instance.reference,
                "contract_start": instance.contract_start,
                "contract_end": instance.contract_end,
                "required_level": instance.required_level,
                "contract_value": instance.contract_value,
                "social_return_percentage": instance.social_return_percentage,
            }
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Geen inkoopcategorie"))] + [
            (category.pk, category.name)
            for category in PurchasingCategory.objects.filter(buyer=buyer)]
        handbook = register_handbook(timezone.localdate())
        levels = [(level.code, label(level)) for level in handbook.levels]
        kept = instance.required_level if instance is not None else ""
        if kept and kept not in dict(levels):
            # A level of an older ladder stays choosable until the buyer changes it.
            levels.append((kept, required_level_label(handbook, kept)))
        self.fields["required_level"].choices = [("", _("Geen vereiste trede")), *levels]

    def clean_kvk(self) -> str:
        kvk = normalise_kvk(self.cleaned_data["kvk"])
        kvk_validator(kvk)
        others = Supplier.objects.filter(buyer=self.buyer, kvk=kvk)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("KvK-nummer %(kvk)s staat al in uw leveranciers; pas die leverancier aan."),
                params={"kvk": kvk}, code="duplicate")
        return kvk

    def clean_category(self) -> PurchasingCategory | None:
        pk = self.cleaned_data["category"]
        if pk is None:
            return None
        return PurchasingCategory.objects.get(buyer=self.buyer, pk=pk)

    def _clean_day(self, name: str) -> dt.date | None:
        day = self.cleaned_data[name]
        if day is not None and not DATE_EARLIEST <= day <= DATE_LATEST:
            raise ValidationError(
                _("Kies een datum tussen %(earliest)s en %(latest)s."),
                params={"earliest": f"{DATE_EARLIEST:%d-%m-%Y}",
                        "latest": f"{DATE_LATEST:%d-%m-%Y}"}, code="out_of_range")
        return day

    def clean_contract_start(self) -> dt.date | None:
        return self._clean_day("contract_start")

    def clean_contract_end(self) -> dt.date | None:
        return self._clean_day("contract_end")

    def clean(self):
        data = super().clean()
        start, end = data.get("contract_start"), data.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", ValidationError(
                _("Het contracteinde (%(end)s) ligt vóór het begin (%(start)s)."),
                params={"end": f"{end:%d-%m-%Y}", "start": f"{start:%d-%m-%Y}"},
                code="end_before_start"))
        return data


# -- the upload ------------------------------------------------------------------------------


class SupplierUploadForm(forms.Form):
    file = forms.FileField(label=_("Leveranciersbestand (.xlsx of .csv)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Hoogstens %(rows)s leveranciers en %(mb)s MB per bestand."
        ) % {"rows": as_count(MAX_ROWS), "mb": MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Het bestand is groter dan %(mb)s MB; splits het in delen."),
                params={"mb": MAX_BYTES // (1024 * 1024)}, code="too_large")
        return upload

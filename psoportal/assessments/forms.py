"""Forms of steps 1–5. They validate input only; services write."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from psoportal.core.lib.forms import Form
from psoportal.core.lib.numbers import as_written
from psoportal.methodology import limits
from psoportal.methodology.bsn import find_bsns
from psoportal.methodology.handbook import Handbook, handbook_for
from psoportal.methodology.limits import NumberLimit
from psoportal.organisations.models import Organisation

MONTHS = [
    (1, _("januari")), (2, _("februari")), (3, _("maart")), (4, _("april")), (5, _("mei")),
    (6, _("juni")), (7, _("juli")), (8, _("augustus")), (9, _("september")),
    (10, _("oktober")), (11, _("november")), (12, _("december")),
]

kvk_field_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))
ref_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
    _("Gebruik letters, cijfers en . _ / - (geen spaties), bijvoorbeeld D-001."),
)


_DUTCH_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_ENGLISH_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


class AmountField(forms.DecimalField):
    """A decimal typed the Dutch way (1.575,00) or plainly (1575.00); € and spaces allowed.

    Django only strips grouping when USE_THOUSAND_SEPARATOR is on site-wide, which would also
    group years and ids, so amounts are normalised here.
    """

    def to_python(self, value):
        if isinstance(value, str):
            text = value.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
            english = (get_language() or "nl").startswith("en")
            if _DUTCH_GROUPED.match(text) and not english:
                text = text.replace(".", "").replace(",", ".")
            elif _ENGLISH_GROUPED.match(text) and english:
                text = text.replace(",", "")
            elif "," in text and "." not in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)


class NumberField(AmountField):
    """A number within an input limit of ``methodology.limits`` and an optional narrower range.

    The limit is the size of the database column the value goes to, so whatever passes here can
    be stored and scored. Every refusal names the bound in the user's number format
    ("Vul een bedrag in van ten hoogste 9.999.999.999.999,99"). The range is checked before the
    number is rounded or expanded, so a huge exponent costs nothing.
    """

    def __init__(self, *, limit: NumberLimit, minimum: Decimal | None = Decimal(0),
                 maximum: Decimal | None = None, money: bool = False, **kwargs) -> None:
        self.limit = limit
        self.minimum = minimum
        self.maximum = limit.maximum if maximum is None else min(maximum, limit.maximum)
        self.money = money
        # Django's own digit-count validator would add a second, less helpful message.
        super().__init__(max_digits=None, decimal_places=None, localize=True, **kwargs)
        self.widget.attrs["inputmode"] = "decimal"

    def prepare_value(self, value):
        # A stored figure comes back with the column's places (59.6000): show it as the user
        # typed it (59,6). Amounts keep their cents.
        if isinstance(value, Decimal) and not self.money and value.is_finite():
            value = (value.quantize(Decimal(1)) if value == value.to_integral_value()
                     else value.normalize())
        return super().prepare_value(value)

    def set_range(self, *, minimum: Decimal | None, maximum: Decimal) -> None:
        """Narrow the range to one the handbook in force sets (never beyond the limit)."""
        self.minimum = minimum
        self.maximum = min(maximum, self.limit.maximum)

    def _shown(self, bound: Decimal) -> str:
        if bound == self.limit.maximum:
            return number_format(bound, self.limit.places, use_l10n=True, force_grouping=True)
        return as_written(bound)  # a handbook bound as the handbook has it: 48, never 48,00

    def validate(self, value) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if value > self.maximum:
            message = (
                _("Vul een bedrag in van ten hoogste %(bound)s.") if self.money
                else _("Vul een getal in van ten hoogste %(bound)s.")
            )
            raise ValidationError(message, code="max_value",
                                  params={"bound": self._shown(self.maximum)})
        if self.minimum is not None and value < self.minimum:
            message = (
                _("Vul een bedrag in van ten minste %(bound)s.") if self.money
                else _("Vul een getal in van ten minste %(bound)s.")
            )
            raise ValidationError(message, code="min_value",
                                  params={"bound": self._shown(self.minimum)})
        if not self.limit.fits(value):
            raise ValidationError(
                _("Vul ten hoogste %(places)s cijfers achter de komma in."),
                code="max_decimal_places", params={"places": self.limit.places},
            )

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else self.limit.canonical(value)


def _decimal(label, limit: NumberLimit, *, minimum: str | None = "0", required=True,
             money: bool = False, help_text: str = "") -> NumberField:
    return NumberField(
        label=label, required=required, limit=limit, money=money, help_text=help_text,
        minimum=None if minimum is None else Decimal(minimum),
    )


def _date(label, *, required=False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )


def _label(item, language: str | None = None) -> str:
    return item.label_en if (language or get_language() or "nl").startswith("en") else item.label_nl


def _max_length(model, field: str) -> int | None:
    """The column's own length, for text that is not a document field (an address line)."""
    return model._meta.get_field(field).max_length


def _fulltime_hours_range(form: forms.BaseForm, handbook: Handbook) -> None:
    form.fields["fulltime_hours"].set_range(
        minimum=handbook.limits.fulltime_hours_min, maximum=handbook.limits.fulltime_hours_max
    )


class VersionedForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OrganisationDetailsForm(Form):
    sector = forms.CharField(
        label=_("Sector"), max_length=_max_length(Organisation, "sector"), required=False
    )
    website = forms.URLField(
        label=_("Website"), max_length=_max_length(Organisation, "website"), required=False,
        assume_scheme="https", widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    street = forms.CharField(
        label=_("Straat en huisnummer"), max_length=_max_length(Organisation, "street"),
        required=False, widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=_max_length(Organisation, "postcode"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("Plaats"), max_length=_max_length(Organisation, "city"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    fulltime_hours = _decimal(
        _("Voltijduren per week"), limits.HOURS,
        help_text=_("40, of de norm uit uw cao (bijvoorbeeld 36 of 38)."),
    )

    def __init__(self, *args, handbook: Handbook | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Step 1 belongs to no rekentool: the range of the handbook in force today applies.
        _fulltime_hours_range(self, handbook or handbook_for(timezone.localdate()))


class EntityForm(Form):
    name = forms.CharField(
        label=_("Naam onderliggende entiteit"), max_length=limits.NAME_MAX_LENGTH
    )
    kvk = forms.CharField(
        label=_("KvK-nummer"), max_length=8, validators=[kvk_field_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class PeiljaarMixin(Form):
    peiljaar_month = forms.TypedChoiceField(
        label=_("Peiljaar: eerste maand"), choices=MONTHS, coerce=int, initial=1
    )
    peiljaar_year = forms.IntegerField(
        label=_("Peiljaar: jaar van de eerste maand"), min_value=2000, max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def peiljaar_start(self) -> dt.date:
        return dt.date(self.cleaned_data["peiljaar_year"], self.cleaned_data["peiljaar_month"], 1)


class RekentoolCreateForm(PeiljaarMixin):
    name = forms.CharField(
        label=_("Naam van de rekentool"), max_length=limits.REKENTOOL_NAME_MAX_LENGTH
    )
    field_order = ["name", "peiljaar_month", "peiljaar_year"]


class RekentoolNameForm(Form):
    name = forms.CharField(
        label=_("Naam van de kopie"), max_length=limits.REKENTOOL_NAME_MAX_LENGTH
    )


class WorkforceForm(PeiljaarMixin, VersionedForm):
    """Steps 3A and 3B."""

    fulltime_hours = _decimal(
        _("Voltijduren per week"), limits.HOURS,
        help_text=_("Uren boven voltijd tellen als voltijd."),
    )
    total_fte = _decimal(
        _("Totaal fte in het peiljaar"), limits.FTE, minimum="0.0001",
        help_text=_("Alle medewerkers van de organisatie samen. SW-medewerkers die bij anderen "
                    "gedetacheerd zijn, vult u hieronder apart in; die trekken we eraf."),
    )
    average_headcount = _decimal(_("Gemiddeld totaal aantal medewerkers"), limits.HEADCOUNT)
    sw_seconded_out_fte = _decimal(
        _("Fte SW-medewerkers gedetacheerd naar anderen"), limits.FTE, required=False,
        help_text=_("Deze tellen niet mee, niet in de doelgroep en niet in het totaal."),
    )

    def __init__(self, *args, handbook: Handbook, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _fulltime_hours_range(self, handbook)
        self.fields["average_headcount"].help_text = _(
            "Bepaalt de auditduur bij een %(level)s."
        ) % {"level": _label(handbook.fallback_level)}


def _choices(items, language=None) -> list[tuple[str, str]]:
    return [(code, _label(item, language)) for code, item in items.items()]


class EmployeeForm(VersionedForm):
    """One target-group employee (step 3C). Anonymous: a reference, never a name or BSN."""

    ref = forms.CharField(
        label=_("Referentie"), max_length=limits.REF_MAX_LENGTH, validators=[ref_validator],
        help_text=_("Uw eigen, anonieme code. Nooit een naam of BSN."),
    )
    category = forms.ChoiceField(label=_("Categorie (uitgangspositie bij instroom)"))
    contract = forms.ChoiceField(label=_("Contractvorm"))
    hours_per_week = _decimal(_("Uren per week"), limits.HOURS)
    employed_from = _date(_("In dienst vanaf"), required=True)
    employed_until = _date(_("In dienst tot en met"), help_text=_("Leeg als nog in dienst."))
    inflow_date = _date(_("Instroomdatum"), help_text=_("Leeg: de datum van indiensttreding."))
    lks_until = _date(_("Loonkostensubsidie tot en met"))
    indication_until = _date(_("Wsw-indicatie geldig tot en met"))
    school_left = _date(_("Datum schoolverlaten (VSO/PrO)"))
    indicated_30plus = forms.BooleanField(
        label=_("Arbeidsbeperkt of kansarm vastgesteld (telt mee voor PSO 30+)"), required=False
    )

    def __init__(self, *args, handbook: Handbook, existing_refs: set[str] | None = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _choices(handbook.categories)
        self.fields["contract"].choices = _choices(handbook.contracts)
        self.fields["hours_per_week"].set_range(
            minimum=handbook.limits.hours_per_week_min,
            maximum=handbook.limits.hours_per_week_max,
        )
        self.existing_refs = existing_refs or set()

    def clean_ref(self) -> str:
        ref = self.cleaned_data["ref"]
        if find_bsns(ref):
            raise forms.ValidationError(
                _("Dit lijkt een BSN. Gebruik een eigen, anonieme referentie."), code="bsn"
            )
        if ref in self.existing_refs:
            raise self._duplicate_ref()
        return ref

    @staticmethod
    def _duplicate_ref() -> ValidationError:
        return ValidationError(_("Deze referentie bestaat al in deze rekentool."),
                               code="duplicate")

    def refuse_duplicate_ref(self) -> None:
        """The same message as the form's own check, when the database found the clash."""
        self.add_error("ref", self._duplicate_ref())

    def clean(self):
        data = super().clean()
        start, end = data.get("employed_from"), data.get("employed_until")
        if start and end and end < start:
            self.add_error(
                "employed_until", _("De einddatum ligt voor de datum van indiensttreding.")
            )
        return data


class PurchaseForm(VersionedForm):
    supplier = forms.CharField(label=_("Leverancier"), max_length=limits.NAME_MAX_LENGTH)
    kvk = forms.CharField(
        label=_("KvK-nummer leverancier"), max_length=8, required=False,
        validators=[kvk_field_validator],
    )
    kind = forms.ChoiceField(label=_("Soort leverancier"))
    amount = _decimal(
        _("Gefactureerd bedrag in het peiljaar (excl. btw)"), limits.MONEY, money=True
    )
    supplier_turnover = _decimal(
        _("Omzet van de leverancier"), limits.MONEY, minimum="0.01", money=True,
        help_text=_("Uit de verklaring van de leverancier."),
    )
    supplier_weighted_fte = _decimal(
        _("Gewogen doelgroep-fte van de leverancier"), limits.FTE,
        help_text=_("Uit de verklaring van de leverancier."),
    )

    def __init__(self, *args, handbook: Handbook, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _choices(handbook.purchase_kinds)

    def clean(self):
        data = super().clean()
        amount, turnover = data.get("amount"), data.get("supplier_turnover")
        if amount is not None and turnover is not None and amount > turnover:
            self.add_error("amount", _("Het bedrag is hoger dan de omzet van de leverancier."))
        return data


class RegisterSearchForm(Form):
    """Step 3D: find a supplier in the PSO register by name or KvK number (a GET form)."""

    zoek = forms.CharField(
        label=_("Naam of KvK-nummer van de leverancier"), max_length=limits.NAME_MAX_LENGTH,
        required=False,
    )


class RegisterPurchaseForm(VersionedForm):
    """A purchase from a supplier picked from the PSO register: only the amount is typed; the
    supplier's figures come from its certificate (rule book §6)."""

    amount = _decimal(
        _("Gefactureerd bedrag in het peiljaar (excl. btw)"), limits.MONEY, money=True
    )


class RegisterPurchaseAddForm(RegisterPurchaseForm):
    # The supplier picked; its name is looked up again in the register, never taken from here.
    kvk = forms.CharField(widget=forms.HiddenInput, max_length=8,
                          validators=[kvk_field_validator])


class QualitativeForm(VersionedForm):
    """Step 5: one yes/no per question of every aspect that applies."""

    def __init__(self, *args, aspects, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        english = (get_language() or "nl").startswith("en")
        self.aspects = []
        for aspect in aspects:
            names = []
            for index, question in enumerate(aspect.questions):
                name = f"{aspect.code}__{index}"
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text_en if english else question.text_nl,
                    help_text=question.evidence_en if english else question.evidence_nl,
                    choices=[("ja", _("Ja")), ("nee", _("Nee"))],
                    coerce=lambda value: value == "ja",
                    widget=forms.RadioSelect,
                    required=False,
                )
                names.append(name)
            self.aspects.append((aspect, names))

    def answers(self) -> dict[str, list[bool]]:
        return {
            aspect.code: [self.cleaned_data.get(name) is True for name in names]
            for aspect, names in self.aspects
        }


class CompareForm(Form):
    """Two different rekentools of one organisation, chosen by GET."""

    a = forms.ModelChoiceField(
        queryset=None, label=_("Rekentool A"), empty_label=None,
        error_messages={"invalid_choice": _("Kies een rekentool uit de lijst."),
                        "required": _("Kies rekentool A.")},
    )
    b = forms.ModelChoiceField(
        queryset=None, label=_("Rekentool B"), empty_label=None,
        error_messages={"invalid_choice": _("Kies een rekentool uit de lijst."),
                        "required": _("Kies rekentool B.")},
    )

    def __init__(self, *args, rekentools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = rekentools
        self.fields["b"].queryset = rekentools

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("a"), cleaned.get("b")
        if a is not None and a == b:
            self.add_error(
                "b", _("Kies een andere rekentool dan A: een rekentool met zichzelf vergelijken "
                       "laat geen verschil zien.")
            )
        return cleaned


class UploadForm(Form):
    file = forms.FileField(label=_("Bestand"))
    replace = forms.BooleanField(
        label=_("Bestaande doelgroepmedewerkers vervangen"), required=False
    )

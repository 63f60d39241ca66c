"""Forms of the buyer's procurement policy, its supplier assessments and its social-return
rule. They validate input only; services write (buyers.policy, buyers.assessments,
buyers.social_return)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.forms import NumberField, _date
from psoportal.buyers import social_return
from psoportal.buyers.models import (
    Buyer,
    Niveau,
    PurchasingCategory,
    SocialReturnRule,
    SupplierAssessment,
)
from psoportal.core.lib.forms import Form
from psoportal.core.templatetags.handbook import label
from psoportal.methodology.limits import NumberLimit


def _max_digits(model, field: str) -> NumberLimit:
    """The column's own size, so whatever passes the form fits it."""
    column = model._meta.get_field(field)
    return NumberLimit(max_digits=column.max_digits, places=column.decimal_places)


CATEGORY_NAME_LENGTH = PurchasingCategory._meta.get_field("name").max_length
NOTE_LENGTH = SupplierAssessment._meta.get_field("note").max_length
PERCENT_LIMIT = _max_digits(Buyer, "social_return_percentage")
RULE_VALUE_LIMIT = _max_digits(SocialReturnRule, "value")
NO_RULE = ""


class CategoryForm(Form):
    name = forms.CharField(
        label=_("Naam van de inkoopcategorie"), max_length=CATEGORY_NAME_LENGTH,
        error_messages={
            "required": _("Vul de naam van de inkoopcategorie in."),
            "max_length": _("Gebruik ten hoogste %(limit_value)d tekens voor de naam "
                            "(nu %(show_value)d)."),
        },
    )
    niveau = forms.TypedChoiceField(
        label=_("Niveau"), choices=Niveau.choices, coerce=int,
        error_messages={"required": _("Kies het niveau van de inkoopcategorie."),
                        "invalid_choice": _("Kies niveau 1, 2 of 3.")},
    )

    def __init__(self, *args, buyer: Buyer, category: PurchasingCategory | None = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.buyer = buyer
        self.category = category

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Vul de naam van de inkoopcategorie in."))
        others = PurchasingCategory.objects.filter(buyer=self.buyer, name__iexact=name)
        if self.category is not None:
            others = others.exclude(pk=self.category.pk)
        if others.exists():
            raise ValidationError(
                _("Er is al een inkoopcategorie “%(name)s”. Kies een andere naam."),
                params={"name": name})
        return name


class AssessmentForm(Form):
    assessed_on = _date(_("Beoordelingsdatum"), required=True,
                        help_text=_("De status van elke leverancier op deze datum. Vandaag of "
                                    "eerder."))
    note = forms.CharField(label=_("Toelichting (niet verplicht)"), max_length=NOTE_LENGTH,
                           required=False,
                           error_messages={"max_length": _(
                               "Gebruik ten hoogste %(limit_value)d tekens (nu "
                               "%(show_value)d).")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].error_messages.update({
            "required": _("Vul de beoordelingsdatum in."),
            "invalid": _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 15-08-2025."),
        })
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate())

    def clean_assessed_on(self) -> dt.date:
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Een beoordeling legt vast wat was: kies vandaag of een "
                                    "eerdere datum."))
        return day


def _percent_field(label_text, **kwargs) -> NumberField:
    return NumberField(label=label_text, limit=PERCENT_LIMIT, minimum=Decimal(0),
                       maximum=social_return.HUNDRED, **kwargs)


class SocialReturnPolicyForm(Form):
    """The buyer's usual obligation % and, per level of the handbook in force, what a
    certificate at that level counts for (nothing, a percentage or a fixed amount)."""

    percentage = _percent_field(
        _("Uw gebruikelijke social-returnverplichting (% van de opdrachtwaarde)"),
        help_text=_("Een contract kan bij de leverancier een eigen percentage hebben."))

    MODES = [
        (NO_RULE, _("telt niet mee")),
        (social_return.PERCENTAGE, _("percentage van de social-returnverplichting")),
        (social_return.AMOUNT, _("vast bedrag (€)")),
    ]

    def __init__(self, *args, levels, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            name = label(level)
            self.fields[f"mode_{level.code}"] = forms.ChoiceField(
                label=_("%(level)s telt als") % {"level": name}, choices=self.MODES,
                required=False,
                error_messages={"invalid_choice": _("Kies een van de mogelijkheden.")})
            self.fields[f"value_{level.code}"] = NumberField(
                label=_("Waarde voor %(level)s") % {"level": name}, limit=RULE_VALUE_LIMIT,
                minimum=Decimal(0), required=False,
                help_text=_("Een percentage (0 tot en met 100) of een bedrag in euro's."))

    def level_fields(self):
        return [(level, self[f"mode_{level.code}"], self[f"value_{level.code}"])
                for level in self.levels]

    def clean(self):
        cleaned = super().clean()
        for level in self.levels:
            mode = cleaned.get(f"mode_{level.code}")
            value = cleaned.get(f"value_{level.code}")
            if not mode:
                continue
            if value is None:
                self.add_error(f"value_{level.code}",
                               _("Vul de waarde in, of kies “telt niet mee”."))
            elif mode == social_return.PERCENTAGE and value > social_return.HUNDRED:
                self.add_error(f"value_{level.code}",
                               _("Een percentage is ten hoogste 100."))
        return cleaned

    def rules(self) -> dict[str, social_return.Rule | None]:
        rules: dict[str, social_return.Rule | None] = {}
        for level in self.levels:
            mode = self.cleaned_data.get(f"mode_{level.code}")
            value = self.cleaned_data.get(f"value_{level.code}")
            rules[level.code] = social_return.Rule(mode, value) if mode else None
        return rules


class SocialReturnReportForm(Form):
    """The day the calculation is made for, and which report it is."""

    on = _date(_("Peildatum"), required=False,
               help_text=_("Het certificaat dat op deze datum geldig was. Leeg: vandaag."))
    kind = forms.ChoiceField(
        label=_("Soort rapportage"), required=False,
        choices=[(social_return.INTERIM, _("Tussentijdse rapportage")),
                 (social_return.FINAL, _("Eindrapportage"))],
        error_messages={"invalid_choice": _("Kies tussentijdse rapportage of "
                                            "eindrapportage.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].error_messages["invalid"] = _(
            "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 15-08-2025.")

    def day(self) -> dt.date:
        """The chosen day; today when none (or the form is not filled in)."""
        return getattr(self, "cleaned_data", {}).get("on") or timezone.localdate()

    def report_kind(self) -> str:
        return getattr(self, "cleaned_data", {}).get("kind") or social_return.INTERIM


class AssessmentIntervalForm(Form):
    assessment_months = forms.TypedChoiceField(
        label=_("Automatisch vastleggen"), coerce=int, choices=Buyer.AssessmentInterval.choices,
        help_text=_("Aan het begin van elke periode legt de werkruimte een beoordeling vast, "
                    "tenzij u er in die periode al een vastlegde."),
        error_messages={"required": _("Kies hoe vaak een beoordeling wordt vastgelegd."),
                        "invalid_choice": _("Kies hoe vaak een beoordeling wordt vastgelegd.")})

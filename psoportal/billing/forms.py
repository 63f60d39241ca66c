"""Forms of billing: PSO-Nederland's discount codes, the applicant's code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from psoportal.billing.models import DiscountCode

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DiscountCodeForm(forms.Form):
    code = forms.RegexField(label=_("Code"), max_length=40, regex=r"^[A-Za-z0-9_-]+$",
                            error_messages={"invalid": _("Gebruik alleen letters, cijfers, - "
                                                         "en _.")})
    description = forms.CharField(label=_("Omschrijving"), max_length=200)
    percent = forms.DecimalField(label=_("Percentage korting"), required=False, min_value=0,
                                 max_value=100, decimal_places=2, max_digits=5,
                                 help_text=_("Vul een percentage óf een vast bedrag in."))
    fixed_amount = forms.DecimalField(label=_("Vast bedrag (exclusief btw)"), required=False,
                                      min_value=0, decimal_places=2, max_digits=15)
    applies_to = forms.ChoiceField(label=_("Voor"), choices=DiscountCode.AppliesTo.choices)
    valid_from = forms.DateField(label=_("Geldig van"), widget=_DATE)
    valid_until = forms.DateField(label=_("Geldig tot en met"), required=False, widget=_DATE)
    max_uses = forms.IntegerField(label=_("Maximaal aantal keer te gebruiken"), required=False)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if DiscountCode.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Deze code bestaat al."))
        return code

    def clean_max_uses(self) -> int | None:
        value = self.cleaned_data.get("max_uses")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Vul een positief aantal in, of laat het veld leeg."))
        return value

    def clean(self):
        data = super().clean()
        percent, fixed = data.get("percent"), data.get("fixed_amount")
        if (percent is None) == (fixed is None):
            self.add_error("percent", _("Vul een percentage óf een vast bedrag in, niet "
                                        "allebei."))
        until, start = data.get("valid_until"), data.get("valid_from")
        if until and start and until < start:
            self.add_error("valid_until", _("De einddatum ligt vóór de begindatum."))
        return data


class RedeemForm(forms.Form):
    code = forms.CharField(label=_("Kortingscode"), max_length=40)

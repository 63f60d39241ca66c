"""Forms of the changes after submission: which quote, which new name, and the applicant's
confirmation that the change is billed (rule book §9). Input only; the service decides."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psoportal.certification.models import Quote
from psoportal.core.lib.forms import Form
from psoportal.core.templatetags.pso_format import euro
from psoportal.methodology import limits


def _confirm(text: str) -> forms.BooleanField:
    return forms.BooleanField(label=text, error_messages={
        "required": gettext_lazy("Bevestig dat u de kosten van deze wijziging kent.")})


class QuoteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Quote) -> str:
        return _("%(name)s: audit %(total)s (excl. btw), geldig tot %(date)s") % {
            "name": obj.request.institution.name, "total": euro(obj.total),
            "date": obj.valid_until.strftime("%d-%m-%Y"),
        }


class CiChangeForm(Form):
    quote = QuoteChoiceField(
        queryset=Quote.objects.none(), widget=forms.RadioSelect, empty_label=None,
        label=gettext_lazy("Offerte van de nieuwe certificerende instelling"),
        error_messages={
            "required": gettext_lazy("Kies de offerte van de nieuwe instelling."),
            "invalid_choice": gettext_lazy("Kies een van de getoonde offertes."),
        },
    )

    def __init__(self, *args, quotes: QuerySet[Quote], amount: Decimal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quote"].queryset = quotes
        self.fields["confirm"] = _confirm(
            _("Ik weet dat PSO-Nederland voor deze wijziging %(amount)s (excl. btw) in rekening "
              "brengt.") % {"amount": euro(amount)})


class NameChangeForm(Form):
    new_name = forms.CharField(
        label=gettext_lazy("Nieuwe naam van de hoofdaanvrager"),
        max_length=limits.NAME_MAX_LENGTH,
        error_messages={"required": gettext_lazy("Vul de nieuwe naam in.")},
    )

    def __init__(self, *args, amount: Decimal, ends_application: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        text = (
            _("Ik weet dat deze aanvraag hiermee eindigt, dat een nieuwe aanvraag onder de "
              "nieuwe naam nodig is en dat PSO-Nederland %(amount)s (excl. btw) in rekening "
              "brengt.")
            if ends_application
            else _("Ik weet dat PSO-Nederland voor deze wijziging %(amount)s (excl. btw) in "
                   "rekening brengt.")
        )
        self.fields["confirm"] = _confirm(text % {"amount": euro(amount)})

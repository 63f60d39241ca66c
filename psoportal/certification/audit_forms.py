"""Forms of the audit workspace (issue 10 §5). They validate input only; audits.py writes.

Kept apart from forms.py so the audit's forms can grow without touching the quote round's.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.forms import NumberField
from psoportal.certification.models import AuditCheck
from psoportal.certification.uploads import MAX_PDF_MB
from psoportal.core.lib.forms import Form
from psoportal.core.templatetags.handbook import label
from psoportal.methodology import limits
from psoportal.methodology.handbook import Handbook

NOTE_MAX_LENGTH = 2000
FINDINGS_MAX_LENGTH = 10_000


def _date(label_text, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label_text, required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": _("Vul een datum in als dd-mm-jjjj.")},
    )


def _note(label_text, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label_text, required=required, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AuditPlanForm(Form):
    first_day = _date(_("Eerste auditdag"), required=True)
    last_day = _date(_("Laatste auditdag"), required=True)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("De laatste auditdag ligt vóór de eerste auditdag."))
        return data


class ChecklistForm(Form):
    """One outcome and note per check shown on the page (never more than a page of them)."""

    def __init__(self, *args, checks: Iterable[tuple[AuditCheck, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.checks = list(checks)
        for check, name in self.checks:
            self.fields[f"outcome_{check.pk}"] = forms.ChoiceField(
                label=_("Oordeel over %(name)s") % {"name": name},
                choices=AuditCheck.Outcome.choices, initial=check.outcome,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies een oordeel."),
                                "invalid_choice": _("Kies een oordeel uit de lijst.")},
            )
            self.fields[f"note_{check.pk}"] = forms.CharField(
                label=_("Toelichting bij %(name)s") % {"name": name}, required=False,
                max_length=NOTE_MAX_LENGTH, initial=check.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for check, _name in self.checks:
            if (data.get(f"outcome_{check.pk}") == AuditCheck.Outcome.NOT_MET
                    and not (data.get(f"note_{check.pk}") or "").strip()):
                self.add_error(f"note_{check.pk}", _("Licht toe waarom dit niet voldoet."))
        return data

    def outcomes(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {check.pk: (data[f"outcome_{check.pk}"], data.get(f"note_{check.pk}") or "")
                for check, _name in self.checks}


class WorkforceCorrectionForm(Form):
    """Step 3B's staff figures as the auditor found them."""

    total_fte = NumberField(label=_("Totaal fte in het peiljaar"), limit=limits.FTE,
                            minimum=Decimal("0.0001"))
    average_headcount = NumberField(label=_("Gemiddeld totaal aantal medewerkers"),
                                    limit=limits.HEADCOUNT, required=False)
    sw_seconded_out_fte = NumberField(label=_("Fte SW-medewerkers gedetacheerd naar anderen"),
                                      limit=limits.FTE, required=False)
    note = _note(_("Toelichting"))

    def clean_sw_seconded_out_fte(self):
        # Empty means none, as in step 3B: the document's default is 0.
        return self.cleaned_data.get("sw_seconded_out_fte") or Decimal(0)


class RowCorrectionForm(Form):
    """One target-group row as the auditor found it (the fields of step 3C that count)."""

    category = forms.ChoiceField(label=_("Categorie (uitgangspositie bij instroom)"))
    contract = forms.ChoiceField(label=_("Contractvorm"))
    hours_per_week = NumberField(label=_("Uren per week"), limit=limits.HOURS)
    employed_from = _date(_("In dienst vanaf"), required=True)
    employed_until = _date(_("In dienst tot en met"))
    inflow_date = _date(_("Instroomdatum"))
    lks_until = _date(_("Loonkostensubsidie tot en met"))
    indication_until = _date(_("Wsw-indicatie geldig tot en met"))
    school_left = _date(_("Datum schoolverlaten (VSO/PrO)"))
    indicated_30plus = forms.BooleanField(
        label=_("Arbeidsbeperkt of kansarm vastgesteld (telt mee voor PSO 30+)"), required=False
    )
    note = _note(_("Toelichting"))

    def __init__(self, *args, handbook: Handbook, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, label(x)) for c, x in handbook.categories.items()]
        self.fields["contract"].choices = [(c, label(x)) for c, x in handbook.contracts.items()]
        self.fields["hours_per_week"].set_range(minimum=handbook.limits.hours_per_week_min,
                                                maximum=handbook.limits.hours_per_week_max)

    def clean(self):
        data = super().clean()
        start, end = data.get("employed_from"), data.get("employed_until")
        if start and end and end < start:
            self.add_error("employed_until",
                           _("De einddatum ligt voor de datum van indiensttreding."))
        return data


class ReportForm(Form):
    findings = forms.CharField(label=_("Bevindingen"), max_length=FINDINGS_MAX_LENGTH,
                               widget=forms.Textarea(attrs={"rows": 10}),
                               error_messages={"required": _("Beschrijf de bevindingen van de "
                                                             "audit.")})
    recommended_level = forms.ChoiceField(
        label=_("Geadviseerde trede"),
        error_messages={"invalid_choice": _("Kies een trede die niet hoger is dan de "
                                            "geauditeerde trede.")},
    )
    report_file = forms.FileField(
        label=_("Auditrapport (pdf)"), max_length=None,
        error_messages={"required": _("Voeg het auditrapport toe als pdf-bestand."),
                        "empty": _("Het bestand is leeg.")},
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, levels: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommended_level"].choices = levels
        self.fields["report_file"].help_text = _("Ten hoogste %(mb)s MB.") % {"mb": MAX_PDF_MB}

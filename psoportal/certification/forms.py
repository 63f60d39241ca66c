"""Step 6 forms: which institutions to ask, and the submission's declarations."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from psoportal.assessments.forms import NumberField
from psoportal.certification.services import REASON_MAX_LENGTH
from psoportal.certification.uploads import MAX_PDF_MB, pdf_upload_error
from psoportal.core.lib.forms import Form
from psoportal.methodology import limits
from psoportal.organisations.models import CertifyingInstitution

# The largest id a database integer column holds (a BigAutoField: 64 bits, signed).
MAX_ID = 2**63 - 1


class InstitutionsField(forms.ModelMultipleChoiceField):
    """Django checks each chosen id's type but not its size: an id past 64 bits reached the
    database's IN (...) and failed there (OverflowError on SQLite, out of range on
    PostgreSQL: a 500). Such an id is refused like any other unknown one."""

    def _check_values(self, value):
        for pk in value:
            # Digits only, and counted before int() (which refuses 4,300 digits and more).
            digits = re.fullmatch(r"\s*[+-]?0*([0-9]+)\s*", str(pk))
            if digits and (len(digits[1]) > 19 or int(digits[1]) > MAX_ID):
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class QuoteRequestForm(Form):
    institutions = InstitutionsField(
        label=_("Certificerende instellingen"),
        queryset=CertifyingInstitution.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één certificerende instelling.")},
    )


class SubmitForm(Form):
    # A fresh key per rendered form: a double click or a retry sends the same one, and the
    # service makes one application per key.
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # Rule book §6: a buyer's purchase from a certified organisation is converted with its
    # turnover; the certificate carries it (certificates_issue), the buyer never sees it.
    turnover = NumberField(
        limit=limits.MONEY, money=True, minimum=Decimal("0.01"),
        label=_("Omzet van uw organisatie in het peiljaar (excl. btw)"),
        help_text=_(
            "Vertrouwelijk: alleen PSO-Nederland en de certificerende instelling zien dit "
            "bedrag, afnemers nooit. Het wordt gebruikt om inkopen die andere organisaties bij "
            "u doen om te rekenen naar uw doelgroep-fte."
        ),
        error_messages={"required": _("Vul de omzet van uw organisatie in het peiljaar in.")},
    )
    authorised = forms.BooleanField(
        label=_("Ik ben bevoegd om namens de organisatie te tekenen."),
        error_messages={"required": _("Verklaar dat u bevoegd bent om namens de organisatie "
                                      "te tekenen.")},
    )
    agreement_accepted = forms.BooleanField(
        label=_("Ik aanvaard de deelnameovereenkomst en de algemene voorwaarden."),
        error_messages={"required": _("Aanvaard de deelnameovereenkomst en de algemene "
                                      "voorwaarden.")},
    )


class QuoteForm(Form):
    """A certifying institution's quote: the audit priced by man-days, fees shown apart."""

    man_days = NumberField(limit=limits.HEADCOUNT, label=_("Mandagen"))
    day_rate = NumberField(limit=limits.MONEY, money=True, label=_("Dagtarief (excl. btw)"))
    registration_fee = NumberField(limit=limits.MONEY, money=True, required=False,
                                   label=_("Registratiekosten"))
    licence_fee = NumberField(limit=limits.MONEY, money=True, required=False,
                              label=_("Licentiekosten"))
    travel = NumberField(limit=limits.MONEY, money=True, required=False, label=_("Reiskosten"))
    valid_until = forms.DateField(label=_("Geldig tot"), widget=forms.DateInput(
        attrs={"type": "date"}))
    remarks = forms.CharField(label=_("Opmerkingen"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    pdf = forms.FileField(
        label=_("Offerte als pdf (optioneel)"), required=False,
        help_text=_("Ten hoogste %(mb)s MB.") % {"mb": MAX_PDF_MB},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload:
            error = pdf_upload_error(upload)
            if error:
                raise forms.ValidationError(error)
        return upload


class AwardForm(Form):
    """PSO-Nederland's award: a level no higher than the audited one, and PSO 30+ only where
    the audit allows it (the service checks both again)."""

    level = forms.ChoiceField(
        label=_("Toe te kennen trede"), widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de trede die u toekent."),
            "invalid_choice": _("Kies een trede die niet hoger is dan de geauditeerde trede."),
        },
    )
    pso30plus = forms.BooleanField(label=_("Ook het aparte certificaat PSO 30+ toekennen"),
                                   required=False)

    def __init__(self, *args, levels: list[tuple[str, str]], pso30plus_level: str | None,
                 **kwargs):
        """`levels`: (code, label) of the levels that may be awarded; `pso30plus_level`: the
        label of the level PSO 30+ goes with, or None when the audit does not allow it."""
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels
        if pso30plus_level is None:
            del self.fields["pso30plus"]
        else:
            self.fields["pso30plus"].help_text = _(
                "Alleen samen met %(level)s: een apart certificaat met een eigen nummer."
            ) % {"level": pso30plus_level}


class RejectForm(Form):
    """PSO-Nederland's rejection, on the award page: the reason is required and kept when the
    rejection is refused, so nothing typed is lost."""

    reason = forms.CharField(
        label=_("Reden van de afwijzing"), max_length=REASON_MAX_LENGTH, strip=True,
        help_text=_("De aanvrager en de certificerende instelling krijgen deze reden te lezen."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Geef de reden van de afwijzing.")},
    )

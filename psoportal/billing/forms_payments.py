"""Forms of PSO-Nederland's payment pages: a payment by hand, a statement upload, assigning an
unmatched payment."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from psoportal.billing.bank_import import MAX_BYTES
from psoportal.billing.models import Invoice

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InvoiceNumberField(forms.CharField):
    """An invoice number typed by PSO-Nederland → the Invoice (field error when unknown)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Factuurnummer"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("Bijvoorbeeld 2026-00012."))
        super().__init__(**kwargs)

    def clean(self, value):
        number = super().clean(value).strip()
        invoice = Invoice.objects.filter(number=number).first()
        if invoice is None:
            raise forms.ValidationError(_("Er is geen factuur met dit nummer."))
        if invoice.is_credit_note or invoice.status == Invoice.Status.CREDITED:
            raise forms.ValidationError(_("Deze factuur is gecrediteerd of een creditnota en "
                                          "kan niet betaald worden."))
        return invoice


class EuroField(forms.CharField):
    """An amount as people type it here: "1.575,00" or "1575,00" (or "1575.00")."""

    def clean(self, value):
        text = super().clean(value).strip().replace("€", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Vul een bedrag in, bijvoorbeeld 1.575,00.")) from exc
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Vul een positief bedrag in euro's en centen in."))
        if amount >= Decimal("1e12"):
            raise forms.ValidationError(_("Dit bedrag is te groot."))
        return amount


class PaymentRegisterForm(forms.Form):
    invoice = InvoiceNumberField()
    amount = EuroField(label=_("Ontvangen bedrag"), max_length=20)
    booked_on = forms.DateField(label=_("Datum van ontvangst"), widget=_DATE)
    reference = forms.CharField(label=_("Bankreferentie"), max_length=100, required=False,
                                help_text=_("De referentie op het bankafschrift; dezelfde "
                                            "referentie twee keer wordt geweigerd."))


class StatementUploadForm(forms.Form):
    statement = forms.FileField(label=_("Bankafschrift"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].help_text = _(
            "CAMT.053 (XML) of CSV met puntkomma's, maximaal %(mb)s MB.",
        ) % {"mb": MAX_BYTES // (1024 * 1024)}


class PaymentAssignForm(forms.Form):
    invoice = InvoiceNumberField()

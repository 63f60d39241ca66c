"""Forms of the register import: the upload (dry run) and the confirmation (apply)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from psoportal.register.import_file import MAX_BYTES


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=_("Registerbestand (.xlsx of .csv)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Eerst volgt een proefimport: u ziet wat er zou veranderen. Maximaal %(mb)s MB."
        ) % {"mb": MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(mb)s MB; splits het in delen.")
                % {"mb": MAX_BYTES // (1024 * 1024)})
        return upload


class RegisterApplyForm(forms.Form):
    # The fingerprint of the changes the page showed: the import applies exactly those.
    digest = forms.CharField(widget=forms.HiddenInput, validators=[
        RegexValidator(r"\A[0-9a-f]{64}\Z")])

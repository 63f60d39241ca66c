"""The upload form of a new handbook version: a .toml file, bounded before it is read."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from psoportal.methodology.handbook import HANDBOOK_TEXT_MAX_BYTES

MAX_KB = HANDBOOK_TEXT_MAX_BYTES // 1024


class HandbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Handboekbestand (.toml)"),
        validators=[FileExtensionValidator(
            ["toml"], message=_("Kies een handboekbestand dat eindigt op .toml."))],
        widget=forms.ClearableFileInput(attrs={"accept": ".toml"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Een TOML-bestand zoals de handboekbestanden van MijnPSO, in UTF-8, hoogstens "
            "%(kb)s KB. Het wordt gecontroleerd zoals de rekentool het leest.") % {"kb": MAX_KB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size the upload declares, before a byte of it is read.
        if upload.size > HANDBOOK_TEXT_MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is groter dan %(kb)s KB en is niet ingelezen. Kies het juiste "
                  "handboekbestand.") % {"kb": MAX_KB})
        return upload

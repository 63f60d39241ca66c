"""Forms of the news app: the visitor's subscription and PSO-Nederland's news item."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from psoportal.core.lib.forms import Form
from psoportal.news.images import MAX_IMAGE_MB, MAX_SIDE, ImageRefused, image_checked
from psoportal.news.models import ALT_MAX_LENGTH, BODY_MAX_LENGTH, TITLE_MAX_LENGTH

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubscribeForm(Form):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254,
        error_messages={"required": _("Vul uw e-mailadres in."),
                        "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewsItemForm(Form):
    title = forms.CharField(
        label=_("Titel"), max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Vul een titel in.")},
    )
    published_on = forms.DateField(
        label=_("Datum"), widget=_DATE,
        help_text=_("Het bericht is openbaar vanaf deze datum, als het gepubliceerd is."),
        error_messages={"required": _("Vul de datum van het bericht in."),
                        "invalid": _("Vul een geldige datum in.")},
    )
    body = forms.CharField(
        label=_("Tekst"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("In Markdown: een lege regel begint een nieuwe alinea, **vet**, *cursief*, "
                    "[linktekst](https://…), regels met - worden een lijst, ## een tussenkop. "
                    "HTML wordt als tekst getoond."),
        error_messages={"required": _("Vul de tekst van het bericht in.")},
    )
    language = forms.ChoiceField(
        label=_("Taal van het bericht"), choices=settings.LANGUAGES, initial="nl",
        help_text=_("De taal waarin u het bericht schrijft. Het staat op de Nederlandse en de "
                    "Engelse pagina's, in deze taal."),
    )
    image = forms.FileField(
        label=_("Afbeelding (optioneel)"), required=False, max_length=None,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        error_messages={"empty": _("Het bestand is leeg.")},
    )
    image_alt = forms.CharField(
        label=_("Beschrijving van de afbeelding"), max_length=ALT_MAX_LENGTH, required=False,
        help_text=_("Voor wie de afbeelding niet kan zien: wat staat erop?"),
    )
    image_remove = forms.BooleanField(label=_("Afbeelding verwijderen"), required=False)

    def __init__(self, *args, has_image: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_image = has_image
        self.fields["image"].help_text = _(
            "JPEG of PNG, ten hoogste %(mb)s MB en %(side)s pixels breed en hoog."
        ) % {"mb": MAX_IMAGE_MB, "side": MAX_SIDE}
        if not has_image:
            del self.fields["image_remove"]
        # The text fields speak the item's language (WCAG 3.1.2): a Dutch text on the English
        # news desk is marked Dutch.
        language = (self.data.get("language") if self.is_bound else None) or self.initial.get(
            "language") or "nl"
        if language in dict(settings.LANGUAGES):
            for name in ("title", "body", "image_alt"):
                self.fields[name].widget.attrs["lang"] = language

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        try:
            return image_checked(upload)
        except ImageRefused as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        keeps_image = self.has_image and not data.get("image_remove")
        if (data.get("image") or keeps_image) and not data.get("image_alt", "").strip():
            self.add_error("image_alt", _(
                "Beschrijf wat er op de afbeelding staat, voor wie haar niet kan zien."))
        return data

"""What every form of the portal does with text: refuse control characters.

No name, reference, address or e-mail address needs a control character; a NUL byte is refused
by PostgreSQL (a 500 instead of a message) and the others hide text from the person reading it
later (a reviewer, an auditor). Forms derive from :class:`Form`, which gives every text field
the same check and the same Dutch message; a multi-line field (a ``Textarea``) keeps its line
breaks and tabs. A password is exempt: it is hashed, never stored or shown, and refusing a
character an existing password holds would lock its owner out.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from psoportal.methodology.limits import is_control_character

_LINE_BREAKS = frozenset("\n\r\t")


@deconstructible
class ControlCharactersValidator:
    """Refuses C0/C1 control characters (NUL included); ``multiline`` allows \\n, \\r, \\t."""

    message = _(
        "Dit veld bevat een onzichtbaar stuurteken (bijvoorbeeld een tab of een nul-teken). "
        "Typ de tekst opnieuw of plak hem zonder opmaak."
    )
    code = "control_characters"

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value) -> None:
        allowed = _LINE_BREAKS if self.multiline else frozenset()
        if any(is_control_character(char) and char not in allowed for char in str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, ControlCharactersValidator) and self.multiline == other.multiline


def refuse_control_characters(form: forms.BaseForm) -> None:
    """Give every text field of ``form`` the control-character check (once).

    It replaces Django's NUL check, which would otherwise give a second, English-sourced message
    for the same character.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        if any(isinstance(v, ControlCharactersValidator) for v in field.validators):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ] + [ControlCharactersValidator(multiline=multiline)]


class Form(forms.Form):
    """The portal's form base: text fields refuse control characters.

    The check is attached when the form is validated, so fields a subclass adds in its own
    ``__init__`` are covered too.
    """

    def full_clean(self) -> None:
        refuse_control_characters(self)
        super().full_clean()

"""The portal's form base refuses control characters in text, with one Dutch message."""

from __future__ import annotations

import pytest
from django import forms

from psoportal.core.lib.forms import Form

MESSAGE = (
    "Dit veld bevat een onzichtbaar stuurteken (bijvoorbeeld een tab of een nul-teken). "
    "Typ de tekst opnieuw of plak hem zonder opmaak."
)


class _Sample(Form):
    name = forms.CharField()
    note = forms.CharField(widget=forms.Textarea, required=False)
    password = forms.CharField(widget=forms.PasswordInput, strip=False, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.CharField(required=False)


@pytest.mark.parametrize("text", ["a\x00b", "a\x1fb", "a\x7fb", "a\x9fb", "a\tb", "a\nb"])
def test_a_single_line_field_refuses_a_control_character_with_one_message(text):
    form = _Sample({"name": text})
    assert not form.is_valid()
    assert form.errors["name"] == [MESSAGE]


def test_a_field_added_in_init_is_checked_too():
    form = _Sample({"name": "Jan", "added_later": "x\x00"})
    assert form.errors["added_later"] == [MESSAGE]


def test_a_multi_line_field_keeps_line_breaks_and_tabs_but_not_other_control_characters():
    assert _Sample({"name": "Jan", "note": "regel 1\r\nregel\t2"}).is_valid()
    assert _Sample({"name": "Jan", "note": "regel\x00"}).errors["note"] == [MESSAGE]


def test_a_password_is_left_as_typed():
    form = _Sample({"name": "Jan", "password": "geheim\x07wachtwoord"})
    assert form.is_valid()
    assert form.cleaned_data["password"] == "geheim\x07wachtwoord"


def test_ordinary_text_with_accents_and_symbols_passes():
    assert _Sample({"name": "Café Ærø – € 5 · 30+ ‘test’"}).is_valid()

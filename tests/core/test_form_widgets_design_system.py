"""Form widgets render through our widget templates: every control has NL Design System classes."""

import re

from django import forms
from django.conf import settings
from django.forms.renderers import TemplatesSetting

from psoportal.assessments.forms import UploadForm


class _EveryWidget(forms.Form):
    name = forms.CharField(label="Naam")
    email = forms.EmailField(label="E-mail")
    amount = forms.DecimalField(label="Bedrag")
    password = forms.CharField(label="Wachtwoord", widget=forms.PasswordInput)
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")])
    note = forms.CharField(label="Toelichting", widget=forms.Textarea)
    agree = forms.BooleanField(label="Akkoord")
    answer = forms.ChoiceField(label="Antwoord", choices=[("ja", "Ja"), ("nee", "Nee")],
                               widget=forms.RadioSelect)
    file = forms.FileField(label="Bestand")
    version = forms.IntegerField(widget=forms.HiddenInput)
    styled = forms.CharField(label="Met klasse", widget=forms.TextInput(attrs={"class": "eigen"}))


def _tag(html: str, name: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_the_project_renders_forms_with_its_own_widget_templates():
    assert settings.FORM_RENDERER == "django.forms.renderers.TemplatesSetting"
    assert "django.forms" in settings.INSTALLED_APPS
    assert isinstance(_EveryWidget().renderer, TemplatesSetting)


def test_text_like_inputs_are_utrecht_textboxes():
    html = str(_EveryWidget())
    for name in ("name", "email", "amount", "password"):
        assert 'class="utrecht-textbox utrecht-textbox--html-input"' in _tag(html, name), name


def test_selects_textareas_checkboxes_and_radios_carry_their_component_class():
    html = str(_EveryWidget())
    assert 'class="utrecht-select utrecht-select--html-select"' in _tag(html, "kind")
    assert 'class="utrecht-textarea utrecht-textarea--html-textarea"' in _tag(html, "note")
    assert 'class="utrecht-checkbox utrecht-checkbox--html-input"' in _tag(html, "agree")
    radios = re.findall(r'<input[^>]*name="answer"[^>]*>', html)
    assert len(radios) == 2
    assert all('class="utrecht-radio-button utrecht-radio-button--html-input"' in r for r in radios)


def test_file_inputs_get_the_styled_file_input_class_and_hidden_inputs_no_class():
    html = str(_EveryWidget())
    assert 'class="mijnpso-file-input"' in _tag(html, "file")
    assert "class=" not in _tag(html, "version")
    assert 'class="mijnpso-file-input"' in str(UploadForm()["file"])


def test_a_class_set_by_the_form_is_kept_once_beside_the_design_system_class():
    tag = _tag(str(_EveryWidget()), "styled")
    assert 'class="utrecht-textbox utrecht-textbox--html-input eigen"' in tag
    assert tag.count("class=") == 1


def test_the_other_attributes_still_reach_the_control():
    form = _EveryWidget(data={})
    form.is_valid()
    tag = _tag(str(form), "name")
    assert 'id="id_name"' in tag and "required" in tag and 'aria-invalid="true"' in tag

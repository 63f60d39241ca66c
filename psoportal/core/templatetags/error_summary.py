"""One error summary per page (GOV.UK / NL Design System pattern).

`{% error_summary %}` finds every bound form and formset with errors in the template context
and lists their messages, each linking to its field; `{% error_title_prefix %}` starts the page
title with "Fout: ".
Django (5.2) gives an invalid widget aria-invalid and aria-describedby "id_x_helptext id_x_error";
templates/core/field.html renders the message with that id.
"""

from __future__ import annotations

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string
from django.utils.translation import gettext

register = template.Library()


def _forms_in(value):
    if isinstance(value, BaseForm):
        yield value
    elif isinstance(value, BaseFormSet) and value.is_bound:
        yield from value.forms
        if value.non_form_errors():
            yield value


def invalid_forms(context) -> list:
    """Bound forms with errors anywhere in the context, each once, in context order."""
    found, seen = [], set()
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) in seen or not getattr(form, "is_bound", False):
                continue
            seen.add(id(form))
            if form.errors if isinstance(form, BaseForm) else form.non_form_errors():
                found.append(form)
    return found


def summary_items(context) -> list[dict]:
    items = []
    for form in invalid_forms(context):
        if isinstance(form, BaseFormSet):
            items += [{"text": str(e), "href": ""} for e in form.non_form_errors()]
            continue
        items += [{"text": str(e), "href": ""} for e in form.non_field_errors()]
        for field in form:
            for error in field.errors:
                target = "" if field.is_hidden else _first_control_id(field)
                items.append({"text": f"{field.label}: {error}" if field.label else str(error),
                              "href": f"#{target}" if target else ""})
        for name in form.errors:  # errors on a name that is not a field (e.g. a hidden one)
            if name != "__all__" and name not in form.fields:
                items += [{"text": str(e), "href": ""} for e in form.errors[name]]
    return items


def _first_control_id(field) -> str:
    """The id of the element the link focuses: the input, or a radio group's first option."""
    if field.id_for_label:
        return field.id_for_label
    if field.auto_id and getattr(field.field.widget, "input_type", "") in ("radio", "checkbox"):
        return f"{field.auto_id}_0"
    return field.auto_id or ""


@register.simple_tag(takes_context=True)
def error_summary(context, oob: bool = False) -> str:
    """The summary inside its slot; with oob=True marked for an htmx out-of-band swap."""
    return render_to_string(
        "core/error_summary.html",
        {"items": summary_items(context), "oob": oob},
    )


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    return gettext("Fout: ") if invalid_forms(context) else ""

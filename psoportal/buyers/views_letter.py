"""The letter part (issue 13 §6): the letter "Socialer inkopen met het PSO-keurmerk" as a
preview, a PDF and a .docx, and the suppliers it was sent to.

The buyer workspace need not be on: any certified organisation may send the letter. Its
Accounthouder and colleagues make it (buyers.access.BUYER_ROLES), as they buy; an adviser or
an outsider gets 404. The page shows the workspace's menu when the workspace is on.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from psoportal.buyers.access import get_letter_recipient_for_user, get_organisation_for_buyer_user
from psoportal.buyers.forms_letter import LetterForm, RecipientForm, RecipientListForm
from psoportal.buyers.letter import (
    Signature,
    letter_build,
    letter_certificate,
    letter_filename,
    recipient_lines,
)
from psoportal.buyers.letter_docx import letter_docx
from psoportal.buyers.letter_pdf import letter_pdf
from psoportal.buyers.models import Buyer
from psoportal.buyers.services_letter import (
    letter_recipient_add,
    letter_recipient_delete,
    letter_recipients_add,
)
from psoportal.certification.certificate_pdf import qr_data_uri
from psoportal.organisations.models import Organisation

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _blank_letter_form(organisation: Organisation) -> LetterForm:
    return LetterForm(initial={"place": organisation.city, "date": timezone.localdate()})


def _page(request: HttpRequest, organisation: Organisation, *, letter_form: LetterForm,
          recipient_form: RecipientForm | None = None,
          list_form: RecipientListForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    certificate = letter_certificate(organisation, on=today)
    letter = None
    if certificate is not None:
        # An invalid form shows its errors beside the letter as it would be without them.
        signature = (letter_form.signature() if letter_form.is_valid()
                     else Signature(place=organisation.city, date=today))
        letter = letter_build(organisation=organisation, certificate=certificate,
                              signature=signature)
    workspace = Buyer.objects.filter(organisation=organisation).exists()
    return render(request, "buyers/letter.html", {
        "organisation": organisation,
        "layout": "buyers/base_workspace.html" if workspace else "buyers/letter_base.html",
        "workspace_section": "letter",
        "workspace_on": workspace,
        "certificate": certificate,
        "letter": letter,
        "qr": qr_data_uri(certificate.verification_url) if certificate else "",
        "form": letter_form,
        "recipient_form": recipient_form or RecipientForm(initial={"sent_on": today}),
        "list_form": list_form or RecipientListForm(initial={"list_sent_on": today}),
        "recipients": recipient_lines(organisation, on=today),
    })


@require_http_methods(["GET", "POST"])
def letter(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _role = get_organisation_for_buyer_user(request.user, organisation_id)
    form = LetterForm(request.POST) if request.method == "POST" else _blank_letter_form(
        organisation)
    return _page(request, organisation, letter_form=form)


def _download(request: HttpRequest, organisation_id: int, extension: str) -> HttpResponse:
    organisation, _role = get_organisation_for_buyer_user(request.user, organisation_id)
    certificate = letter_certificate(organisation, on=timezone.localdate())
    if certificate is None:
        messages.error(request, _("De leveranciersbrief vraagt een geldig PSO-certificaat."))
        return redirect("buyers:letter", organisation.pk)
    form = LetterForm(request.POST)
    if not form.is_valid():
        return _page(request, organisation, letter_form=form)
    letter = letter_build(organisation=organisation, certificate=certificate,
                          signature=form.signature())
    if extension == "pdf":
        response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    else:
        response = HttpResponse(letter_docx(letter), content_type=DOCX_TYPE)
    # A server-made ASCII name: nothing typed ends up in the header unescaped.
    response["Content-Disposition"] = (
        f'attachment; filename="{letter_filename(organisation, extension)}"')
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def letter_pdf_download(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _download(request, organisation_id, "pdf")


@require_POST
def letter_docx_download(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _download(request, organisation_id, "docx")


@require_POST
def recipient_add(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _role = get_organisation_for_buyer_user(request.user, organisation_id)
    form = RecipientForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recipient = letter_recipient_add(organisation=organisation, by=request.user,
                                             name=data["name"], kvk=data["kvk"],
                                             sent_on=data["sent_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s staat in de lijst van ontvangers.")
                             % {"name": recipient.name})
            return redirect(_recipients_url(organisation))
    return _page(request, organisation, letter_form=_blank_letter_form(organisation),
                 recipient_form=form)


@require_POST
def recipients_add(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation, _role = get_organisation_for_buyer_user(request.user, organisation_id)
    form = RecipientListForm(request.POST)
    if form.is_valid():
        try:
            count = letter_recipients_add(organisation=organisation, by=request.user,
                                          rows=form.cleaned_data["lines"],
                                          sent_on=form.cleaned_data["list_sent_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, ngettext(
                "%(count)s leverancier staat in de lijst van ontvangers.",
                "%(count)s leveranciers staan in de lijst van ontvangers.", count)
                % {"count": count})
            return redirect(_recipients_url(organisation))
    return _page(request, organisation, letter_form=_blank_letter_form(organisation),
                 list_form=form)


@require_POST
def recipient_delete(request: HttpRequest, organisation_id: int,
                     recipient_id: int) -> HttpResponse:
    recipient = get_letter_recipient_for_user(request.user, organisation_id, recipient_id)
    name = recipient.name
    letter_recipient_delete(recipient=recipient, by=request.user)
    messages.success(request, _("%(name)s is uit de lijst van ontvangers verwijderd.")
                     % {"name": name})
    return redirect(_recipients_url(recipient.organisation))


def _recipients_url(organisation: Organisation) -> str:
    return reverse("buyers:letter", args=[organisation.pk]) + "#ontvangers"

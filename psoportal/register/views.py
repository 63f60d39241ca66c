"""The public register (rule book §11, issue 12): the search page and its downloads, the
verification page a certificate's QR code opens, and the "Controleer een certificaat" form.
No login; only public facts of certificates (display.Row) ever reach a page or a file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Page, Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from psoportal.accounts.ratelimit import (
    ip_of,
    net_of,
    rate_limit_check,
    rate_limited_response,
)
from psoportal.certification.certificates import certificate_facts
from psoportal.certification.models import Certificate
from psoportal.register import exports
from psoportal.register.display import rows
from psoportal.register.forms import CertificateCheckForm, RegisterSearchForm
from psoportal.register.selectors import (
    certificate_by_number,
    certificates_for_kvk,
    register_entries,
    register_queryset,
)
from psoportal.register.status import entry_status, register_handbook

PAGE_SIZE = 25
PAGE_PARAMETER = "pagina"
# secrets.token_urlsafe(32) is 43 characters; anything longer is not a code.
CODE_MAX_LENGTH = 43
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}


def _filters(request: HttpRequest) -> str:
    """The search's query string (its fields only, the empty ones left out) for the page links
    and the downloads."""
    kept = QueryDict(mutable=True)
    for name, value in request.GET.items():
        if name in RegisterSearchForm.base_fields and value.strip():
            kept[name] = value
    return kept.urlencode()


def _page_numbers(page: Page) -> list:
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Certificates in force on the day asked about (today unless a date is given). Invalid
    input shows the form with its messages and no result."""
    form = RegisterSearchForm(request.GET)
    context: dict = {"form": form, "filters": _filters(request),
                     "max_rows": exports.EXPORT_MAX_ROWS}
    if form.is_valid():
        query = form.query()
        page = Paginator(register_queryset(query), PAGE_SIZE).get_page(
            request.GET.get(PAGE_PARAMETER))
        context.update(
            query=query, page=page, page_numbers=_page_numbers(page),
            page_parameter=PAGE_PARAMETER, is_today=query.on == timezone.localdate(),
            rows=rows(register_entries(page.object_list, on=query.on), on=query.on),
            too_many=page.paginator.count > exports.EXPORT_MAX_ROWS,
        )
    return render(request, "register/search.html", context)


@login_not_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole result of a search (not one page) as .csv or .xlsx, up to EXPORT_MAX_ROWS."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("format")
    form = RegisterSearchForm(request.GET)
    if not form.is_valid():
        # The search page says what to correct.
        return redirect(f"{reverse('register:search')}?{_filters(request)}")
    query = form.query()
    certificates = register_queryset(query)
    count = certificates.count()
    if count > exports.EXPORT_MAX_ROWS:
        return render(request, "register/export_too_large.html", {
            "count": count, "max_rows": exports.EXPORT_MAX_ROWS, "filters": _filters(request),
        }, status=400)
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            exports.csv_lines(certificates, on=query.on), content_type=EXPORT_FORMATS[fmt])
    else:
        response = HttpResponse(exports.xlsx_bytes(certificates, on=query.on),
                                content_type=EXPORT_FORMATS[fmt])
    # A server-made name: nothing the visitor typed ends up in the header.
    response["Content-Disposition"] = (
        f'attachment; filename="pso-register-{query.on:%Y-%m-%d}.{fmt}"')
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding the code (the QR code, the register) sees the certificate's facts
    and its register status today. Unknown codes are 404; the id and number never open it (the
    number is typed into the rate-limited check form instead)."""
    if len(code) > CODE_MAX_LENGTH:
        raise Http404("certificate")
    certificate = (
        Certificate.objects.select_related("superseded_by")
        .filter(verification_code=code).first()
    )
    if certificate is None:
        raise Http404("certificate")
    today = timezone.localdate()
    return render(request, "register/verify.html", {
        "facts": certificate_facts(certificate, on=today),
        "certificate": certificate,
        "status": entry_status(certificate, on=today),
        "expiring_soon_months": register_handbook(certificate.end).register.expiring_soon_months,
        "today": today,
        "check_form": CertificateCheckForm(auto_id="check_%s"),
    })


def _check_limited(request: HttpRequest) -> HttpResponse | None:
    """Certificate numbers and KvK numbers are enumerable: each lookup costs a token of the
    sender's address and network (docs/rate-limits.md)."""
    verdict = rate_limit_check(request, [("register-check-ip", ip_of(request)),
                                         ("register-check-net", net_of(request))])
    if verdict:
        return None
    return rate_limited_response(request, verdict, back_url=reverse("register:check"))


@login_not_required
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """By number: to that certificate's verification page, whatever its status. By KvK number:
    every certificate whose scope holds it, newest first, with its status today."""
    if not {"nummer", "kvk"} & set(request.GET):
        return render(request, "register/check.html", {"form": CertificateCheckForm()})
    form = CertificateCheckForm(request.GET)
    context: dict = {"form": form}
    if not form.is_valid():
        return render(request, "register/check.html", context)
    refused = _check_limited(request)
    if refused is not None:
        return refused
    number, kvk = form.cleaned_data["nummer"], form.cleaned_data["kvk"]
    if number:
        certificate = certificate_by_number(number)
        if certificate is not None:
            return redirect("verify_certificate", certificate.verification_code)
        form.add_error("nummer", _(
            "Er is geen certificaat met nummer %(number)s. Controleer het nummer zoals het op "
            "het certificaat staat.") % {"number": number})
        return render(request, "register/check.html", context)
    today = timezone.localdate()
    certificates = certificates_for_kvk(kvk)
    if not certificates:
        form.add_error("kvk", _(
            "Er is geen PSO-certificaat gevonden voor KvK-nummer %(kvk)s, ook geen verlopen "
            "of ingetrokken certificaat.") % {"kvk": kvk})
        return render(request, "register/check.html", context)
    context.update(kvk=kvk, today=today,
                   rows=rows(register_entries(certificates, on=today), on=today))
    return render(request, "register/check.html", context)


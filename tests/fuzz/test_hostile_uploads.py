"""Every upload path of the site refuses the hostile files of the hardening issue (issue 15,
item 4): each file of bench/hostile_files.py (a ~1 KB xlsx with a cell in row 10^12, a million
rows, a row of two million cells, 2,500 × 1,000 cells, a 19 MB line of semicolons, a JSON list
of 9.9 million zeros) is refused, saying so in Dutch, in
< 2 s of CPU and < 100 MB of extra memory. The generators are the bench's, not copies.

The target-group and rekentool imports have their own, stricter test with the exact messages
(tests/assessments/test_hostile_imports.py); the other paths are here. Each upload form is
taken from its page as the persona who may use it, its other fields filled in plausibly
(hostile_values.plausible), so it is the file that is refused. A new FileField in a form of the
site that is not in UPLOADS fails test_every_file_field_of_the_site_is_an_upload_path_here.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT, encode_multipart

from bench.hostile_files import HOSTILE_FILES
from tests.fuzz.hostile_values import plausible
from tests.fuzz.personas import AUDITOR, build_personas, open_quote_request_page
from tests.fuzz.site_forms import parse

SECONDS = 2.0
EXTRA_MB = 100
BOUNDARY = "HoStIlEbOuNdArY"
# How a page says a file was refused (see the assertion below).
REFUSED = ("data-error-summary", "Er is niets ingelezen", "Het bestand is groter dan")


def _audit_report_page() -> str:
    from psoportal.certification.models import Audit

    audit = Audit.objects.filter(
        report_filed_at__isnull=True,
        application__accepted_quote__request__institution__memberships__user__email=AUDITOR,
    ).first()
    return f"/mijnpso/aanvraag/{audit.application_id}/audit/rapport/"


def _supplier_import_page() -> str:
    from psoportal.buyers.demo import demo_buyer

    return f"/inkoop/{demo_buyer().organisation_id}/leveranciers/inlezen/"


# upload path: (persona, its page (or a function giving it), the file field, form class)
UPLOADS = {
    "register import": ("PSO-Nederland", "/mijnpso/pso-nederland/registerimport/", "file",
                        "register.forms_import.RegisterUploadForm"),
    "bank statement": ("PSO-Nederland", "/mijnpso/pso-nederland/betalingen/",
                       "statement", "billing.forms_payments.StatementUploadForm"),
    "handbook upload": ("PSO-Nederland", "/mijnpso/pso-nederland/handboeken/nieuw/", "file",
                        "handbooks.forms.HandbookUploadForm"),
    "news image": ("PSO-Nederland", "/mijnpso/pso-nederland/nieuws/nieuw/", "image",
                   "news.forms.NewsItemForm"),
    "supplier import": ("buyer", _supplier_import_page, "file",
                        "buyers.forms_portfolio.SupplierUploadForm"),
    "quote pdf": ("CI auditor", open_quote_request_page, "pdf", "certification.forms.QuoteForm"),
    "audit report": ("CI auditor", _audit_report_page, "report_file",
                     "certification.audit_forms.ReportForm"),
}
# Covered, with their exact messages, by tests/assessments/test_hostile_imports.py.
ELSEWHERE = {"assessments.forms.UploadForm"}


def _upload_form(client, page: str, field: str):
    response = client.get(page, follow=True)
    page = response.redirect_chain[-1][0] if response.redirect_chain else page
    forms = parse(page, response.content.decode())[0]
    for form in forms:
        if any(f.name == field and f.kind == "file" for f in form.fields):
            return form
    raise AssertionError(f"no form with a file field {field!r} on {page}")


def _refusals(client, form, field: str, files: dict[str, bytes]) -> list[str]:
    """Each hostile file posted to one upload form: what went wrong, if anything."""
    data = form.defaults()
    for f in form.fields:
        if f.name in data and data[f.name] == [""]:
            data[f.name] = [plausible(f)]
    problems = []
    for label, content in files.items():
        name = "bestand.xlsx" if content.startswith(b"PK") else "bestand.csv"
        body = encode_multipart(BOUNDARY, {**data, field: SimpleUploadedFile(name, content)})

        def post(body=body):
            return client.post(form.action, body,
                               content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", BOUNDARY))

        # Timed without tracing (tracemalloc makes openpyxl's many small allocations ten
        # times slower), then traced. CPU time of this process: CI runs two suites side by
        # side, the bound is on the work the upload causes.
        start = time.process_time()
        response = post()
        seconds = time.process_time() - start
        tracemalloc.start()
        try:
            post()
            peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        finally:
            tracemalloc.stop()
        html = response.content.decode()
        print(f"{form.url_name}: {label}: {response.status_code}, {seconds:.2f} s, "
              f"{peak_mb:.0f} MB")  # shown with pytest -s
        # Most forms answer a refused file with 400; the news desk and the supplier import with
        # 200 (tests/news/test_news_desk.py, the import's error page), the audit report with 413
        # (too large). Each says so in Dutch: the form's error summary, or the import's list of
        # errors, or the size limit.
        if response.status_code not in (200, 400, 413):
            problems.append(f"{label}: status {response.status_code}")
        elif '<html lang="nl"' not in html or not any(sign in html for sign in REFUSED):
            problems.append(f"{label}: no Dutch refusal on the page")
        if seconds >= SECONDS:
            problems.append(f"{label}: {seconds:.2f} s")
        if peak_mb >= EXTRA_MB:
            problems.append(f"{label}: {peak_mb:.0f} MB")
    return problems


@pytest.mark.django_db
def test_every_upload_path_refuses_each_hostile_file_fast_in_little_memory_in_dutch():
    # One test for all paths: the demo data is seeded once.
    personas = {p.name: p for p in build_personas()}
    files = {label: make() for label, make in HOSTILE_FILES.items()}  # made once, seconds each
    problems = {}
    for path, (who, page, field, _form_class) in UPLOADS.items():
        client = personas[who].client
        form = _upload_form(client, page() if callable(page) else page, field)
        problems[path] = _refusals(client, form, field, files)
    assert problems == {path: [] for path in UPLOADS}


def test_every_file_field_of_the_site_is_an_upload_path_here():
    """Every form class with a FileField, in every forms module of the site."""
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import psoportal

    found = set()
    for info in pkgutil.walk_packages(psoportal.__path__, "psoportal."):
        if "form" not in info.name.rsplit(".", 1)[-1]:
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
                    and any(isinstance(f, forms.FileField) for f in cls.base_fields.values())):
                found.add(f"{info.name.removeprefix('psoportal.')}.{name}")
    assert found == {spec[3] for spec in UPLOADS.values()} | ELSEWHERE

"""Who reaches the register import: PSO-Nederland's staff only, like the rest of its back office
(certification's access walk, docs/role-matrix.md). Every URL of the `register_import` namespace
is walked from the URL resolver: anonymous visitors are sent to the login, every other persona
(applicant, colleague, auditor of a certifying institution, another organisation) gets 404 for
every method the view serves and changes nothing; staff get the page, and their POST changes the
database (proving the outsiders' identical POST would have)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from psoportal.register.models import RegisterImport
from psoportal.register.register_import import register_import_check
from tests.accounts.test_url_walk import all_urls
from tests.conftest import full_login
from tests.register.import_support import csv_file, row

pytestmark = pytest.mark.django_db

OUTSIDERS = ("alice", "bob", "audrey", "charlie")


@dataclass(frozen=True)
class Rule:
    methods: tuple[str, ...]
    kwargs: Callable[[RegisterImport], dict] = lambda batch: {}
    data: Callable[[RegisterImport], dict] = lambda batch: {}


RULES = {
    "register_import:start": Rule(("GET", "POST"), data=lambda batch: {
        "file": SimpleUploadedFile("register.csv", csv_file([row(certificaatnummer="X-1")]))}),
    "register_import:batch": Rule(("GET", "POST"), lambda batch: {"batch_id": batch.pk},
                                  data=lambda batch: {"digest": batch.plan_digest}),
    "register_import:template": Rule(("GET",), lambda batch: {"fmt": "xlsx"}),
}


@pytest.fixture
def batch(db) -> RegisterImport:
    _plan, found = register_import_check(data=csv_file([row()]), file_name="register.csv",
                                         actor=None)
    return found


def _fingerprint() -> dict[str, int]:
    seen = {}
    for label in ("core", "certification", "register"):
        for model in django_apps.get_app_config(label).get_models():
            seen[model._meta.label] = hash(repr(list(model.objects.order_by("pk").values_list())))
    return seen


def _send(client: Client, method: str, url: str, data: dict):
    return client.get(url) if method == "GET" else client.post(url, data)


def test_every_url_of_the_register_import_has_a_rule():
    names = {name for name, _url in all_urls() if name.startswith("register_import:")}
    assert names == set(RULES)


def test_each_rule_lists_exactly_the_methods_its_view_serves(batch, bo):
    client = full_login(Client(), bo)
    for name, rule in RULES.items():
        for method in {"GET", "POST"} - set(rule.methods):
            url = reverse(name, kwargs=rule.kwargs(batch))
            assert _send(client, method, url, {}).status_code == 405, (name, method)


def test_staff_get_every_page_and_their_post_changes_the_database(batch, bo):
    client = full_login(Client(), bo)
    for name, rule in RULES.items():
        url = reverse(name, kwargs=rule.kwargs(batch))
        assert client.get(url).status_code == 200, name
        if "POST" in rule.methods:
            with transaction.atomic():
                before = _fingerprint()
                response = client.post(url, rule.data(batch))
                changed = _fingerprint() != before
                transaction.set_rollback(True)
            assert (response.status_code, changed) == (302, True), name


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_everyone_else_gets_404_and_changes_nothing(batch, persona, request):
    client = full_login(Client(), request.getfixturevalue(persona))
    before = _fingerprint()
    wrong = []
    for name, rule in RULES.items():
        url = reverse(name, kwargs=rule.kwargs(batch))
        for method in rule.methods:
            status = _send(client, method, url, rule.data(batch)).status_code
            if status != 404:
                wrong.append((name, method, status))
    assert wrong == []
    assert _fingerprint() == before


def test_anonymous_visitors_are_sent_to_the_login(batch, client):
    for name, rule in RULES.items():
        url = reverse(name, kwargs=rule.kwargs(batch))
        for method in rule.methods:
            response = _send(client, method, url, rule.data(batch))
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith("/account/inloggen/")
    assert RegisterImport.objects.get().status == RegisterImport.Status.DRY_RUN

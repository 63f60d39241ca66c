"""Two requests with the same new reference: the unique constraint decides, the user reads the
form's own message ("Deze referentie bestaat al in deze rekentool."), never a 500."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from psoportal.assessments.forms import EmployeeForm
from psoportal.assessments.models import TargetGroupEmployee
from psoportal.assessments.services import DuplicateReference, employee_add
from tests.conftest import full_login

MESSAGE = "Deze referentie bestaat al in deze rekentool."


def _employee(**overrides):
    data = {
        "version": "1", "ref": "D-010", "category": "wajong", "contract": "regular",
        "hours_per_week": "36", "employed_from": "2023-01-01",
    }
    data.update(overrides)
    return data


def _colleague_saves(rekentool, ref):
    return TargetGroupEmployee.objects.create(
        rekentool=rekentool, ref=ref, category="wia", contract="regular",
        hours_per_week=Decimal("20"), employed_from=dt.date(2023, 1, 1),
    )


@pytest.fixture
def colleague_saves_after_validation(monkeypatch, rekentool):
    """The form's duplicate check passes; then a colleague's request saves the same reference
    before this one reaches the database, as when two requests run side by side."""

    def arrange(ref):
        original = EmployeeForm.is_valid

        def is_valid(form):
            valid = original(form)
            _colleague_saves(rekentool, ref)
            return valid

        monkeypatch.setattr(EmployeeForm, "is_valid", is_valid)

    return arrange


@pytest.mark.django_db
def test_a_reference_taken_between_check_and_save_gets_the_form_message(
    login, alice, rekentool, colleague_saves_after_validation
):
    colleague_saves_after_validation("D-010")
    response = login(alice).post(
        reverse("mijnpso:target_group", args=[rekentool.pk]), _employee()
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ref"] == [MESSAGE]
    assert MESSAGE in response.content.decode()
    assert rekentool.employees.filter(ref="D-010").count() == 1
    assert rekentool.employees.get(ref="D-010").category == "wia"  # the colleague's row


@pytest.mark.django_db
def test_renaming_to_a_reference_taken_between_check_and_save_gets_the_form_message(
    login, alice, rekentool, colleague_saves_after_validation
):
    employee = rekentool.employees.get(ref="D-003")
    colleague_saves_after_validation("D-010")
    response = login(alice).post(
        reverse("mijnpso:employee_edit", args=[rekentool.pk, employee.pk]),
        _employee(ref="D-010", version=str(employee.version)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ref"] == [MESSAGE]
    employee.refresh_from_db()
    assert employee.ref == "D-003"


@pytest.mark.django_db
def test_the_service_refuses_a_taken_reference_and_leaves_the_transaction_usable(
    alice, rekentool
):
    fields = {"ref": "D-001", "category": "wia", "contract": "regular",
              "hours_per_week": Decimal("40"), "employed_from": dt.date(2023, 1, 1)}
    with transaction.atomic():
        with pytest.raises(DuplicateReference):
            employee_add(rekentool=rekentool, user=alice, **fields)
        # Without a savepoint PostgreSQL would refuse every further statement here.
        assert rekentool.employees.count() == 3


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_adds_of_one_reference_save_one_row_and_answer_no_500(
    alice, rekentool
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite lets one writer in at a time, so these requests cannot race to the "
            "constraint; the test above reaches the same code path deterministically"
        )
    clients = []
    for _ in range(6):
        client = Client(raise_request_exception=False)
        full_login(client, alice)
        clients.append(client)
    url = reverse("mijnpso:target_group", args=[rekentool.pk])
    start = threading.Barrier(len(clients))
    answers: list[int] = []
    pages: list[str] = []

    def add(client):
        try:
            start.wait()
            response = client.post(url, _employee())
            answers.append(response.status_code)
            if response.status_code == 200:
                # The content, not response.context: the test client's template signal is
                # shared by all threads.
                pages.append(response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [200] * 5 + [302]
    assert all(MESSAGE in page for page in pages)
    assert TargetGroupEmployee.objects.filter(rekentool=rekentool, ref="D-010").count() == 1

"""Certificates under concurrency (state changes are compare-and-set): two payments at the same
moment for two applications get two different numbers; two clicks on one application issue
one certificate. Run on PostgreSQL, where requests really run side by side."""

import threading

import pytest
from django.db import connection

from psoportal.certification.models import Application, Certificate
from psoportal.certification.services import TransitionRefused
from tests.certification.awarding import awarded, paid, thawed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def submit(submit):
    # Two applications of one organisation from one draft (awarding.thawed says why).
    return thawed(submit)


def _side_by_side(*calls):
    """Run the calls in threads released at the same moment; their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # the test inspects what each call raised
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time")


def test_two_payments_at_once_get_two_numbers(postgres_only, submit, complete_rekentool, bo):
    first, second = (awarded(submit(complete_rekentool), bo) for _ in range(2))
    outcomes = _side_by_side(lambda: paid(Application.objects.get(pk=first.pk), bo),
                             lambda: paid(Application.objects.get(pk=second.pk), bo))
    assert all(isinstance(outcome, Application) for outcome in outcomes), outcomes
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 2 and numbers[0] != numbers[1]
    assert numbers[1].endswith(f"{int(numbers[0][-6:]) + 1:06d}")


def test_two_clicks_on_one_payment_issue_one_certificate(postgres_only, submit,
                                                         complete_rekentool, bo):
    application = awarded(submit(complete_rekentool), bo)
    outcomes = _side_by_side(lambda: paid(Application.objects.get(pk=application.pk), bo),
                             lambda: paid(Application.objects.get(pk=application.pk), bo))
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "Application", TransitionRefused.__name__]
    assert Certificate.objects.count() == 1

"""Two submissions of the same form at the same moment make one application (issue 10 §3): the
unique submission key decides on PostgreSQL, where requests really run side by side."""

import threading

import pytest
from django.db import connection

from psoportal.certification.models import Application
from psoportal.certification.services import application_submit


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_with_one_key_make_one_application(complete_rekentool,
                                                                     alice):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the same-key test covers the path")
    barrier = threading.Barrier(2)
    made = []

    def submit():
        try:
            barrier.wait()
            made.append(application_submit(
                rekentool=complete_rekentool, user=alice, submission_key="double-click",
                authorised=True, agreement_accepted=True,
            ).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 2 and made[0] == made[1]
    assert Application.objects.count() == 1

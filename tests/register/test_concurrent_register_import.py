"""The register import under concurrency (the batch is claimed with a compare-and-set): two
clicks on Importeren apply the file once. Run on PostgreSQL, where requests really run side by
side."""

import pytest
from django.db import connection

from psoportal.certification.models import Certificate
from psoportal.register.models import RegisterImport
from psoportal.register.register_import import (
    ImportRefused,
    register_import_apply,
    register_import_check,
)
from tests.certification.test_concurrent_certificates import _side_by_side
from tests.register.import_support import csv_file, row

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clicks_on_importeren_apply_the_file_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; test_a_batch_is_applied_once covers it")
    rows = [row(), row(certificaatnummer="P24-0002", kvk_nummers="64000202",
                       ingangsdatum="01-05-2024", einddatum="30-04-2026")]
    _plan, batch = register_import_check(data=csv_file(rows), file_name="r.csv", actor=None)

    def apply():
        return register_import_apply(batch_id=batch.pk, digest=batch.plan_digest, actor=None)

    outcomes = _side_by_side(apply, apply)
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        ImportRefused.__name__, RegisterImport.__name__]
    assert Certificate.objects.count() == 2

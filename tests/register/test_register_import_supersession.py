"""Supersession of imported certificates (register_import.py, after certificates._supersede): a
certification lapses (vervalt) from the start of a later one of the same KvK number that starts
while it is in force; its PSO 30+ certificate too. Recomputed on every import, so a corrected
file corrects the lapses; a certificate issued in this portal is never changed."""

from __future__ import annotations

import datetime as dt

import pytest

from psoportal.certification.models import Certificate
from psoportal.register.register_import import import_plan, register_import_run
from psoportal.register.selectors import in_force_on
from psoportal.register.status import RegisterStatus, entry_status
from tests.register.import_support import certificate, csv_file, issued_here, row

pytestmark = pytest.mark.django_db

D = dt.date


def _older(**changes):
    return row(certificaatnummer="P23-0001", trede="Trede 3", pso_30plus="ja",
               certificaatnummer_pso_30plus="P23-0001-30", ingangsdatum="01-03-2023",
               einddatum="28-02-2025", **changes)


def _newer(**changes):
    values = {"certificaatnummer": "P24-0002", "trede": "Trede 3", "ingangsdatum": "01-06-2024",
              "einddatum": "31-05-2026", "kvk_nummers": "64000999 64000101"}
    values.update(changes)
    return row(**values)


def _import(*rows):
    plan = register_import_run(data=csv_file(list(rows)), file_name="r.csv", actor=None)
    assert not plan.errors, plan.errors.lines()
    return plan


def _lapse(number):
    found = certificate(number)
    return found.lapsed_on, found.superseded_by.number if found.superseded_by else None


def test_a_newer_certificate_of_the_same_kvk_number_makes_the_older_one_lapse_from_its_start():
    plan = _import(_older(), _newer())
    assert _lapse("P23-0001") == (D(2024, 6, 1), "P24-0002")
    # Its PSO 30+ certificate lapses with it; without a newer PSO 30+ one, the level one succeeds.
    assert _lapse("P23-0001-30") == (D(2024, 6, 1), "P24-0002")
    assert _lapse("P24-0002") == (None, None)
    assert plan.counts["lapsed"] == 2
    assert entry_status(certificate("P23-0001"), on=D(2024, 7, 1)).code == RegisterStatus.LAPSED
    assert entry_status(certificate("P23-0001"), on=D(2024, 5, 31)).code == RegisterStatus.VALID


def test_a_newer_pso30plus_certificate_succeeds_the_older_pso30plus_certificate():
    _import(_older(), _newer(pso_30plus="ja", certificaatnummer_pso_30plus="P24-0002-30"))
    assert _lapse("P23-0001-30") == (D(2024, 6, 1), "P24-0002-30")
    assert _lapse("P23-0001") == (D(2024, 6, 1), "P24-0002")


def test_a_certificate_that_ended_before_the_newer_one_started_does_not_lapse():
    _import(_older(), _newer(ingangsdatum="01-03-2025", einddatum="28-02-2027"))
    assert _lapse("P23-0001") == (None, None)


def test_a_certificate_revoked_before_the_newer_one_started_does_not_lapse():
    _import(_older(ingetrokken_per="01-01-2024"), _newer())
    assert _lapse("P23-0001") == (None, None)
    assert certificate("P23-0001").revoked_on == D(2024, 1, 1)


def test_in_a_chain_each_certificate_lapses_by_the_next_one():
    third = row(certificaatnummer="P25-0003", kvk_nummers="64000101", ingangsdatum="01-01-2025",
                einddatum="31-12-2026")
    _import(_older(), _newer(), third)
    assert _lapse("P23-0001") == (D(2024, 6, 1), "P24-0002")
    assert _lapse("P24-0002") == (D(2025, 1, 1), "P25-0003")
    assert _lapse("P25-0003") == (None, None)


def test_importing_the_newer_one_later_shows_and_applies_the_lapse_of_the_older():
    _import(_older())
    plan = import_plan(csv_file([_newer()]), "r.csv")
    assert plan.counts == {"new": 1, "updated": 0, "unchanged": 0, "lapsed": 2}
    assert {(lapse.number, lapse.old, lapse.new) for lapse in plan.lapses} == {
        ("P23-0001", (None, None), (D(2024, 6, 1), "P24-0002")),
        ("P23-0001-30", (None, None), (D(2024, 6, 1), "P24-0002")),
    }
    assert _lapse("P23-0001") == (None, None)  # a dry run
    _import(_newer())
    assert _lapse("P23-0001") == (D(2024, 6, 1), "P24-0002")


def test_a_corrected_start_moves_the_lapse_and_a_removed_overlap_undoes_it():
    _import(_older(), _newer())
    _import(_newer(ingangsdatum="01-09-2024"))
    assert _lapse("P23-0001") == (D(2024, 9, 1), "P24-0002")
    plan = _import(_newer(kvk_nummers="64000999"))
    assert _lapse("P23-0001") == (None, None)
    assert plan.counts["lapsed"] == 2


def test_a_certificate_issued_here_later_supersedes_the_imported_one_and_stays_untouched():
    ours = issued_here("PSO-2024-000001", "64000101", D(2024, 6, 1), D(2026, 5, 31))
    _import(_older())
    assert _lapse("P23-0001") == (D(2024, 6, 1), "PSO-2024-000001")
    ours.refresh_from_db()
    assert (ours.lapsed_on, ours.superseded_by) == (None, None)
    # Imported again: unchanged (the lapse it got from the award is the one recomputed).
    assert import_plan(csv_file([_older()]), "r.csv").changes == 0


def test_at_most_one_certificate_per_kvk_number_is_in_force_on_any_day_after_an_import():
    third = row(certificaatnummer="P25-0003", kvk_nummers="64000101", ingangsdatum="01-01-2025",
                einddatum="31-12-2026")
    _import(_older(), _newer(), third)
    day = D(2023, 1, 1)
    while day < D(2027, 1, 1):
        in_force = Certificate.objects.filter(in_force_on(day), kind="level",
                                              scope__kvk="64000101")
        assert in_force.count() <= 1, day
        day += dt.timedelta(days=15)

"""Corrections to figures: stored one by one, applied to a copy of the frozen document and
recomputed with the application's own handbook version; the page shows the application's
result beside the audited one and the change of level in words (issue 10 §5). An invalid
correction says why, in Dutch, and changes nothing. Persona: Audrey."""

import copy
import re
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from psoportal.certification.audits import AuditRefused, audit_correct
from psoportal.certification.models import AuditCorrection
from psoportal.certification.transitions import Party
from psoportal.methodology import handbook as handbook_module
from psoportal.methodology import parse_assessment, score, score_to_dict
from psoportal.methodology.handbook import HandbookRegistry, handbook_get

pytestmark = pytest.mark.django_db

SHIPPED = Path(handbook_module.__file__).parent / "handbooks" / "2.2.toml"


def _row_url(audit, row):
    return reverse("certification:audit_correct_row", args=[audit.application_id, row])


def _row_data(**changes):
    """D-001 as submitted (WIA, regular, 40 hours since 2018), with `changes`."""
    data = {"category": "wia", "contract": "regular", "hours_per_week": "40",
            "employed_from": "2018-01-01", "employed_until": "", "inflow_date": "2018-01-01",
            "lks_until": "", "indication_until": "", "school_left": "",
            "note": "Loonstroken over het peiljaar ingezien."}
    data.update(changes)
    return data


def _workforce(total="50", headcount="55", seconded="0", note="Jaarrekening ingezien."):
    return {"total_fte": total, "average_headcount": headcount,
            "sw_seconded_out_fte": seconded, "note": note}


def test_a_row_correction_is_stored_and_recomputed_with_the_level_difference_in_words(
    login, auditor, planned
):
    client = login(auditor)
    response = client.post(_row_url(planned, 0), _row_data(hours_per_week="0"))
    assert response.status_code == 302
    [correction] = AuditCorrection.objects.filter(audit=planned)
    assert (correction.field, correction.original, correction.corrected) == (
        "target_group[0].hours_per_week", "40", "0")
    assert correction.by == auditor and correction.note == "Loonstroken over het peiljaar ingezien."
    planned.refresh_from_db()
    assert planned.audited_document["target_group"][0]["hours_per_week"] == "0"
    assert (planned.audited_result["total_pct"], planned.audited_result["level"]) == (
        "3.20", "trede_1")
    # The application itself never changes.
    application = planned.application
    application.refresh_from_db()
    assert application.document["target_group"][0]["hours_per_week"] == "40"
    assert application.result["level"] == "trede_2"
    page = client.get(reverse("certification:audit_corrections", args=[application.pk]))
    content = page.content.decode()
    assert "De geauditeerde trede is 1 trede lager: Trede 1 in plaats van Trede 2." in content
    assert "5,20\u00a0%" in content and "3,20\u00a0%" in content and "-2,00\u00a0%" in content
    assert "Medewerker D-001 (rij 1)" in content


def test_the_workforce_correction_records_only_the_figures_that_changed(
    login, auditor, planned
):
    response = login(auditor).post(
        reverse("certification:audit_corrections", args=[planned.application_id]),
        _workforce(total="52,5", headcount="55"),
    )
    assert response.status_code == 302
    assert [(c.field, c.original, c.corrected) for c in planned.corrections.all()] == [
        ("workforce.total_fte", "50", "52.5")]
    planned.refresh_from_db()
    assert planned.audited_result["total_fte"] == "52.5"


def test_corrections_build_on_each_other(planned, auditor):
    audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                  changes={"workforce.total_fte": "60"}, note="Eerste.")
    audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                  changes={"target_group[2].hours_per_week": "16"}, note="Tweede.")
    planned.refresh_from_db()
    assert planned.audited_document["workforce"]["total_fte"] == "60"
    assert planned.audited_document["target_group"][2]["hours_per_week"] == "16"
    assert [c.original for c in planned.corrections.all()] == ["50", "32"]


def test_the_recomputation_uses_the_applications_handbook_not_the_one_in_force(
    tmp_path, monkeypatch, planned, auditor
):
    # A newer version, in force today, that weighs WIA at a half.
    shutil.copy(SHIPPED, tmp_path / "2.2.toml")
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace('version = "2.2"', 'version = "9.9"', 1)
    text = text.replace("effective = 2024-04-01", "effective = 2025-04-01", 1)
    text = re.sub(r'(code = "wia"\n(?:.*\n){2})weight = "1"', r'\1weight = "0.5"', text, count=1)
    (tmp_path / "9.9.toml").write_text(text, encoding="utf-8")
    registry = HandbookRegistry.from_directory(tmp_path)
    monkeypatch.setattr(handbook_module, "default_registry", lambda: registry)
    monkeypatch.setattr("psoportal.methodology.assessment.default_registry", lambda: registry)
    assert handbook_module.handbook_for(planned.application.submitted_at.date()).version == "9.9"

    audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                  changes={"target_group[2].hours_per_week": "16"}, note="Urenregistratie.")
    planned.refresh_from_db()
    document = copy.deepcopy(planned.audited_document)
    expected = score_to_dict(score(parse_assessment(document), handbook=handbook_get("2.2")))
    newer = score_to_dict(score(parse_assessment(document), handbook=registry.get("9.9")))
    assert planned.audited_result["handbook"] == "2.2"
    assert planned.audited_result["direct_fte"] == expected["direct_fte"]
    assert expected["direct_fte"] != newer["direct_fte"]


@pytest.mark.parametrize(("data", "field", "message"), [
    (_row_data(hours_per_week="90"), "hours_per_week", "Vul een getal in van ten hoogste 80."),
    (_row_data(employed_until="2017-12-31"), "employed_until",
     "De einddatum ligt voor de datum van indiensttreding."),
    (_row_data(category="onbekend"), "category", None),
    (_row_data(hours_per_week="0", note=""), "note", None),
])
def test_an_invalid_row_correction_is_refused_with_a_dutch_field_error(
    login, auditor, planned, data, field, message
):
    response = login(auditor).post(_row_url(planned, 0), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert errors and (message is None or errors == [message])
    assert not AuditCorrection.objects.exists()
    planned.refresh_from_db()
    assert planned.audited_document is None and planned.audited_result is None


def test_a_correction_the_engine_refuses_says_why_and_stores_nothing(login, auditor, planned):
    # T of 2 fte is below the weighted target group D = 2.6 (rule book §5.3).
    response = login(auditor).post(
        reverse("certification:audit_corrections", args=[planned.application_id]),
        _workforce(total="2"),
    )
    assert response.status_code == 400
    [error] = response.context["form"].non_field_errors()
    assert "groter dan het totaal fte" in error
    assert not AuditCorrection.objects.exists()
    planned.refresh_from_db()
    assert planned.audited_result is None


def test_a_correction_that_changes_nothing_is_refused(login, auditor, planned):
    response = login(auditor).post(
        reverse("certification:audit_corrections", args=[planned.application_id]), _workforce())
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["U heeft geen gegeven gewijzigd."]


def test_the_service_refuses_a_row_that_is_not_in_the_application(planned, auditor):
    with pytest.raises(AuditRefused, match="staat niet in de aanvraag"):
        audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                      changes={"target_group[3].hours_per_week": "8"}, note="Rij 4.")


def test_a_row_beyond_the_target_group_is_404(login, auditor, planned):
    assert login(auditor).get(_row_url(planned, 3)).status_code == 404


def test_the_auditor_finds_a_row_by_its_reference(login, auditor, planned):
    url = reverse("certification:audit_corrections", args=[planned.application_id])
    client = login(auditor)
    assert client.get(url + "?referentie=D-003").url == _row_url(planned, 2)
    missing = client.get(url + "?referentie=D-999")
    assert missing.status_code == 400
    assert "Geen doelgroepmedewerker met deze referentie" in missing.content.decode()


def test_the_row_page_shows_the_row_as_submitted(login, auditor, planned):
    audit_correct(audit=planned, party=Party.INSTITUTION, user=auditor,
                  changes={"target_group[2].hours_per_week": "16"}, note="Urenregistratie.")
    response = login(auditor).get(_row_url(planned, 2))
    assert ("Uren per week", "32") in response.context["submitted"]
    assert response.context["form"].initial["hours_per_week"] == 16

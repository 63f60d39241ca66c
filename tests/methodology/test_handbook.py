"""The handbook loader and the 2.2 data (rule book §4.1, §5, §7-§10)."""

import dataclasses
import re
import shutil
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from psoportal.methodology.handbook import (
    HANDBOOK_DIR,
    HandbookError,
    HandbookNotFound,
    HandbookRegistry,
    handbook_for,
    handbook_get,
    handbook_list,
    load_handbook,
)
from psoportal.methodology.rounding import round_half_up

SHIPPED = HANDBOOK_DIR / "2.2.toml"

# Rule book §4.1, the published rows: size → (Trede 1, Trede 2, Trede 3).
PUBLISHED = {
    2: ("21.4", "28.0", "33.0"),
    5: ("12.6", "17.0", "22.0"),
    10: ("6.7", "9.0", "15.5"),
    15: ("6.2", "8.0", "13.0"),
    20: ("5.7", "7.3", "10.8"),
    25: ("5.2", "6.6", "9.8"),
    30: ("4.7", "6.1", "8.9"),
    35: ("4.2", "5.6", "8.4"),
    40: ("3.7", "5.1", "7.9"),
    45: ("3.4", "4.6", "7.4"),
    50: ("3.0", "3.7", "6.8"),
    60: ("2.6", "3.4", "5.7"),
    70: ("2.3", "3.0", "5.1"),
    80: ("2.0", "2.6", "4.6"),
    90: ("1.7", "2.3", "4.2"),
    100: ("1.5", "2.1", "3.9"),
    105: ("1.4", "1.9", "3.7"),
}
TREDES = ("trede_1", "trede_2", "trede_3")


@pytest.fixture
def hb():
    return handbook_get("2.2")


def test_it_has_a_norm_row_for_every_size_from_2_to_105(hb):
    assert [r.size for r in hb.norm_rows] == list(range(2, 106))


@pytest.mark.parametrize("size", sorted(PUBLISHED))
def test_it_holds_the_published_rows_exactly(hb, size):
    row = hb.norm_row(size)
    assert row.published is True
    assert tuple(row.norms[c] for c in TREDES) == tuple(Decimal(v) for v in PUBLISHED[size])


@pytest.mark.parametrize("size", [s for s in range(2, 106) if s not in PUBLISHED])
def test_it_interpolates_the_unpublished_rows_half_up_to_one_decimal(hb, size):
    low = max(s for s in PUBLISHED if s < size)
    high = min(s for s in PUBLISHED if s > size)
    row = hb.norm_row(size)
    assert row.published is False
    for i, column in enumerate(TREDES):
        a, b = Fraction(PUBLISHED[low][i]), Fraction(PUBLISHED[high][i])
        expected = round_half_up(a + (b - a) * Fraction(size - low, high - low), 1)
        assert row.norms[column] == expected, column


@pytest.mark.parametrize("size", range(2, 106))
def test_its_basistrede_is_three_quarters_of_the_rounded_trede_1(hb, size):
    row = hb.norm_row(size)
    assert row.norms["basistrede"] == round_half_up(Fraction(row.norms["trede_1"]) * 3 / 4, 1)


def test_it_marks_the_basistrede_norm_provisional(hb):
    assert hb.level("basistrede").norm_provisional is True
    assert [lv.code for lv in hb.levels if lv.norm_provisional] == ["basistrede"]


@pytest.mark.parametrize(
    ("code", "weight", "provisional", "period", "years", "until", "start"),
    [
        ("wsw", "1", False, "until", None, "indication_until", "inflow_date"),
        ("participatiewet", "1", False, "years", 5, None, "inflow_date"),
        ("participatiewet_lks", "1", False, "years_or_until", 5, "lks_until", "inflow_date"),
        ("wia", "1", False, "while_employed", None, None, "inflow_date"),
        ("wajong", "1", False, "while_employed", None, None, "inflow_date"),
        ("doelgroepregister", "1", False, "while_employed", None, None, "inflow_date"),
        ("vso_pro", "1", False, "years", 5, None, "school_left"),
        ("vso_pro_register", "1", False, "while_employed", None, None, "inflow_date"),
        ("ww", "0.75", False, "years", 5, None, "inflow_date"),
        ("wiw_id", "1", False, "years", 5, None, "inflow_date"),
        ("status_lost", "1", False, "years", 5, None, "inflow_date"),
        ("vso_pro_stage", "1", False, "while_employed", None, None, "inflow_date"),
        ("bbl_bol_1", "0.75", True, "while_employed", None, None, "inflow_date"),
        ("bbl_bol_2", "0.5", True, "while_employed", None, None, "inflow_date"),
        ("bbl_bol_3_4", "0.25", True, "while_employed", None, None, "inflow_date"),
    ],
)
def test_it_holds_the_category_weights_and_counting_periods(
    hb, code, weight, provisional, period, years, until, start
):
    category = hb.categories[code]
    assert category.weight == Decimal(weight)
    assert category.provisional is provisional
    assert (category.counting_period, category.years, category.until, category.start) == (
        period,
        years,
        until,
        start,
    )
    assert category.label_nl and category.label_en and category.period_nl and category.period_en


def test_vso_pro_on_an_internship_is_its_own_category_and_bbl_bol_1_is_level_1_only(hb):
    stage = hb.categories["vso_pro_stage"]
    assert stage.label_nl == (
        "VSO/PrO-leerling of -schoolverlater met stage- of leerwerkovereenkomst"
    )
    assert (
        stage.label_en == "VSO/PrO pupil or school-leaver on an internship or learn-work agreement"
    )
    assert (hb.categories["bbl_bol_1"].label_nl, hb.categories["bbl_bol_1"].label_en) == (
        "BBL/BOL niveau 1",
        "BBL/BOL level 1",
    )
    assert "vso_pro_stage" not in hb.banenafspraak.categories


@pytest.mark.parametrize(
    ("code", "weight", "max_years"),
    [
        ("regular", "1", None),
        ("begeleid_werken", "1", None),
        ("secondment", "0.9", None),
        ("internship", "0.75", 3),
        ("trial", "0.5", None),
    ],
)
def test_it_holds_the_contract_weights(hb, code, weight, max_years):
    assert hb.contracts[code].weight == Decimal(weight)
    assert hb.contracts[code].max_years == max_years


def test_it_holds_the_banenafspraak_and_pso30plus_sets(hb):
    assert hb.banenafspraak.categories == {
        "wajong", "wsw", "doelgroepregister", "vso_pro_register", "participatiewet_lks",
    }  # fmt: skip
    assert hb.banenafspraak.hours_per_baan == Decimal("25.5")
    p = hb.pso30plus
    assert p.level == "trede_3" and p.minimum_pct == 30
    assert p.categories_never == {"bbl_bol_1", "bbl_bol_2", "vso_pro_stage"}
    assert p.categories_indicated == {
        "participatiewet", "ww", "wiw_id", "status_lost", "vso_pro", "bbl_bol_3_4",
    }  # fmt: skip
    assert p.contracts == {"regular", "begeleid_werken", "secondment"}


def test_it_holds_the_qualitative_aspects_with_questions_in_both_languages(hb):
    codes = {a.code: a.levels for a in hb.aspects}
    assert codes == {
        "passend_werk": ("basistrede", "trede_1", "trede_2", "trede_3"),
        "integratie": ("basistrede", "trede_1", "trede_2", "trede_3"),
        "functioneren_ontwikkeling": ("basistrede", "trede_1", "trede_2", "trede_3"),
        "begeleiding": ("basistrede", "trede_1", "trede_2", "trede_3"),
        "plan_van_aanpak": ("aspirant",),
    }
    for aspect in hb.aspects:
        for q in aspect.questions:
            assert q.text_nl and q.text_en and q.evidence_nl and q.evidence_en


def test_it_holds_the_fee_table_from_april_2023(hb):
    table = hb.fee_table_for(date(2025, 8, 15))
    assert table.effective == date(2023, 4, 1)
    assert [(b.lower, b.upper, b.value) for b in table.annual_contribution] == [
        (Decimal(a), Decimal(b) if b else None, Decimal(c))
        for a, b, c in [
            ("2", "25", "525.00"),
            ("25", "50", "997.50"),
            ("50", "100", "1575.00"),
            ("100", "250", "2362.50"),
            ("250", "500", "3675.00"),
            ("500", "1000", "4987.50"),
            ("1000", None, "6247.50"),
        ]
    ]
    assert table.pso30plus_fee == Decimal("150.00")
    assert {code: e.amount for code, e in table.events.items()} == {
        "withdrawal_in_window": Decimal("250.00"),
        "cancel_personal_data": Decimal("250.00"),
        "cancel_email_not_traceable": Decimal("250.00"),
        "new_application_credit": Decimal("125.00"),
        "change_of_ci": Decimal("100.00"),
        "partial_name_change": Decimal("100.00"),
        "full_name_change": Decimal("250.00"),
    }
    assert hb.fee_table_for(date(2023, 3, 31)) is None


def test_it_holds_vat_dates_and_limits(hb):
    assert hb.vat_rate_pct == 21
    assert dataclasses.asdict(hb.dates) == {
        "first_invoice_after_days": 14,
        "second_invoice_after_years": 1,
        "payment_term_days": 14,
        "certificate_years": 2,
        "expiry_notice_months": 3,
        "cancellation_window_months": 3,
        "half_credit_window_months": 1,
        "three_month_rule_months": 3,
        "payment_reminder_after_days": 7,
    }
    assert (hb.limits.hours_per_week_min, hb.limits.hours_per_week_max) == (0, 80)
    assert hb.limits.peiljaar_months == 12 and hb.limits.kvk_digits == 8
    assert hb.minimum_fte == 2


def test_handbooks_are_immutable(hb):
    with pytest.raises(dataclasses.FrozenInstanceError):
        hb.version = "9.9"
    with pytest.raises(TypeError):
        hb.categories["wia"] = None
    with pytest.raises(TypeError):
        hb.norm_row(10).norms["trede_1"] = Decimal(0)


def test_it_loads_each_version_once():
    assert handbook_get("2.2") is handbook_get("2.2") is handbook_for(date(2025, 1, 1))


def test_it_lists_the_shipped_versions_oldest_first():
    versions = handbook_list()
    assert "2.2" in [h.version for h in versions]
    assert [h.effective for h in versions] == sorted(h.effective for h in versions)


def test_an_unknown_version_is_a_clear_error():
    with pytest.raises(HandbookNotFound, match=r"unknown handbook version '9\.9' \(known: 2\.2\)"):
        handbook_get("9.9")


def test_a_date_before_the_first_version_is_a_clear_error():
    with pytest.raises(HandbookNotFound, match="no handbook in force on 2024-03-31"):
        handbook_for(date(2024, 3, 31))


# -- versions by date --------------------------------------------------------------------------


def _copy_as(directory: Path, version: str, effective: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace('version = "2.2"', f'version = "{version}"', 1)
    text = text.replace("effective = 2024-04-01", f"effective = {effective}", 1)
    (directory / f"{version}.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2024, 4, 1), "2.2"),
        (date(2025, 3, 31), "2.2"),
        (date(2025, 4, 1), "2.3"),
        (date(2026, 1, 1), "2.3"),
    ],
)
def test_it_picks_the_version_in_force_on_a_date(tmp_path, day, version):
    shutil.copy(SHIPPED, tmp_path / "2.2.toml")
    _copy_as(tmp_path, "2.3", "2025-04-01")
    registry = HandbookRegistry.from_directory(tmp_path)
    assert registry.for_date(day).version == version


def test_two_versions_with_the_same_date_are_refused(tmp_path):
    shutil.copy(SHIPPED, tmp_path / "2.2.toml")
    _copy_as(tmp_path, "2.3", "2024-04-01")
    with pytest.raises(HandbookError, match="same date"):
        HandbookRegistry.from_directory(tmp_path)


# -- broken files ------------------------------------------------------------------------------


def _nth(text: str, pattern: str, n: int, replacement: str) -> str:
    matches = list(re.finditer(pattern, text, flags=re.MULTILINE))
    m = matches[n]
    return text[: m.start()] + replacement + text[m.end() :]


@pytest.mark.parametrize(
    ("pattern", "n", "replacement", "message"),
    [
        (r'^trede_1 = "6\.2"', 0, "trede_1 = 6.2", "norms[13].trede_1: expected a decimal string"),
        (r'^trede_1 = "6\.2"', 0, 'trede_1 = "x"', "norms[13].trede_1: expected a decimal string"),
        (r"^size = 15$", 0, "size = 16", "norms[13].size: expected 15"),
        (r'^trede_3 = "13\.0"', 0, 'trede_3 = "7.0"', "norms[13].trede_3: expected a norm above"),
        (r'^trede_2 = "8\.0"', 0, 'trede_2 = "9.9"', "norms[13].trede_2: expected a norm not"),
        (r"^published = true", 1, "published = 1", "norms[3].published: expected true or false"),
        (r'^weight = "0\.75"', 0, 'weight = "1.5"', "categories[8].weight: expected a weight"),
        (r'^counting_period = "years"', 0, 'counting_period = "decades"',
         "categories[1].counting_period: expected one of"),
        (r"^years = 5\n", 0, "", "categories[1].years: required for this counting period"),
        (r'^until = "lks_until"', 0, 'until = "lks_end"', "categories[2].until: expected one of"),
        (r'^amount = "525\.00"', 0, 'amount = "525,00"',
         "fee_tables[0].annual_contribution[0].amount: expected a decimal string"),
        (r'^to = "50"\n', 0, 'to = "60"\n', "fee_tables[0].annual_contribution[2].from: expected"),
        (r"^first_invoice_after_days = 14", 0, 'first_invoice_after_days = "14"',
         "dates.first_invoice_after_days: expected a whole number"),
        (r"^payment_term_days = 14\n", 0, "", "dates.payment_term_days: missing"),
        (r"^\[vat\]\nrate_pct", 0, "[vat]\nrate_percent", "vat.rate_percent: unknown key"),
        (r'^categories_never = \["bbl_bol_1", "bbl_bol_2", "vso_pro_stage"\]', 0,
         'categories_never = ["bbl_bol_1", "vso_pro_stage"]',
         "pso30plus: categories not in any set: bbl_bol_2"),
        (r'^code = "wsw"', 0, 'code = "w' + "s" * 40 + '"',
         "categories[0].code: expected a code (lower case letters, digits, _; at most 40)"),
        (r'^categories = \["wajong"', 0, 'categories = ["wajongg"',
         "banenafspraak.categories[0]: unknown code 'wajongg'"),
        (r'^levels = \["aspirant"\]', 0, 'levels = ["trede_1"]',
         "aspects: no aspect applies to 'aspirant'"),
        (r"^effective = 2024-04-01", 0, "effective = 2024-04-01T00:00:00",
         "handbook.effective: expected a date"),
        (r'^version = "2\.2"', 0, 'version = "2.3"', "handbook.version: '2.3' does not match"),
        (r'^rate_pct = "21"', 0, "rate_pct = [", "not valid TOML"),
    ],
)  # fmt: skip
def test_a_broken_handbook_names_the_key(tmp_path, pattern, n, replacement, message):
    broken = _nth(SHIPPED.read_text(encoding="utf-8"), pattern, n, replacement)
    path = tmp_path / "2.2.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(HandbookError) as e:
        load_handbook(path)
    assert str(e.value).startswith("handbooks/2.2.toml: ")
    assert message in str(e.value)


def test_a_missing_handbook_file_is_reported():
    with pytest.raises(HandbookError, match="cannot read"):
        load_handbook(Path("/nonexistent/2.2.toml"))


def test_the_shipped_handbook_loads_cleanly():
    assert load_handbook(SHIPPED).version == "2.2"

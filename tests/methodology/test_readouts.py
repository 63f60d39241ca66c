"""PSO 30+ and Banenafspraak read-outs (rule book §7, §7.4)."""

from fractions import Fraction

import pytest

from .builders import ALL_MET, doc, output, row, scored


@pytest.mark.parametrize(
    ("category", "indicated", "counts"),
    [
        ("wsw", False, True),
        ("participatiewet_lks", False, True),
        ("wia", False, True),
        ("wajong", False, True),
        ("doelgroepregister", False, True),
        ("vso_pro_register", False, True),
        ("participatiewet", False, False),
        ("participatiewet", True, True),
        ("ww", False, False),
        ("ww", True, True),
        ("wiw_id", True, True),
        ("status_lost", True, True),
        ("vso_pro", True, True),
        ("bbl_bol_3_4", False, False),
        ("bbl_bol_3_4", True, True),
        ("bbl_bol_1", True, False),
        ("vso_pro_stage", False, False),
        ("vso_pro_stage", True, False),
        ("bbl_bol_2", True, False),
    ],
)
def test_pso30plus_counts_categories_automatically_with_indication_or_never(
    category, indicated, counts
):
    d = doc(row(category=category, indicated_30plus=indicated, employed_from="2023-01-01",
                inflow_date="2023-01-01", school_left="2023-01-01"), total_fte="10")  # fmt: skip
    assert scored(d).pso30plus.pct == (10 if counts else 0)


@pytest.mark.parametrize(
    ("contract", "pct"),
    [
        ("regular", Fraction(20)),
        ("begeleid_werken", Fraction(20)),
        ("secondment", Fraction(20)),
        # neither in the numerator nor in T: 1 / (10 - 1)
        ("internship", Fraction(100, 9)),
        ("trial", Fraction(100, 9)),
    ],
)
def test_pso30plus_leaves_out_internships_and_trials_on_both_sides(contract, pct):
    d = doc(row("A"), row("B", contract=contract, employed_from="2023-01-01"), total_fte="10")
    assert scored(d).pso30plus.pct == pct


def test_pso30plus_counts_fte_unweighted():
    d = doc(row(category="ww", indicated_30plus=True, inflow_date="2023-01-01",
                contract="secondment"), total_fte="10")  # fmt: skip
    s = scored(d)
    assert s.direct_fte == Fraction(675, 1000)
    assert s.pso30plus.pct == 10


def test_pso30plus_is_eligible_with_trede_3_and_at_least_30_percent():
    # Example 04: 2.6 counted fte of 8 = 32.5 %, Trede 3.
    d = doc(
        row("A", category="wajong"),
        row("B", category="wsw"),
        row("C", category="wia", hours_per_week="24"),
        row("D", category="bbl_bol_1", hours_per_week="32", employed_from="2023-09-01"),
        total_fte="8",
    )
    out = output(d)
    assert out["level"] == "trede_3"
    assert out["pso30plus"] == {"pct": "32.50", "eligible": True}
    assert out["costs"]["pso30plus_fee"] == "150.00"


def test_pso30plus_is_not_eligible_without_the_final_trede_3():
    d = doc(row("A", category="wajong"), row("B", category="wsw"), row("C"), total_fte="8",
            qualitative={**ALL_MET, "begeleiding": False})  # fmt: skip
    s = scored(d)
    assert s.quantitative_level == "trede_3" and s.level == "none"
    assert s.pso30plus.pct == Fraction(300, 8)
    assert s.pso30plus.eligible is False
    assert output(d)["costs"]["pso30plus_fee"] == "0.00"


def test_pso30plus_is_not_eligible_below_30_percent():
    # 2.36 fte of 8 = 29.5 % while the total is a Trede 3.
    d = doc(row("A"), row("B"), row("C", hours_per_week="14.4"), total_fte="8")
    s = scored(d)
    assert s.level == "trede_3"
    assert s.pso30plus.pct == Fraction(295, 10)
    assert s.pso30plus.eligible is False


def test_pso30plus_is_eligible_at_exactly_30_percent():
    d = doc(row("A"), row("B"), row("C", hours_per_week="16"), total_fte="8")
    s = scored(d)
    assert s.pso30plus.pct == 30 and s.pso30plus.eligible is True


def test_pso30plus_has_no_percentage_when_nothing_is_left_to_divide_by():
    d = doc(row("A", contract="trial"), row("B", contract="trial"), total_fte="2")
    s = scored(d)
    assert s.pso30plus.pct is None and s.pso30plus.eligible is False
    assert output(d)["pso30plus"] == {"pct": None, "eligible": False}


@pytest.mark.parametrize(
    ("category", "counts"),
    [
        ("wajong", True),
        ("wsw", True),
        ("doelgroepregister", True),
        ("vso_pro_register", True),
        ("participatiewet_lks", True),
        ("wia", False),
        ("participatiewet", False),
        ("vso_pro", False),
        ("vso_pro_stage", False),
        ("ww", False),
    ],
)
def test_banenafspraak_counts_its_categories(category, counts):
    d = doc(row(category=category, employed_from="2023-01-01"), total_fte="10")
    out = output(d)
    assert out["banenafspraak"] == (
        {"pct": "10.00", "banen": "1.57"} if counts else {"pct": "0.00", "banen": "0.00"}
    )


def test_banenafspraak_counts_unweighted_fte_and_25_5_hours_per_baan():
    d = doc(row(category="wajong", contract="trial", hours_per_week="20"), total_fte="10")
    s = scored(d)
    assert s.banenafspraak.fte == Fraction(1, 2)
    assert s.banenafspraak.pct == 5
    assert s.banenafspraak.banen == Fraction(20, Fraction(51, 2))
    assert output(d)["banenafspraak"] == {"pct": "5.00", "banen": "0.78"}

"""Size row, norms, quantitative and final level (rule book §4, §8)."""

import pytest

from .builders import ALL_MET, doc, output, row, scored


def test_a_total_exactly_on_the_norm_reaches_the_level():
    # Rule book §12 example 2: 9.00 % = the Trede 2 norm of row 10.
    s = scored(doc(row(category="wajong", contract="secondment"), total_fte="10"))
    assert s.total_pct == 9
    assert s.quantitative_level == s.level == "trede_2"


def test_a_total_just_below_the_norm_does_not():
    # One day short of a full year: 0.9 × 365/366 → 8.975… %, shown as 8.98, below 9.0.
    d = doc(row(category="wajong", contract="secondment", employed_from="2024-01-02"),
            total_fte="10")  # fmt: skip
    assert scored(d).quantitative_level == "trede_1"
    assert output(d)["total_pct"] == "8.98"


@pytest.mark.parametrize(
    ("total_fte", "size_row"),
    [
        ("2", 2),
        ("2.49", 2),
        ("2.5", 3),
        ("14.49", 14),
        ("14.5", 15),
        ("104.49", 104),
        ("104.5", 105),
        ("250", 105),
        ("100000", 105),
    ],
)
def test_the_size_row_is_t_rounded_half_up_at_most_105(total_fte, size_row):
    assert scored(doc(total_fte=total_fte)).size_row == size_row


@pytest.mark.parametrize("total_fte", ["1.99", "1", "0.5"])
def test_below_two_fte_the_organisation_is_not_certifiable(total_fte):
    d = doc(row(hours_per_week="8"), total_fte=total_fte,
            qualitative={**ALL_MET, "plan_van_aanpak": True})  # fmt: skip
    out = output(d)
    assert out["size_row"] is None and out["norms"] is None and out["norm_published"] is None
    assert out["quantitative_level"] == out["level"] == "none"
    assert out["next_level"] is None
    assert out["costs"] == {"annual_contribution": None, "pso30plus_fee": "0.00",
                            "audit_mandays": None}  # fmt: skip
    (warning,) = out["warnings"]
    assert warning["code"] == "not_certifiable"
    assert f"({total_fte})" in warning["message"] and "2 fte" in warning["message"]


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        # row 10: Basistrede 5.0, Trede 1 6.7, Trede 2 9.0, Trede 3 15.5
        (["0"], "none"),
        (["19.96"], "none"),  # 4.99 %
        (["20"], "basistrede"),  # 5.00 %
        (["26.8"], "trede_1"),  # 6.70 %
        (["36"], "trede_2"),  # 9.00 %
        (["40", "21.96"], "trede_2"),  # 15.49 %
        (["40", "22"], "trede_3"),  # 15.50 %
        (["48", "48", "48"], "trede_3"),  # hours above full-time count as 40
    ],
)
def test_the_quantitative_level_is_the_highest_norm_reached(hours, level):
    rows = [row(f"R-{i}", hours_per_week=h) for i, h in enumerate(hours)]
    assert scored(doc(*rows, total_fte="10")).quantitative_level == level


def test_norms_of_the_size_row_are_shown():
    out = output(doc(total_fte="8"))
    assert out["norms"] == {"basistrede": "6.8", "trede_1": "9.1", "trede_2": "12.2",
                            "trede_3": "18.1"}  # fmt: skip
    assert out["norm_published"] is False


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (ALL_MET, "trede_2"),
        ({**ALL_MET, "integratie": False}, "none"),
        ({**ALL_MET, "integratie": False, "plan_van_aanpak": True}, "aspirant"),
        ({**ALL_MET, "integratie": None}, "none"),
        ({k: v for k, v in ALL_MET.items() if k != "begeleiding"}, "none"),
        ({**ALL_MET, "integratie": [True, True]}, "trede_2"),
        ({**ALL_MET, "integratie": [True, False]}, "none"),
        ({**ALL_MET, "integratie": [True, None]}, "none"),
        ({**ALL_MET, "begeleiding": False, "plan_van_aanpak": [True, True, True]}, "aspirant"),
        ({**ALL_MET, "begeleiding": False, "plan_van_aanpak": [True, True, False]}, "none"),
        ({}, "none"),
    ],
)
def test_a_trede_needs_every_qualitative_aspect_else_aspirant_needs_the_plan(answers, level):
    s = scored(doc(row(category="wajong", contract="secondment"), total_fte="10",
                   qualitative=answers))  # fmt: skip
    assert s.quantitative_level == "trede_2"
    assert s.level == level


def test_aspirant_status_needs_no_quantitative_minimum():
    # Example 05: 0.37 % and one aspect not met, but a plan of action.
    answers = {**ALL_MET, "functioneren_ontwikkeling": False, "plan_van_aanpak": True}
    d = doc(
        row(category="doelgroepregister", hours_per_week="20", employed_from="2024-09-01"),
        total_fte="45",
        qualitative=answers,
    )
    s = scored(d)
    assert (s.quantitative_level, s.level) == ("none", "aspirant")


def test_the_aspect_outcomes_are_reported():
    out = output(doc(qualitative={**ALL_MET, "integratie": [True, False]}))
    assert out["aspects"] == {**ALL_MET, "integratie": False}


def test_basistrede_results_warn_that_its_norm_is_provisional():
    out = output(doc(row(hours_per_week="35"), total_fte="20"))
    assert out["level"] == "basistrede"
    assert "norm_provisional" in [w["code"] for w in out["warnings"]]


def test_an_interpolated_norm_row_is_flagged():
    out = output(doc(row(), total_fte="14"))
    assert out["norm_published"] is False
    assert [w["code"] for w in out["warnings"]] == ["norm_interpolated"]
    assert output(doc(row(), total_fte="15"))["warnings"] == []


def test_a_trede_ranks_the_levels_in_ladder_order():
    levels = [scored(doc(row(hours_per_week=str(h)), total_fte="20")).quantitative_level
              for h in range(0, 81, 4)]  # fmt: skip
    order = ["none", "basistrede", "trede_1", "trede_2", "trede_3"]
    ranks = [order.index(lv) for lv in levels]
    assert ranks == sorted(ranks)

"""The explanation trace and the warnings of a result (for the "why" on screen)."""

from fractions import Fraction

from .builders import ALL_MET, doc, output, purchase, row, scored


def _steps(score):
    return {step.figure: step for step in score.steps}


def test_every_figure_has_a_step_with_its_rule():
    s = scored(doc(row(), row("B", category="ww", inflow_date="2022-01-01"),
                   purchases=(purchase(),)))  # fmt: skip
    steps = _steps(s)
    for figure in [
        "total_fte", "peiljaar_days", "direct_fte.wia.regular", "direct_fte.ww.regular",
        "direct_fte", "direct_pct", "z", "indirect_fte", "indirect_pct", "indirect_pct_counted",
        "total_pct", "size_row", "norm.basistrede", "norm.trede_1", "norm.trede_2",
        "norm.trede_3", "quantitative_level", "aspect.passend_werk", "aspect.plan_van_aanpak",
        "level", "pso30plus.pct", "pso30plus.eligible", "banenafspraak.pct",
        "banenafspraak.banen", "next_level", "costs.annual_contribution", "costs.pso30plus_fee",
        "costs.audit_mandays",
    ]:  # fmt: skip
        assert figure in steps, figure
        assert steps[figure].rule.startswith("§"), figure
        assert steps[figure].text, figure


def test_the_steps_show_the_same_values_as_the_output():
    d = doc(row(), row("B", category="ww", inflow_date="2022-01-01"), purchases=(purchase(),))
    steps = _steps(scored(d))
    out = output(d)
    for figure in ("direct_fte", "direct_pct", "indirect_fte", "indirect_pct", "total_pct",
                   "quantitative_level", "level"):  # fmt: skip
        assert steps[figure].value == str(out[figure]), figure
    assert steps["direct_fte.ww.regular"].inputs == {
        "fte": "1.0000",
        "category_weight": "0.75",
        "contract_weight": "1",
        "period": "5 years from inflow",
    }


def test_rows_explain_the_days_and_fte_of_each_person():
    s = scored(doc(row("A", employed_from="2024-09-01", hours_per_week="20"),
                   row("B", category="ww", inflow_date="2019-07-01")), with_rows=True)  # fmt: skip
    assert [(r.ref, r.counted_days, str(float(r.fte))[:6]) for r in s.rows] == [
        ("A", 122, "0.1666"),
        ("B", 182, "0.4972"),
    ]
    assert s.rows[1].weighted_fte == s.rows[1].fte * 3 / 4
    assert scored(doc(row())).rows is None


def test_row_figures_are_exact_with_fractional_hours_and_a_cao_full_time_week():
    s = scored(doc(row("A", hours_per_week="19.25"),
                   row("B", category="ww", contract="secondment", hours_per_week="30.5",
                       employed_from="2022-01-01"),
                   row("C", hours_per_week="45"),
                   fulltime_hours="37.5"), with_rows=True)  # fmt: skip
    days = s.rows[0].counted_days
    assert days == 366  # peiljaar 2024, employed all year
    year = Fraction(75, 2) * days
    assert [(r.ref, r.fte) for r in s.rows] == [
        ("A", Fraction(77, 4) * days / year),
        ("B", Fraction(61, 2) * days / year),
        ("C", Fraction(1)),  # hours above full-time count as full-time
    ]
    assert s.rows[1].weighted_fte == s.rows[1].fte * Fraction(3, 4) * Fraction(9, 10)


def _codes(d):
    return [w["code"] for w in output(d)["warnings"]]


def test_it_warns_about_provisional_bbl_bol_weights_that_count():
    counts = row("B", category="bbl_bol_2", employed_from="2023-01-01")
    assert _codes(doc(row(), counts, total_fte="10")) == ["weight_provisional"]
    # a row that does not count this peiljaar does not use its weight
    left = row("B", category="bbl_bol_2", employed_until="2020-01-01")
    assert _codes(doc(row(), left, total_fte="10")) == []


def test_it_warns_when_a_provisional_basistrede_norm_is_involved():
    # quantitative none: the next level is Basistrede
    assert "norm_provisional" in _codes(doc(row(hours_per_week="1"), total_fte="50"))
    assert "norm_provisional" not in _codes(doc(row("A"), row("B"), total_fte="50"))


def test_it_warns_when_no_fee_table_was_in_force():
    d = doc(row(), date="2023-01-01")
    d["handbook"] = "2.2"
    out = output(d)
    assert "no_fee_table" in [w["code"] for w in out["warnings"]]
    assert out["costs"]["annual_contribution"] is None


def test_warnings_carry_a_code_a_message_and_params():
    out = output(doc(row(), total_fte="1.5", qualitative=ALL_MET))
    assert out["warnings"] == [
        {
            "code": "not_certifiable",
            "message": "Not certifiable: the total fte T (1.5) is below the minimum of 2 fte.",
            "params": {"total_fte": "1.5", "minimum_fte": "2"},
        }
    ]

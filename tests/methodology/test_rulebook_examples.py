"""The worked examples of rule book §12, through the engine's API."""

from datetime import date
from decimal import Decimal

from psoportal.methodology.dates import application_dates

from .builders import doc, output, row


def test_example_1_two_wia_and_one_ww_employee_make_trede_2():
    out = output(
        doc(
            row("A"),
            row("B"),
            row("C", category="ww", hours_per_week="32", inflow_date="2022-05-01"),
            total_fte="50",
        )
    )
    assert out["direct_fte"] == "2.6000" and out["direct_pct"] == "5.20"
    assert out["norms"] == {"basistrede": "2.3", "trede_1": "3.0", "trede_2": "3.7",
                            "trede_3": "6.8"}  # fmt: skip
    assert out["level"] == "trede_2"
    assert out["z"] == 3
    assert out["costs"]["audit_mandays"] == "1"
    assert out["costs"]["annual_contribution"] == "1575.00"


def test_example_2_a_seconded_wajong_employee_is_exactly_on_the_trede_2_norm():
    out = output(doc(row(category="wajong", contract="secondment"), total_fte="10"))
    assert (out["direct_fte"], out["direct_pct"], out["level"]) == ("0.9000", "9.00", "trede_2")


def test_example_3_the_indirect_cap_still_gives_trede_3():
    out = output(
        doc(
            row(category="participatiewet", hours_per_week="20", inflow_date="2022-03-01"),
            purchases=(
                {
                    "supplier": "SW Bedrijf",
                    "kvk": None,
                    "kind": "sw_company",
                    "amount": "150000",
                    "supplier_turnover": "1000000",
                    "supplier_weighted_fte": "20",
                },
            ),
            total_fte="20",
        )
    )
    assert out["direct_pct"] == "2.50"
    assert (out["indirect_fte"], out["indirect_pct"]) == ("3.0000", "13.04")
    assert (out["indirect_pct_counted"], out["indirect_capped"]) == ("10.00", True)
    assert out["total_pct"] == "12.50"
    assert out["level"] == "trede_3"


def test_example_4_dates_of_an_application_submitted_on_15_august_2025():
    d = application_dates(date(2025, 8, 15))
    assert [
        d.certificate_start, d.certificate_end, d.expiry_notice, d.first_invoice,
        d.first_invoice_due, d.second_invoice, d.second_invoice_due,
    ] == [
        date(2025, 9, 1), date(2027, 8, 31), date(2027, 6, 1), date(2025, 8, 29),
        date(2025, 9, 12), date(2026, 8, 15), date(2026, 8, 29),
    ]  # fmt: skip


def test_example_5_twenty_five_fte_with_pso30plus_adds_150_to_the_first_year():
    out = output(doc(*(row(f"R-{i}") for i in range(8)), total_fte="25.0"))
    assert out["level"] == "trede_3" and out["pso30plus"]["eligible"] is True
    costs = out["costs"]
    assert costs["annual_contribution"] == "997.50"
    assert Decimal(costs["annual_contribution"]) + Decimal(costs["pso30plus_fee"]) == Decimal(
        "1147.50"
    )

"""Scoring an assessment: direct and indirect contribution, level, read-outs, advice, costs.

Rule book §4-§9. ``score`` takes a parsed Assessment and returns a Score with every figure
exact (``Fraction``); ``output.score_to_dict`` rounds them for display. Levels are decided on
the unrounded values. Each figure also gets a Step in ``Score.steps`` that says how it came
about, so a screen can answer "why".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from .advice import NextLevel, cap_ratio, next_level_advice
from .assessment import Answer, Assessment, resolve_handbook
from .costs import NO_FEE, annual_contribution, audit_mandays, pso30plus_fee
from .counting import GroupKey, RowFigures, Tally, staff_problems, tally
from .handbook import Handbook, NormRow
from .indirect import IndirectTotals, indirect_pct, indirect_totals
from .problems import InvalidAssessment, Notice, Problem
from .rounding import BANEN_PLACES, fte_text, pct_text, plain, round_half_up

NO_LEVEL = "none"


@dataclass(frozen=True)
class Step:
    """One figure of the explanation trace: its value, the rule it follows, and its inputs."""

    figure: str
    value: str
    rule: str
    text: str
    inputs: Mapping[str, str]


@dataclass(frozen=True)
class Pso30PlusResult:
    pct: Fraction | None  # None when T minus the excluded rows leaves nothing to divide by
    eligible: bool


@dataclass(frozen=True)
class BanenafspraakResult:
    fte: Fraction
    pct: Fraction
    banen: Fraction


@dataclass(frozen=True)
class CostEstimate:
    annual_contribution: Decimal | None
    pso30plus_fee: Decimal
    audit_mandays: Decimal | None


@dataclass(frozen=True)
class Score:
    handbook: str
    total_fte: Decimal  # T
    direct_fte: Fraction  # D
    direct_pct: Fraction
    indirect_fte: Fraction  # I
    indirect_pct: Fraction  # uncapped
    indirect_pct_counted: Fraction
    indirect_capped: bool
    total_pct: Fraction
    z: int
    certifiable: bool
    size_row: int | None
    norm_row: NormRow | None
    quantitative_level: str
    level: str
    aspects: Mapping[str, bool]
    pso30plus: Pso30PlusResult
    banenafspraak: BanenafspraakResult
    next_level: NextLevel | None
    costs: CostEstimate
    warnings: tuple[Notice, ...]
    steps: tuple[Step, ...]
    rows: tuple[RowFigures, ...] | None


class _Trace:
    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(self, figure: str, value: str, rule: str, text: str, **inputs: object) -> None:
        self.steps.append(
            Step(
                figure, value, rule, text, MappingProxyType({k: str(v) for k, v in inputs.items()})
            )
        )


def aspect_met(answer: Answer, questions: int) -> bool:
    """An aspect is met when every question is answered "yes" (§8)."""
    if isinstance(answer, tuple):
        return len(answer) == questions and all(a is True for a in answer)
    return answer is True


def score(
    assessment: Assessment, *, handbook: Handbook | None = None, with_rows: bool = False
) -> Score:
    """Score an assessment with its handbook (the one it names, else the one in force on its
    date). ``with_rows`` adds per-row figures (days counted, fte) for the explanation.

    Raises InvalidAssessment for what only shows after counting: D > T (§5.3) or the target
    group's unweighted fte above T (with this handbook; ``parse_assessment`` checked them with
    the assessment's own), and purchases whose supplier figures are missing.
    """
    hb = handbook or resolve_handbook(assessment)
    _check_codes(assessment, hb)
    trace = _Trace()
    warnings: list[Notice] = []
    a = assessment

    t_dec = a.workforce.counted_fte
    t = Fraction(t_dec)
    trace.add(
        "total_fte",
        plain(t_dec),
        "§5.3",
        "T: total fte over the peiljaar, without SW employees seconded out to others.",
        total_fte=plain(a.workforce.total_fte),
        sw_seconded_out_fte=plain(a.workforce.sw_seconded_out_fte),
    )
    counts = tally(a, hb, with_rows=with_rows)
    trace.add(
        "peiljaar_days",
        str(counts.peiljaar_days),
        "§5.3",
        "Days in the peiljaar; fte is pro-rated by the days a person counts.",
        start=a.peiljaar.start.isoformat(),
        end=a.peiljaar.end.isoformat(),
    )
    d = _direct(counts, hb, trace)
    problems = staff_problems(a, hb, counts)
    if problems:
        raise InvalidAssessment(problems)
    direct_pct = 100 * d / t
    trace.add(
        "direct_pct",
        pct_text(direct_pct),
        "§5.3",
        "direct % = 100 × D / T",
        D=fte_text(d),
        T=plain(t_dec),
    )
    trace.add(
        "z",
        str(counts.z),
        "§5.3",
        "Z: target-group persons with an fte above 0.",
        persons=len(a.target_group),
    )

    totals = indirect_totals(a.purchases)
    if totals.fte_high is None:
        return _finish(a, hb, counts, d, direct_pct, totals, totals.fte, trace, warnings)
    # I is known as an enclosure (indirect.py): every figure shown or decided on is a monotone
    # step function of I, so when both ends agree on all of them, the exact I agrees too.
    low = _finish(a, hb, counts, d, direct_pct, totals, totals.fte, trace, warnings)
    high = _finish(a, hb, counts, d, direct_pct, totals, totals.fte_high, trace, warnings)
    if _shown(low) == _shown(high):
        return low
    return _finish(a, hb, counts, d, direct_pct, totals, totals.exact(), trace, warnings)


def _shown(s: Score) -> tuple[object, ...]:
    """Everything of a Score that is shown (rounded) or decided: the trace holds every figure
    as displayed, the rest are decisions and the advice."""
    return (
        s.steps, s.warnings, s.quantitative_level, s.level, s.indirect_capped,
        s.pso30plus.eligible, s.next_level, s.costs,
    )  # fmt: skip


def _finish(
    a: Assessment,
    hb: Handbook,
    counts: Tally,
    d: Fraction,
    direct_pct: Fraction,
    totals: IndirectTotals,
    i: Fraction,
    trace_so_far: _Trace,
    warnings_so_far: list[Notice],
) -> Score:
    """The figures that follow from I (§6-§9), on copies of the trace and warnings so far."""
    trace = _Trace()
    trace.steps = list(trace_so_far.steps)
    warnings = list(warnings_so_far)
    t_dec = a.workforce.counted_fte
    t = Fraction(t_dec)
    indirect = _indirect(a, totals, i, t, direct_pct, hb, trace, warnings)
    total = direct_pct + indirect.counted_pct
    trace.add(
        "total_pct",
        pct_text(total),
        "§7",
        "total % = direct % + counted indirect %",
        direct_pct=pct_text(direct_pct),
        indirect_pct_counted=pct_text(indirect.counted_pct),
    )

    row = _norm_row(t, t_dec, hb, trace, warnings)
    quantitative = _quantitative_level(total, row, hb, trace)
    aspects = _aspects(a, hb, trace)
    level = _final_level(quantitative, aspects, row is not None, hb, trace)
    pso30 = _pso30plus(counts, t, level, hb, trace)
    banen = _banenafspraak(counts, t, hb, trace)
    next_level = _next_level(quantitative, row, d, t, indirect, hb, trace)
    costs = _costs(a, t_dec, row is not None, level, counts.z, pso30.eligible, hb, trace, warnings)
    warnings.extend(_provisional(counts, quantitative, level, next_level, hb))

    return Score(
        handbook=hb.version,
        total_fte=t_dec,
        direct_fte=d,
        direct_pct=direct_pct,
        indirect_fte=indirect.fte,
        indirect_pct=indirect.pct,
        indirect_pct_counted=indirect.counted_pct,
        indirect_capped=indirect.capped,
        total_pct=total,
        z=counts.z,
        certifiable=row is not None,
        size_row=None if row is None else row.size,
        norm_row=row,
        quantitative_level=quantitative,
        level=level,
        aspects=MappingProxyType(aspects),
        pso30plus=pso30,
        banenafspraak=banen,
        next_level=next_level,
        costs=costs,
        warnings=tuple(warnings),
        steps=tuple(trace.steps),
        rows=counts.rows,
    )


@dataclass(frozen=True)
class _Indirect:
    fte: Fraction
    amount: Decimal
    pct: Fraction
    counted_pct: Fraction
    capped: bool


def _indirect(
    a: Assessment,
    totals: IndirectTotals,
    i: Fraction,
    t: Fraction,
    direct_pct: Fraction,
    hb: Handbook,
    trace: _Trace,
    warnings: list[Notice],
) -> _Indirect:
    """I, indirect % and the part that counts under the cap (§6)."""
    trace.add(
        "indirect_fte",
        fte_text(i),
        "§6",
        "I = Σ amount / supplier turnover × supplier weighted fte.",
        purchases=totals.purchases,
        amount=plain(totals.amount),
    )
    pct = indirect_pct(i, t)
    trace.add(
        "indirect_pct",
        pct_text(pct),
        "§6",
        "indirect % = 100 × I / (T + I)",
        I=fte_text(i),
        T=plain(a.workforce.counted_fte),
    )
    share = plain(hb.indirect_max_share_pct)
    k = cap_ratio(hb.indirect_max_share_pct)
    cap = k * direct_pct
    counted = min(pct, cap)
    capped = pct > cap
    trace.add(
        "indirect_pct_counted",
        pct_text(counted),
        "§6",
        f"At most {share} % of the total may be indirect: "
        f"counted indirect % = min(indirect %, {k} × direct %).",
        indirect_pct=pct_text(pct),
        cap=pct_text(cap),
        capped=capped,
    )
    if capped:
        warnings.append(
            Notice(
                "indirect_capped",
                f"The indirect contribution is capped: {pct_text(pct)} % counts as "
                f"{pct_text(counted)} % (at most {share} % of the total may be indirect).",
                MappingProxyType({"indirect_pct": pct_text(pct), "counted_pct": pct_text(counted)}),
            )
        )
    return _Indirect(i, totals.amount, pct, counted, capped)


def _norm_row(
    t: Fraction, t_dec: Decimal, hb: Handbook, trace: _Trace, warnings: list[Notice]
) -> NormRow | None:
    """The size row: T rounded half-up, at most the largest row; None below the minimum
    size, where the organisation is not certifiable (§4, §4.1)."""
    minimum = plain(hb.minimum_fte)
    if t < Fraction(hb.minimum_fte):
        warnings.append(
            Notice(
                "not_certifiable",
                f"Not certifiable: the total fte T ({plain(t_dec)}) is below the minimum of "
                f"{minimum} fte.",
                MappingProxyType({"total_fte": plain(t_dec), "minimum_fte": minimum}),
            )
        )
        trace.add(
            "size_row", "null", "§4.1", f"Not certifiable: T is below {minimum} fte.", T=t_dec
        )
        return None
    size = max(hb.smallest_size, min(hb.largest_size, int(round_half_up(t, 0))))
    row = hb.norm_row(size)
    trace.add(
        "size_row",
        str(size),
        "§4.1",
        f"Size row: T rounded half-up, at most {hb.largest_size}.",
        T=plain(t_dec),
        published=row.published,
    )
    if not row.published:
        warnings.append(
            Notice(
                "norm_interpolated",
                f"Size row {size} is not published: its norms are interpolated between "
                "the neighbouring published rows.",
                MappingProxyType({"size_row": size}),
            )
        )
    return row


def _quantitative_level(total: Fraction, row: NormRow | None, hb: Handbook, trace: _Trace) -> str:
    """The highest level whose norm the unrounded total reaches, ``total ≥ norm`` (§4)."""
    quantitative = NO_LEVEL
    if row is not None:
        for level in hb.normed_levels:
            norm = row.norms[level.code]
            reached = total >= Fraction(norm)
            if reached:
                quantitative = level.code
            trace.add(
                f"norm.{level.code}",
                plain(norm),
                "§4.1",
                f"{level.label_en} norm of row {row.size}: reached when total ≥ norm.",
                total_pct=pct_text(total),
                reached=reached,
            )
    trace.add(
        "quantitative_level", quantitative, "§4", "The highest level whose norm the total reaches."
    )
    return quantitative


def _aspects(a: Assessment, hb: Handbook, trace: _Trace) -> dict[str, bool]:
    aspects = {}
    for aspect in hb.aspects:
        met = aspect_met(a.qualitative.get(aspect.code), len(aspect.questions))
        aspects[aspect.code] = met
        trace.add(
            f"aspect.{aspect.code}",
            "met" if met else "not met",
            "§8",
            f"{aspect.label_en}: met when every question is answered yes.",
            levels=", ".join(aspect.levels),
        )
    return aspects


def _next_level(
    quantitative: str,
    row: NormRow | None,
    d: Fraction,
    t: Fraction,
    indirect: _Indirect,
    hb: Handbook,
    trace: _Trace,
) -> NextLevel | None:
    """Advice for the next quantitative level (Basistrede from none); none above the top or
    when not certifiable (§7)."""
    if row is None:
        return None
    ladder = [lv.code for lv in hb.normed_levels]
    up = 0 if quantitative == NO_LEVEL else ladder.index(quantitative) + 1
    if up == len(ladder):
        return None
    advice = next_level_advice(
        level=ladder[up],
        norm=row.norms[ladder[up]],
        direct_fte=d,
        total_fte=t,
        indirect_fte=indirect.fte,
        purchase_amount=indirect.amount,
        k=cap_ratio(hb.indirect_max_share_pct),
    )
    trace.add(
        "next_level",
        advice.level,
        "§7",
        "Extra weighted target-group fte for the next norm N at constant T and indirect %, "
        "honouring the cap; also when the new people raise T; and the extra purchasing at the "
        "average supplier factor.",
        N=plain(advice.norm),
        extra_direct_fte=plain(advice.extra_direct_fte),
        extra_direct_fte_new_staff=plain(advice.extra_direct_fte_new_staff),
        extra_purchase_amount=(
            "null" if advice.extra_purchase_amount is None else plain(advice.extra_purchase_amount)
        ),
    )
    return advice


def _check_codes(assessment: Assessment, hb: Handbook) -> None:
    """Codes were checked at parsing against the assessment's own handbook; a caller may score
    with another one (e.g. the next version), which may have retired a code."""
    problems = []
    for i, r in enumerate(assessment.target_group):
        if r.category not in hb.categories:
            problems.append(
                Problem(f"target_group[{i}].category", "unknown_category",
                        f"unknown category {r.category!r} (handbook {hb.version})")
            )  # fmt: skip
        if r.contract not in hb.contracts:
            problems.append(
                Problem(f"target_group[{i}].contract", "unknown_contract",
                        f"unknown contract type {r.contract!r} (handbook {hb.version})")
            )  # fmt: skip
    if problems:
        raise InvalidAssessment(problems)


def _direct(counts: Tally, hb: Handbook, trace: _Trace) -> Fraction:
    """D = Σ fte × category weight × contract weight (§5.3), with one step per group."""
    per_group: dict[tuple[str, str], Fraction] = {}
    for (category, contract, _), hour_days in counts.hour_days.items():
        key = (category, contract)
        per_group[key] = per_group.get(key, Fraction(0)) + Fraction(hour_days)
    denominator = Fraction(counts.fulltime_hours) * counts.peiljaar_days
    for (category, contract), hour_days in sorted(per_group.items()):
        fte = hour_days / denominator
        cw, kw = hb.categories[category].weight, hb.contracts[contract].weight
        trace.add(
            f"direct_fte.{category}.{contract}",
            fte_text(fte * Fraction(cw) * Fraction(kw)),
            "§5.1-§5.3",
            "Σ counted days × min(hours, full-time) / full-time / days in peiljaar, "
            "× category weight × contract weight.",
            fte=fte_text(fte),
            category_weight=plain(cw),
            contract_weight=plain(kw),
            period=hb.categories[category].period_en,
        )
    d = counts.weighted_fte(hb)
    trace.add("direct_fte", fte_text(d), "§5.3", "D = Σ weighted fte of the target group.")
    return d


def _final_level(
    quantitative: str,
    aspects: Mapping[str, bool],
    certifiable: bool,
    hb: Handbook,
    trace: _Trace,
) -> str:
    """A trede or Basistrede needs all its qualitative aspects; otherwise Aspirant-status when
    its own aspects (the plan of action) are met, else no level (§4, §8)."""
    fallback = hb.fallback_level.code
    if not certifiable:
        level, why = NO_LEVEL, "Not certifiable."
    elif quantitative != NO_LEVEL and all(aspects[x.code] for x in hb.aspects_for(quantitative)):
        level, why = quantitative, "The quantitative level, with all its qualitative aspects met."
    elif all(aspects[x.code] for x in hb.aspects_for(fallback)):
        level, why = fallback, f"{hb.fallback_level.label_en}: its plan-of-action aspects are met."
    else:
        level, why = NO_LEVEL, "Qualitative aspects not met, and no plan of action met either."
    trace.add("level", level, "§4", why, quantitative_level=quantitative)
    return level


def _pso30plus(
    counts: Tally, t: Fraction, level: str, hb: Handbook, trace: _Trace
) -> Pso30PlusResult:
    """30+ % = 100 × Σ fte (counted rows, unweighted) / (T - Σ fte of rows whose contract does
    not count); eligible with the final level Trede 3 and 30+ % ≥ 30 (§7.4)."""
    rules = hb.pso30plus

    def counts_for_30plus(key: GroupKey) -> bool:
        category, contract, indicated = key
        if contract not in rules.contracts:
            return False
        return category in rules.categories_auto or (
            indicated and category in rules.categories_indicated
        )

    numerator = counts.fte(counts_for_30plus)
    excluded = counts.fte(lambda key: key[1] not in rules.contracts)
    denominator = t - excluded
    pct = 100 * numerator / denominator if denominator > 0 else None
    eligible = pct is not None and level == rules.level and pct >= Fraction(rules.minimum_pct)
    trace.add(
        "pso30plus.pct",
        "null" if pct is None else pct_text(pct),
        "§7.4",
        "100 × unweighted fte of the rows that count / "
        "(T - fte of rows whose contract does not count).",
        counted_fte=fte_text(numerator),
        excluded_fte=fte_text(excluded),
    )
    trace.add(
        "pso30plus.eligible",
        "true" if eligible else "false",
        "§7.4",
        f"Eligible with level {rules.level} and at least {plain(rules.minimum_pct)} %.",
        level=level,
    )
    return Pso30PlusResult(pct, eligible)


def _banenafspraak(counts: Tally, t: Fraction, hb: Handbook, trace: _Trace) -> BanenafspraakResult:
    """Banenafspraak % = 100 × Σ fte / T over its categories, unweighted; banen = Σ fte ×
    full-time hours / hours per baan (§7)."""
    rules = hb.banenafspraak
    fte = counts.fte(lambda key: key[0] in rules.categories)
    pct = 100 * fte / t
    banen = fte * Fraction(counts.fulltime_hours) / Fraction(rules.hours_per_baan)
    trace.add(
        "banenafspraak.pct",
        pct_text(pct),
        "§7",
        "100 × unweighted fte of the Banenafspraak categories / T.",
        fte=fte_text(fte),
    )
    trace.add(
        "banenafspraak.banen",
        plain(round_half_up(banen, BANEN_PLACES)),
        "§7",
        f"fte × full-time hours / {plain(rules.hours_per_baan)} hours per baan.",
        fte=fte_text(fte),
        fulltime_hours=plain(counts.fulltime_hours),
    )
    return BanenafspraakResult(fte, pct, banen)


def _costs(
    a: Assessment,
    t: Decimal,
    certifiable: bool,
    level: str,
    z: int,
    pso30plus_eligible: bool,
    hb: Handbook,
    trace: _Trace,
    warnings: list[Notice],
) -> CostEstimate:
    """§9, with the fee table in force on the assessment's date (the agreement's date)."""
    contribution = annual_contribution(t, on=a.date, handbook=hb) if certifiable else None
    fee = pso30plus_fee(on=a.date, handbook=hb)
    if hb.fee_table_for(a.date) is None:
        warnings.append(
            Notice(
                "no_fee_table",
                f"No fee table of handbook {hb.version} was in force on {a.date.isoformat()}.",
                MappingProxyType({"date": a.date.isoformat()}),
            )
        )
    mandays = audit_mandays(
        level=level, z=z, average_headcount=a.workforce.average_headcount, handbook=hb
    )
    costs = CostEstimate(
        annual_contribution=contribution,
        pso30plus_fee=fee if pso30plus_eligible and fee is not None else NO_FEE,
        audit_mandays=mandays,
    )
    trace.add(
        "costs.annual_contribution",
        "null" if contribution is None else plain(contribution),
        "§9",
        "Annual contribution of the band from ≤ T < to.",
        T=plain(a.workforce.counted_fte),
        date=a.date.isoformat(),
    )
    trace.add(
        "costs.pso30plus_fee",
        plain(costs.pso30plus_fee),
        "§9",
        "One-off PSO 30+ fee, when eligible.",
    )
    trace.add(
        "costs.audit_mandays",
        "null" if mandays is None else plain(mandays),
        "§9",
        "Audit man-days guideline: Aspirant-status by average headcount, tredes by Z.",
        level=level,
        z=z,
        average_headcount="null"
        if a.workforce.average_headcount is None
        else plain(a.workforce.average_headcount),
    )
    return costs


def _provisional(
    counts: Tally,
    quantitative: str,
    level: str,
    next_level: NextLevel | None,
    hb: Handbook,
) -> list[Notice]:
    """Warn when a provisional norm decides or sets the result, or a provisional weight counts."""
    notices = []
    involved = {quantitative, level} | ({next_level.level} if next_level else set())
    for lv in hb.normed_levels:
        if lv.norm_provisional and lv.code in involved:
            notices.append(
                Notice(
                    "norm_provisional",
                    f"The {lv.label_en} norm is provisional (PSO-Nederland has not published it).",
                    MappingProxyType({"level": lv.code}),
                )
            )
    used = sorted({key[0] for key in counts.hour_days})
    for code in used:
        category = hb.categories[code]
        if category.provisional:
            notices.append(
                Notice(
                    "weight_provisional",
                    f"Category {code} counts with a provisional weight ({plain(category.weight)}).",
                    MappingProxyType({"category": code, "weight": plain(category.weight)}),
                )
            )
    return notices

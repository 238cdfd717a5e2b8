"""Assessment arithmetic: pure, ``Decimal``, no Django (ADR 0501). Property-tested.

scores → competition ranks → grades → consequences across years → pools. Every function returns
its working so that a result can say which rule, which years and which inputs made it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from devzone.domain.money import allocate

FEN = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

EXCELLENT, GOOD, PASS, FAIL = "excellent", "good", "pass", "fail"
GRADES = (EXCELLENT, GOOD, PASS, FAIL)


def q2(value: Decimal) -> Decimal:
    return value.quantize(FEN, ROUND_HALF_UP)


# --- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    weight: Decimal  # points
    dimension: int = 0  # the dimension's order (first dimension: the lowest)
    direction: Literal["higher", "lower"] = "higher"
    method: Literal["efficacy", "ratio", "deduction"] = "efficacy"
    benchmark: Decimal | None = None  # ratio method
    deduction_per_unit: Decimal | None = None  # deduction method


@dataclass(frozen=True)
class Line:
    """One indicator's score for one zone, with how it was obtained."""

    code: str
    value: Decimal | None
    points: Decimal
    note: str


def efficacy_pct(x: Decimal, low: Decimal, high: Decimal, floor: Decimal, *, lower_is_better: bool) -> Decimal:
    """功效系数法: ``floor + (100 − floor)·(x − min)/(max − min)``, reversed for lower-is-better.

    ``max = min`` (every zone the same): everybody gets 100 — nobody did worse than anybody.
    """
    if high == low:
        return HUNDRED
    share = (high - x) / (high - low) if lower_is_better else (x - low) / (high - low)
    share = min(max(share, ZERO), Decimal(1))
    return floor + (HUNDRED - floor) * share


def indicator_points(
    spec: IndicatorSpec,
    value: Decimal | None,
    group_values: Sequence[Decimal],
    floor: Decimal,
    bounds: tuple[Decimal, Decimal] | None = None,
) -> Line:
    """Points of one indicator for one zone. A missing value scores 0 and says so.

    ``bounds`` is ``(min, max)`` of ``group_values`` when the caller has it already."""
    if value is None:
        return Line(spec.code, None, ZERO, "missing")
    if spec.method == "efficacy":
        low, high = bounds or (min(group_values), max(group_values))
        pct = efficacy_pct(value, low, high, floor, lower_is_better=spec.direction == "lower")
        return Line(spec.code, value, q2(spec.weight * pct / HUNDRED), f"efficacy {q2(pct)}%")
    if spec.method == "ratio":
        bench = spec.benchmark or ZERO
        if bench <= 0:
            return Line(spec.code, value, ZERO, "no benchmark")
        if spec.direction == "lower":
            ratio = Decimal(1) if value <= 0 else min(Decimal(1), bench / value)
        else:
            ratio = min(Decimal(1), max(ZERO, value / bench))
        return Line(spec.code, value, q2(spec.weight * ratio), f"ratio {q2(ratio * HUNDRED)}%")
    # fixed deductions: the value counts findings (e.g. environmental inspections); floor 0
    per = spec.deduction_per_unit or ZERO
    points = max(ZERO, spec.weight - per * max(value, ZERO))
    return Line(spec.code, value, q2(points), f"deduct {q2(per)}×{value.normalize()}")


@dataclass(frozen=True)
class ZoneScore:
    total: Decimal
    lines: tuple[Line, ...]
    by_dimension: dict[int, Decimal]


def score_group(
    specs: Sequence[IndicatorSpec], values: Mapping[str, Mapping[str, Decimal | None]], floor: Decimal
) -> dict[str, ZoneScore]:
    """Every zone's composite score; the efficacy min/max run over the zones that have a value."""
    present: dict[str, list[Decimal]] = {
        s.code: [v for zone in values.values() if (v := zone.get(s.code)) is not None] for s in specs
    }
    bounds = {code: (min(vs), max(vs)) for code, vs in present.items() if vs}
    out: dict[str, ZoneScore] = {}
    for zone, row in values.items():
        lines = tuple(indicator_points(s, row.get(s.code), present[s.code], floor, bounds.get(s.code)) for s in specs)
        dims: dict[int, Decimal] = {}
        for s, line in zip(specs, lines, strict=True):
            dims[s.dimension] = dims.get(s.dimension, ZERO) + line.points
        out[zone] = ZoneScore(sum((ln.points for ln in lines), ZERO), lines, dims)
    return out


def weights_problems(total: Decimal, dimensions: Mapping[str, tuple[Decimal, Sequence[Decimal]]]) -> list[str]:
    """Weights must total exactly: the dimensions the system's total, each dimension's indicators its weight."""
    problems = []
    dim_sum = sum((w for w, _ in dimensions.values()), ZERO)
    if dim_sum != total:
        problems.append(f"dimensions {dim_sum} != {total}")
    for name, (weight, indicators) in dimensions.items():
        s = sum(indicators, ZERO)
        if s != weight:
            problems.append(f"{name}: indicators {s} != {weight}")
    return problems


# --- ranks -----------------------------------------------------------------------------------


def competition_ranks(scores: Mapping[str, Decimal], tie_keys: Mapping[str, Decimal] | None = None) -> dict[str, int]:
    """Standard competition ranking (1, 2, 2, 4) by score, higher first.

    ``tie_keys`` (the declared tie-break, e.g. the first dimension's score) orders equal scores;
    zones equal on both share the rank.
    """

    def key(z: str) -> tuple[Decimal, Decimal]:
        return (scores[z], tie_keys[z] if tie_keys else ZERO)

    ordered = sorted(scores, key=lambda z: (tuple(-k for k in key(z)), z))
    ranks: dict[str, int] = {}
    for i, zone in enumerate(ordered):
        if i and key(zone) == key(ordered[i - 1]):
            ranks[zone] = ranks[ordered[i - 1]]
        else:
            ranks[zone] = i + 1
    return ranks


# --- grades ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeRules:
    method: Literal["thresholds", "ranks"] = "thresholds"
    excellent_pct: Decimal = Decimal(90)
    good_pct: Decimal = Decimal(80)
    pass_pct: Decimal = Decimal(60)
    rank_excellent_pct: Decimal = Decimal(20)
    rank_good_pct: Decimal = Decimal(30)
    rank_fail_bottom: int = 0


def top_count(size: int, pct: Decimal) -> int:
    """How many places "the top pct %" of ``size`` is: rounded up, at least 1 when pct > 0."""
    if pct <= 0 or size <= 0:
        return 0
    return max(1, math.ceil(Decimal(size) * pct / HUNDRED))


def grade_of(score_pct: Decimal, rank: int, size: int, rules: GradeRules) -> tuple[str, str]:
    """The grade and the rule that gave it."""
    if rules.method == "thresholds":
        for grade, bound in ((EXCELLENT, rules.excellent_pct), (GOOD, rules.good_pct), (PASS, rules.pass_pct)):
            if score_pct >= bound:
                return grade, f"score {score_pct}% >= {bound}%"
        return FAIL, f"score {score_pct}% < {rules.pass_pct}%"
    if rules.rank_fail_bottom and rank > size - rules.rank_fail_bottom:
        return FAIL, f"rank {rank}/{size} in bottom {rules.rank_fail_bottom}"
    excellent = top_count(size, rules.rank_excellent_pct)
    if rank <= excellent:
        return EXCELLENT, f"rank {rank} <= {excellent} (top {rules.rank_excellent_pct}%)"
    good = top_count(size, rules.rank_excellent_pct + rules.rank_good_pct)
    if rank <= good:
        return GOOD, f"rank {rank} <= {good} (top {rules.rank_excellent_pct + rules.rank_good_pct}%)"
    return PASS, f"rank {rank} > {good}"


# --- consequences across years -----------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A zone's stored result of one year: its rank among ``size`` zones, and its grade."""

    rank: int
    size: int
    grade: str


@dataclass(frozen=True)
class ConsequenceSpec:
    kind: Literal["bottom", "top_pct", "failing"]
    n: Decimal
    years: int
    code: str
    label: str


@dataclass(frozen=True)
class Consequence:
    code: str
    label: str
    rule: str
    years: tuple[int, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "rule": self.rule, "years": list(self.years)}


def _hit(spec: ConsequenceSpec, s: Standing) -> bool:
    if spec.kind == "bottom":
        # "排名后n位" presumes a ranking longer than n: in a group of n or fewer it would name every
        # zone, the first included, so it does not apply there.
        return s.size > int(spec.n) and s.rank > s.size - int(spec.n)
    if spec.kind == "top_pct":
        return s.rank <= top_count(s.size, spec.n)
    return s.grade == FAIL


def consequences(year: int, history: Mapping[int, Standing], specs: Iterable[ConsequenceSpec]) -> list[Consequence]:
    """The consequences for ``year``: a rule of N years fires when the zone met its condition in
    ``year`` and each of the N − 1 years before (read from ``history``, the stored results)."""
    out = []
    for spec in specs:
        years = tuple(range(year - spec.years + 1, year + 1))
        if all(y in history and _hit(spec, history[y]) for y in years):
            cond = {
                "bottom": f"bottom {spec.n.normalize()}",
                "top_pct": f"top {spec.n.normalize()}%",
                "failing": "fail",
            }
            out.append(Consequence(spec.code, spec.label, f"{cond[spec.kind]} × {spec.years} year(s)", years))
    return out


# --- pools ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    benchmark_total: Decimal
    coefficient: Decimal
    uncapped_total: Decimal
    cap_total: Decimal
    pool_total: Decimal
    capped: bool


def benchmark_total(per_capita: Decimal, headcount: int) -> Decimal:
    return q2(per_capita * headcount)


def pool(total: Decimal, coefficient: Decimal, cap_multiple: Decimal) -> Pool:
    """``pool = min(benchmark_total × coefficient, cap_multiple × benchmark_total)`` to the fen."""
    uncapped = q2(total * coefficient)
    cap = q2(total * cap_multiple)
    return Pool(total, coefficient, uncapped, cap, min(uncapped, cap), uncapped > cap)


# --- fingerprint ------------------------------------------------------------------------------


def fingerprint(parts: Iterable[Any]) -> str:
    """A digest of the inputs a result was computed from (order-independent on rows given sorted)."""
    import hashlib

    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


# --- internal grades and the distribution plan (ADR 0503) ---------------------------------------

INTERNAL_GRADES = ("S", "A", "B", "C", "D")


@dataclass(frozen=True)
class Graded:
    """One graded person or department: ``key`` orders ties (the smaller first)."""

    key: int
    grade: str
    score: Decimal | None = None


@dataclass(frozen=True)
class QuotaCheck:
    grade: str
    count: int
    size: int
    limit: int
    over: tuple[int, ...]  # the keys beyond the limit, by the tie rule

    @property
    def ok(self) -> bool:
        return not self.over


def quota_limit(size: int, pct: Decimal) -> int:
    """At most ⌊size × pct / 100⌋ (a quota never rounds up into an extra place)."""
    return math.floor(Decimal(size) * pct / HUNDRED)


def check_quota(rows: Sequence[Graded], grade: str, pct: Decimal | None) -> QuotaCheck:
    """Whether at most ``pct`` % of ``rows`` hold ``grade``. The tie rule is deterministic: the
    holders are ordered by score (higher first, no score last), then by key (smaller first); those
    past the limit are the ones named to be lowered."""
    holders = [r for r in rows if r.grade == grade]
    if pct is None:
        return QuotaCheck(grade, len(holders), len(rows), len(rows), ())
    limit = quota_limit(len(rows), pct)
    ordered = sorted(holders, key=lambda r: (r.score is None, -(r.score or ZERO), r.key))
    return QuotaCheck(grade, len(holders), len(rows), limit, tuple(r.key for r in ordered[limit:]))


def rank_by_score(rows: Sequence[Graded]) -> dict[int, tuple[int, int]]:
    """Each scored row's competition rank among the scored rows, with their number."""
    scored = {r.key: r.score for r in rows if r.score is not None}
    ranks = competition_ranks({str(k): v for k, v in scored.items()})
    return {int(k): (rank, len(scored)) for k, rank in ranks.items()}


@dataclass(frozen=True)
class Plan:
    pool: Decimal
    distributed: Decimal
    departments: dict[int, Decimal]
    people: dict[int, Decimal]  # person key → amount

    @property
    def undistributed(self) -> Decimal:
        return self.pool - self.distributed


def distribute(
    pool: Decimal,
    departments: Mapping[int, tuple[Decimal, Mapping[int, Decimal]]],
) -> Plan:
    """Split ``pool`` (a whole number of fen) over departments and their people.

    ``departments`` maps a department to (its grade coefficient, {person: person's grade
    coefficient}). A department weighs its coefficient × the sum of its people's coefficients, so
    each person's share is proportional to department coefficient × own coefficient; both levels
    use the one exact allocator. The parts sum exactly to the pool — never above it — unless no
    one has a positive weight, when nothing is distributed.
    """
    weights = {d: coefficient * sum(people.values(), ZERO) for d, (coefficient, people) in departments.items()}
    if not any(w > 0 for w in weights.values()):
        return Plan(
            pool, ZERO, dict.fromkeys(departments, ZERO), {p: ZERO for _c, ps in departments.values() for p in ps}
        )
    shares = allocate(pool, weights)
    people: dict[int, Decimal] = {}
    for d, (_coefficient, members) in departments.items():
        if shares[d] > 0:
            people.update(allocate(shares[d], dict(members)))
        else:
            people.update(dict.fromkeys(members, ZERO))
    return Plan(pool, sum(shares.values(), ZERO), shares, people)


# --- the internal breakdown and the department headcount proposal (ADR 0504) ---------------------

# 任务绩效, 管理绩效, then 综合评价 over its three areas 招商引资 / 经济指标 / 部门主责主业 (seed 002 §八).
PARTS = ("task_score", "management_score", "investment_score", "economy_score", "core_score")


@dataclass(frozen=True)
class InternalWeights:
    """Percentages: ``task + management + overall`` = 100 and ``investment + economy + core`` = 100."""

    task: Decimal
    management: Decimal
    overall: Decimal
    investment: Decimal
    economy: Decimal
    core: Decimal


def internal_weights_problems(w: InternalWeights) -> list[str]:
    problems = []
    if w.task + w.management + w.overall != HUNDRED:
        problems.append("dimensions")
    if w.investment + w.economy + w.core != HUNDRED:
        problems.append("areas")
    if any(v < 0 for v in (w.task, w.management, w.overall, w.investment, w.economy, w.core)):
        problems.append("negative")
    return problems


def internal_score(parts: Mapping[str, Decimal], w: InternalWeights) -> Decimal:
    """The total (0–100) of the five part scores (each 0–100): 任务绩效 × task% + 管理绩效 × management%
    + 综合评价 × overall%, 综合评价 being the areas' weighted mean; rounded half-up to 0.01 once."""
    overall = (
        parts["investment_score"] * w.investment + parts["economy_score"] * w.economy + parts["core_score"] * w.core
    ) / HUNDRED
    total = (parts["task_score"] * w.task + parts["management_score"] * w.management + overall * w.overall) / HUNDRED
    return q2(total)


@dataclass(frozen=True)
class HeadcountProposal:
    department: int
    grade: str
    current: int
    change: int

    @property
    def proposed(self) -> int:
        return max(0, self.current + self.change)


def headcount_proposals(
    grades: Mapping[int, str], current: Mapping[int, int], changes: Mapping[str, int]
) -> list[HeadcountProposal]:
    """Per graded department: its places now, the change its grade calls for (rule-set data), and
    the proposal (never below zero)."""
    return [HeadcountProposal(d, g, current.get(d, 0), changes.get(g, 0)) for d, g in sorted(grades.items())]

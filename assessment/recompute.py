"""The recompute consumer of assessment (DESIGN "Recompute", ADR 0131, 0502).

``assessment.group`` (scope: ``national`` / ``provincial``, year): reloads the group's system,
rule set, values, computed sources and benchmarks; runs scores → ranks → grades → consequences
→ pools (``rules.py``); writes a new :class:`ResultSet` with every zone's result and pool and
makes it current in the same transaction, so a reader sees the old set or the new one, never a
mix — and, in that transaction, the zones' draft distribution plans follow their new pools
(``services.refresh_draft_plans``: distributions, the chain's last link; filed plans are locked).
Same inputs (fingerprint) → nothing written: a redelivered run is harmless. A closed year is
frozen: the run pays the debt and changes nothing. When a year's ranks or grades change, the
next year (whose consequences read them) is owed a recompute too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from devzone.recompute.registry import register

from . import events, rules, sources
from .models import (
    ANNUAL,
    Benchmark,
    IndicatorSystem,
    IndicatorValue,
    PayPool,
    ResultSet,
    RuleSet,
    Source,
    ZoneResult,
)
from .services import KIND, owe, refresh_draft_plans, rule_set_for, year_row

KEEP_SETS = 3  # result sets kept per group and year (the current one and two before it)


def grade_rules(rs: RuleSet) -> rules.GradeRules:
    return rules.GradeRules(
        method=rs.grade_method,  # type: ignore[arg-type]
        excellent_pct=rs.excellent_pct,
        good_pct=rs.good_pct,
        pass_pct=rs.pass_pct,
        rank_excellent_pct=rs.rank_excellent_pct,
        rank_good_pct=rs.rank_good_pct,
        rank_fail_bottom=rs.rank_fail_bottom,
    )


def coefficients(rs: RuleSet) -> dict[str, Decimal]:
    return {
        rules.EXCELLENT: rs.coefficient_excellent,
        rules.GOOD: rs.coefficient_good,
        rules.PASS: rs.coefficient_pass,
        rules.FAIL: rs.coefficient_fail,
    }


def history(group: str, years: list[int], zone_ids: list[int]) -> dict[int, dict[int, rules.Standing]]:
    """The stored (current) results of earlier years, per zone: what consequences read."""
    out: dict[int, dict[int, rules.Standing]] = {}
    rows = ZoneResult.objects.filter(
        result_set__is_current=True, group=group, year__in=years, zone_id__in=zone_ids
    ).values_list("zone_id", "year", "rank", "group_size", "grade")
    for zone_id, year, rank, size, grade in rows:
        out.setdefault(zone_id, {})[year] = rules.Standing(rank, size, grade)
    return out


def compute(group: str, year: int) -> dict[str, Any] | None:
    """Everything the new result set holds, from the current rows (no writes)."""
    system = IndicatorSystem.objects.filter(year=year, group=group).first()
    rule_set = rule_set_for(year)
    if system is None or rule_set is None:
        return None
    indicators = [i for d in system.dimensions.prefetch_related("indicators") for i in d.indicators.all()]
    dim_order = {i.pk: i.dimension.order for i in indicators}
    zones = sources.zones_in_group(group)
    ids = [z.pk for z in zones]
    entered: dict[tuple[int, int], Any] = {
        (zid, iid): (v, tp)
        for zid, iid, v, tp in IndicatorValue.objects.filter(
            year=year, period=ANNUAL, zone_id__in=ids, indicator__in=indicators
        ).values_list("zone_id", "indicator_id", "value", "third_party")
    }
    computed = {s: sources.computed(s, ids, year) for s in {i.source for i in indicators} if s in sources.COMPUTED}
    specs = [
        rules.IndicatorSpec(
            code=i.code, weight=i.weight, dimension=dim_order[i.pk], direction=i.direction,  # type: ignore[arg-type]
            method=i.method, benchmark=i.benchmark_value, deduction_per_unit=i.deduction_per_unit,  # type: ignore[arg-type]
        )
        for i in indicators
    ]  # fmt: skip
    values: dict[str, dict[str, Decimal | None]] = {}
    origin: dict[tuple[int, str], str] = {}
    for z in zones:
        row: dict[str, Decimal | None] = {}
        for i in indicators:
            value = None
            if i.source in computed and z.pk in computed[i.source]:
                value, origin[(z.pk, i.code)] = computed[i.source][z.pk], i.source
            elif (z.pk, i.pk) in entered:
                value, tp = entered[(z.pk, i.pk)]
                origin[(z.pk, i.code)] = "third_party" if tp else Source.ENTERED
            row[i.code] = value
        values[str(z.pk)] = row
    scores = rules.score_group(specs, values, rule_set.efficacy_floor)
    first_dim = min((s.dimension for s in specs), default=0)
    ties = (
        {z: s.by_dimension.get(first_dim, rules.ZERO) for z, s in scores.items()}
        if rule_set.tie_break == "first_dimension"
        else None
    )
    ranks = rules.competition_ranks({z: s.total for z, s in scores.items()}, ties)
    size = len(zones)
    gr = grade_rules(rule_set)
    specs_c = [
        rules.ConsequenceSpec(c.kind, c.n, c.years, c.code, c.label)  # type: ignore[arg-type]
        for c in rule_set.consequences.filter(group=group).order_by("kind", "n", "pk")
    ]
    max_years = max((c.years for c in specs_c), default=1)
    earlier = history(group, list(range(year - max_years + 1, year)), ids)
    coef = coefficients(rule_set)
    benchmarks = {b.zone_id: b for b in Benchmark.objects.filter(year=year, zone_id__in=ids)}
    names = {i.code: (i.name, i.source) for i in indicators}
    results, pools = [], []
    for z in zones:
        key = str(z.pk)
        sc = scores[key]
        pct = rules.q2(sc.total / system.total_points * rules.HUNDRED) if system.total_points else rules.ZERO
        grade, grade_rule = rules.grade_of(pct, ranks[key], size, gr)
        standing = {**earlier.get(z.pk, {}), year: rules.Standing(ranks[key], size, grade)}
        cons = rules.consequences(year, standing, specs_c)
        working = {
            "lines": [
                {
                    "code": ln.code, "name": names[ln.code][0],
                    "source": origin.get((z.pk, ln.code), names[ln.code][1]),
                    "value": None if ln.value is None else str(ln.value), "points": str(ln.points), "note": ln.note,
                }
                for ln in sc.lines
            ],
            "rank_rule": rule_set.get_tie_break_display(),
            "grade_rule": grade_rule,
            "years": {str(y): [s.rank, s.size, s.grade] for y, s in sorted(standing.items())},
        }  # fmt: skip
        results.append(
            ZoneResult(
                zone_id=z.pk, year=year, group=group, score=rules.q2(sc.total), score_pct=pct, rank=ranks[key],
                group_size=size, grade=grade, consequences=[c.as_dict() for c in cons], working=working,
                missing=sum(1 for ln in sc.lines if ln.value is None),
            )
        )  # fmt: skip
        bench = benchmarks.get(z.pk)
        if bench is not None:
            total = rules.benchmark_total(bench.benchmark_per_capita, bench.headcount)
            p = rules.pool(total, coef[grade], rule_set.cap_multiple)
            pools.append(
                PayPool(
                    zone_id=z.pk, year=year, grade=grade, coefficient=coef[grade], cap_multiple=rule_set.cap_multiple,
                    benchmark_per_capita=bench.benchmark_per_capita, headcount=bench.headcount,
                    benchmark_total=p.benchmark_total, uncapped_total=p.uncapped_total, cap_total=p.cap_total,
                    pool_total=p.pool_total, capped=p.capped,
                )
            )  # fmt: skip
    digest = rules.fingerprint(
        [
            system.pk, system.total_points, rule_set.label,
            sorted(
                (s.code, s.weight, s.dimension, s.direction, s.method, s.benchmark, s.deduction_per_unit) for s in specs
            ),
            sorted((k, sorted(v.items())) for k, v in values.items()),
            sorted((b.zone_id, b.benchmark_per_capita, b.headcount) for b in benchmarks.values()),
            sorted((zid, y, s.rank, s.size, s.grade) for zid, ys in earlier.items() for y, s in ys.items()),
        ]
    )  # fmt: skip
    return {
        "results": results, "pools": pools, "fingerprint": digest, "rule_set": rule_set.label,
        "system": f"{system.year} {system.name}",
    }  # fmt: skip


def recompute_group(scope: str, year: int | None) -> None:
    if year is None or scope not in ("national", "provincial"):
        return
    group = scope
    with transaction.atomic():
        year_state = year_row(year, lock=True)  # serialises runs of one year
        if year_state.closed:
            return  # frozen: reopening owes a new run
        out = compute(group, year)
        current = ResultSet.objects.filter(group=group, year=year, is_current=True).first()
        if out is None:
            if current is not None:
                current.is_current = False
                current.save(update_fields=["is_current"])
            return
        if current is not None and current.fingerprint == out["fingerprint"]:
            return  # same inputs: the current set is right (a redelivered or repeated run)
        before = {r.zone_id: (r.rank, r.grade) for r in current.results.all()} if current is not None else {}
        number = (ResultSet.objects.filter(group=group, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
        new = ResultSet.objects.create(
            group=group, year=year, number=number, fingerprint=out["fingerprint"], rule_set_label=out["rule_set"],
            system_label=out["system"], computed_at=timezone.now(), zone_count=len(out["results"]),
        )  # fmt: skip
        for row in out["results"]:
            row.result_set = new
        for row in out["pools"]:
            row.result_set = new
        ZoneResult.objects.bulk_create(out["results"], batch_size=1000)
        PayPool.objects.bulk_create(out["pools"], batch_size=1000)
        ResultSet.objects.filter(group=group, year=year, is_current=True).update(is_current=False)
        ResultSet.objects.filter(pk=new.pk).update(is_current=True)
        old = list(
            ResultSet.objects.filter(group=group, year=year)
            .order_by("-number")
            .values_list("pk", flat=True)[KEEP_SETS:]
        )
        if old:
            ResultSet.objects.filter(pk__in=old).delete()
        refresh_draft_plans(group, year, out["pools"], out["rule_set"])  # the chain's last link: distributions
        after = {r.zone_id: (r.rank, r.grade) for r in out["results"]}
        if after != before and IndicatorSystem.objects.filter(year=year + 1, group=group).exists():
            owe(group, year + 1)  # next year's consequences read this year's ranks
        events.grades_changed(year, before, after)  # the zones' and cities' officers, after the commit


register(KIND, recompute_group)


def pay_owed(token: str = "assessment-inline") -> int:  # noqa: S107 — a run token, not a secret
    """Run every owed ``assessment.group`` key here, in this process (demo loading, tests, bench);
    the worker does this in production. Returns how many runs were made."""
    from devzone.recompute import services as outbox
    from devzone.recompute.selectors import pending

    runs = 0
    for _round in range(5):  # a run may owe the next year: a few rounds settle every chain
        keys = list(pending(KIND).order_by("year", "scope").values_list("scope", "year"))
        if not keys:
            break
        for scope, year in keys:
            outbox.run(kind=KIND, scope=scope, year=year, token=token)
            runs += 1
    return runs

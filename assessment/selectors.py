"""Reads of assessment and pay: scoped, current result set only, with their staleness (ADR 0501).

Tenancy: a user sees the results and pools of the zones in scope (an auditor: of its years);
once the province has closed (published) a year, the ranking of that year — scores, ranks,
grades and consequences, not the zones' indicator values — is visible to everyone who sees a
zone in that year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from devzone.domain import NotFound
from devzone.domain.filters import filtered
from devzone.recompute.models import Outbox
from devzone.tenancy import has_role, scoped, visible_zones
from devzone.types import User
from staffing.models import Staff
from zones.registry.models import Zone

from .models import (
    ANNUAL,
    AssessmentYear,
    Benchmark,
    DepartmentGrade,
    DistributionLine,
    DistributionPlan,
    Group,
    Indicator,
    IndicatorSystem,
    IndicatorValue,
    InternalYear,
    PayPool,
    ResultSet,
    Source,
    StaffGrade,
    YearState,
    ZoneResult,
)
from .services import KIND


def owed_keys() -> set[tuple[str, int]]:
    """``(group, year)`` keys whose recompute is owed: one query."""
    return {
        (scope, int(year or 0))
        for scope, year in Outbox.objects.filter(kind=KIND, requested_version__gt=F("done_version")).values_list(
            "scope", "year"
        )
    }


def is_stale(group: str, year: int) -> bool:
    return (group, year) in owed_keys()


def closed_years() -> list[int]:
    return list(AssessmentYear.objects.filter(state=YearState.CLOSED).values_list("year", flat=True))


def published_years_for(user: User, year: int | None = None) -> list[int]:
    """Closed years whose published ranking ``user`` may read (it sees some zone in that year)."""
    if not user.is_authenticated:
        return []
    years = [y for y in closed_years() if year is None or y == year]
    return [y for y in years if visible_zones(user, year=y).exists()]


def current_results(user: User, *, published: bool = True, year: int | None = None) -> QuerySet[ZoneResult]:
    """The current results ``user`` may read: its zones' (its years'), plus the published ranking of
    closed years in which it sees some zone (one query per closed year; only ``year`` when given)."""
    qs = ZoneResult.objects.filter(result_set__is_current=True)
    own = scoped(qs, user)
    if not published:
        return own
    years = published_years_for(user, year)
    if not years:
        return own
    return qs.filter(Q(pk__in=own.values("pk")) | Q(year__in=years))


def result_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[ZoneResult]:
    from .filters import ResultFilter

    year = None
    if filters and str(filters.get("year") or "").isdigit():
        year = int(str(filters["year"]))
    qs = filtered(ResultFilter, filters, current_results(user, year=year))
    return qs.select_related("zone", "result_set").order_by("-year", "group", "rank", "zone__code")


def pool_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[PayPool]:
    from .filters import PoolFilter

    qs = filtered(PoolFilter, filters, scoped(PayPool.objects.filter(result_set__is_current=True), user))
    return qs.select_related("zone", "result_set").order_by("-year", "zone__code")


def benchmark_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Benchmark]:
    from .filters import BenchmarkFilter

    qs = filtered(BenchmarkFilter, filters, scoped(Benchmark.objects.all(), user))
    return qs.select_related("zone", "entered_by").order_by("-year", "zone__code")


def get_benchmark(user: User, pk: Any) -> Benchmark:
    try:
        return scoped(Benchmark.objects.select_related("zone"), user).get(pk=pk)
    except (Benchmark.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def zone_in_scope(user: User, code: str) -> Zone:
    zone = visible_zones(user).filter(code=code).select_related("city").first()
    if zone is None:
        raise NotFound()
    return zone


def result_sets(group: str | None = None) -> QuerySet[ResultSet]:
    qs = ResultSet.objects.filter(is_current=True)
    return qs.filter(group=group) if group else qs


def years() -> list[int]:
    return sorted(set(IndicatorSystem.objects.values_list("year", flat=True)), reverse=True)


def default_year() -> int:
    """The latest year with a current result, else the latest with a system, else this year."""
    latest = ResultSet.objects.filter(is_current=True).order_by("-year").values_list("year", flat=True).first()
    return latest or (years() or [timezone.localdate().year])[0]


def system_of(year: int, group: str) -> IndicatorSystem | None:
    return IndicatorSystem.objects.filter(year=year, group=group).prefetch_related("dimensions__indicators").first()


@dataclass
class Missing:
    zone: Zone
    indicators: list[Indicator]


def missing_values(year: int, zone_ids: set[int] | None = None) -> list[Missing]:
    """Per zone, the indicators of its group's system with no annual figure (entered, or computed
    by the portal for that zone) — what must be there before the year can close. ``zone_ids``:
    only those zones (a zone officer's 待办); the number of queries does not grow with them."""
    from . import sources

    out: list[Missing] = []
    for group in ("national", "provincial"):
        system = system_of(year, group)
        if system is None:
            continue
        indicators = [i for d in system.dimensions.all() for i in d.indicators.all()]
        zones = sources.zones_in_group(group)
        if zone_ids is not None:
            zones = [z for z in zones if z.pk in zone_ids]
            if not zones:
                continue
        ids = [z.pk for z in zones]
        have = set(
            IndicatorValue.objects.filter(year=year, period=ANNUAL, zone_id__in=ids).values_list(
                "zone_id", "indicator_id"
            )
        )
        computed = {s: sources.computed(s, ids, year) for s in {i.source for i in indicators} if s in sources.COMPUTED}
        for z in zones:
            lacking = [
                i
                for i in indicators
                if (z.pk, i.pk) not in have and not (i.source != Source.ENTERED and z.pk in computed.get(i.source, {}))
            ]
            if lacking:
                out.append(Missing(z, lacking))
    return out


def zones_missing_values(year: int) -> int:
    """How many zones lack an annual figure for the year (the province's 待办): counted by the
    recompute in each current result (``ZoneResult.missing``) — two queries. While a recompute of
    the year is owed, or before anything was computed, the results may not match the values: then
    counted from the values themselves (``missing_values``). Closing the year checks that itself."""
    owed = owed_keys()
    current = ZoneResult.objects.filter(year=year, result_set__is_current=True)
    if any((group, year) in owed for group in Group.values) or not current.exists():
        return len(missing_values(year))
    return current.filter(missing__gt=0).count()


def zone_sheet(user: User, zone: Zone, year: int) -> dict[str, Any]:
    """A zone's assessment sheet: its current result (with every indicator's working) and pool."""
    result = scoped(ZoneResult.objects.filter(result_set__is_current=True), user).filter(zone=zone, year=year)
    pool = scoped(PayPool.objects.filter(result_set__is_current=True), user).filter(zone=zone, year=year)
    values = scoped(IndicatorValue.objects.filter(zone=zone, year=year), user).select_related("indicator", "entered_by")
    row = result.select_related("result_set").first()
    return {
        "zone": zone,
        "year": year,
        "result": row,
        "pool": pool.first(),
        "values": list(values),
        "stale": is_stale(str(zone.level), year),
    }


HOME_TOP, HOME_BOTTOM, HOME_POOLS = 10, 10, 15  # what the home panel draws; the pages list the rest


def home_figures(user: User) -> dict[str, Any] | None:
    """The province and city home panel: the ranking of the latest year and pools against caps."""
    from .access import is_province_admin

    if not user.is_authenticated:
        return None
    if not (is_province_admin(user) or has_role(user, "province_staff", "city_officer")):
        return None
    year = default_year()
    visible = result_list(user, {"year": year})
    results: list[ZoneResult] = []
    for group in Group.values:  # the top and the bottom of each group: the bottom rules bite there
        rows = visible.filter(group=group)
        top = list(rows.order_by("rank", "zone__code")[:HOME_TOP])
        bottom = list(rows.order_by("-rank", "-zone__code")[:HOME_BOTTOM])
        seen = {r.pk for r in top}
        results += top + [r for r in reversed(bottom) if r.pk not in seen]
    if not results:
        return None
    pools = pool_list(user, {"year": year})
    totals = pools.aggregate(
        n=Count("id"), capped=Count("id", filter=Q(capped=True)), pool=Sum("pool_total"), cap=Sum("cap_total")
    )
    return {
        "year": year,
        "ranking": [
            {"zone": r.zone.name, "group": r.get_group_display(), "score": float(r.score), "rank": r.rank}
            for r in results
        ],
        "pools": [
            {"zone": p.zone.name, "pool": float(p.pool_total), "cap": float(p.cap_total), "capped": p.capped}
            for p in pools.order_by("-pool_total", "zone__code")[:HOME_POOLS]
        ],
        "pool_count": totals["n"],
        "pool_total": totals["pool"] or Decimal(0),
        "cap_total": totals["cap"] or Decimal(0),
        "capped": totals["capped"],
        "shown": {"top": HOME_TOP, "bottom": HOME_BOTTOM, "pools": HOME_POOLS},
        "labels": {"pool": gettext("绩效薪酬总量"), "cap": gettext("上限"), "score": gettext("得分")},
    }


def value_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[IndicatorValue]:
    from .filters import ValueFilter

    qs = filtered(ValueFilter, filters, scoped(IndicatorValue.objects.all(), user))
    return qs.select_related("zone", "indicator", "entered_by").order_by(
        "-year", "zone__code", "indicator__dimension__order", "indicator__order", "period"
    )


# --- internal assessment and distribution plans (ADR 0503) -------------------------------------


def staff_grade_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[StaffGrade]:
    from .filters import StaffGradeFilter

    qs = filtered(StaffGradeFilter, filters, scoped(StaffGrade.objects.all(), user))
    return qs.select_related("zone", "staff", "staff__department", "entered_by").order_by(
        "zone__code", "-year", "staff__name", "id"
    )


def department_grade_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[DepartmentGrade]:
    from .filters import DepartmentGradeFilter

    qs = filtered(DepartmentGradeFilter, filters, scoped(DepartmentGrade.objects.all(), user))
    return qs.select_related("zone", "department", "entered_by").order_by("zone__code", "-year", "department__order")


def internal_closed(zone: Zone, year: int) -> bool:
    return InternalYear.objects.filter(zone=zone, year=year, closed_at__isnull=False).exists()


def plan_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[DistributionPlan]:
    """Every plan of the zones the user sees: the city sees every plan of its city."""
    from .filters import PlanFilter

    qs = filtered(PlanFilter, filters, scoped(DistributionPlan.objects.all(), user))
    return qs.select_related("zone", "filed_by", "computed_by").order_by("-year", "zone__code")


def get_plan(user: User, pk: Any) -> DistributionPlan:
    try:
        return scoped(DistributionPlan.objects.select_related("zone", "filed_by", "computed_by"), user).get(pk=pk)
    except (DistributionPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def current_pool(zone: Zone, year: int) -> PayPool | None:
    """The zone's pay pool of the current result set (what a draft plan follows)."""
    return PayPool.objects.filter(zone=zone, year=year, result_set__is_current=True).first()


def plan_lines(plan: DistributionPlan) -> list[DistributionLine]:
    order = ("department__order", "department_name", F("staff_id").asc(nulls_first=True), "staff__name", "id")
    return list(plan.lines.select_related("staff").order_by(*order))


def staff_in_scope(user: User, pk: Any) -> Staff:
    try:
        return scoped(Staff.objects.select_related("zone"), user).get(pk=pk)
    except (Staff.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# --- internal grades page and department headcount proposals (ADR 0504) -------------------------


@dataclass
class QuotaFigures:
    what: str
    s_count: int
    size: int
    limit: int | None  # None: no quota in the rule set

    @property
    def over(self) -> bool:
        return self.limit is not None and self.s_count > self.limit


def internal_sheet(zone: Zone, year: int) -> dict[str, Any]:
    """A zone's internal grades of a year with their breakdown, the S quota as it stands and the
    rule set's weights — a fixed number of queries whatever the staff count."""
    from . import rules as assessment_rules
    from .services import internal_coefficients, internal_weights, rule_set_for

    rule_set = rule_set_for(year)
    people = list(
        StaffGrade.objects.filter(zone=zone, year=year)
        .select_related("staff", "staff__department", "entered_by")
        .order_by("staff__department__order", "staff__name", "id")
    )
    departments = list(
        DepartmentGrade.objects.filter(zone=zone, year=year)
        .select_related("entered_by")
        .order_by("department__order", "department_name", "id")
    )
    pct = rule_set.internal_s_quota_pct if rule_set else None
    quotas = [
        QuotaFigures(
            what, sum(1 for r in rows if r.grade == "S"), len(rows),
            assessment_rules.quota_limit(len(rows), pct) if pct is not None else None,
        )
        for what, rows in ((gettext("部门"), departments), (gettext("个人"), people))
    ]  # fmt: skip
    state = InternalYear.objects.filter(zone=zone, year=year).select_related("closed_by").first()
    return {
        "zone": zone,
        "year": year,
        "people": people,
        "departments": departments,
        "quotas": quotas,
        "quota_pct": pct,
        "weights": internal_weights(rule_set),
        "coefficients": internal_coefficients(rule_set),
        "state": state,
        "closed": bool(state and state.closed),
        "rule_set": rule_set,
        "plan": DistributionPlan.objects.filter(zone=zone, year=year).first(),
    }


@dataclass
class ProposalRow:
    zone: Zone
    year: int
    department: str
    grade: str
    places: int
    serving: int
    change: int
    proposed: int


def headcount_proposals(user: User, year: int, zone: str | None = None, limit: int | None = None) -> list[ProposalRow]:
    """Department headcount adjustment proposals (seed 002 §八(三)) from the **closed** department
    grades of the zones in scope: places now (staffing's posts), the change the grade calls for
    (rule-set data) and the proposal. The zone and its city read it."""
    from staffing.sources import department_figures

    from . import rules as assessment_rules
    from .services import internal_headcount_changes, rule_set_for

    closed = InternalYear.objects.filter(zone=OuterRef("zone"), year=year, closed_at__isnull=False)
    qs = scoped(DepartmentGrade.objects.filter(year=year, department__isnull=False), user).filter(Exists(closed))
    if zone:
        qs = qs.filter(zone__code=zone)
    ordered = qs.select_related("zone").order_by("zone__code", "department__order", "id")
    grades = list(ordered[:limit] if limit else ordered)
    changes = internal_headcount_changes(rule_set_for(year))
    out: list[ProposalRow] = []
    by_zone: dict[int, list[DepartmentGrade]] = {}
    for g in grades:
        by_zone.setdefault(g.zone_id, []).append(g)
    figures = department_figures(by_zone)
    for rows in by_zone.values():
        proposals = assessment_rules.headcount_proposals(
            {g.department_id: g.grade for g in rows if g.department_id is not None},
            {d: f[0] for d, f in figures.items()},
            changes,
        )
        names = {g.department_id: g.department_name for g in rows}
        for p in proposals:
            out.append(
                ProposalRow(
                    rows[0].zone, year, names[p.department], p.grade, p.current,
                    figures.get(p.department, (0, 0))[1], p.change, p.proposed,
                )
            )  # fmt: skip
    return out

"""Writes of assessment and pay (ADR 0501). Every change to a source of a result records, in its
transaction, the recompute it owes (``request_recompute``, ADR 0131); the worker does the rest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Conflict, Invalid, NotAllowed, model_update
from devzone.recompute.services import request_recompute
from devzone.tenancy import can
from devzone.types import User
from staffing.models import Staff
from zones.plans.models import EstablishmentUnit
from zones.registry.models import Zone

from . import defaults, rules
from .access import is_province_admin
from .grants import ENTER_VALUES, MANAGE_BENCHMARKS
from .models import (
    ANNUAL,
    AssessmentYear,
    Benchmark,
    ConsequenceRule,
    DepartmentGrade,
    Dimension,
    DistributionLine,
    DistributionPlan,
    Indicator,
    IndicatorSystem,
    IndicatorValue,
    InternalYear,
    PayPool,
    PlanState,
    RuleSet,
    StaffGrade,
    YearEvent,
    YearState,
)

KIND = "assessment.group"
GROUPS = ("national", "provincial")
PERIODS = ("Y", "H1", "H2", *(f"{m:02d}" for m in range(1, 13)))


def owe(group: str, year: int) -> None:
    """Record that ``group``'s results of ``year`` must be recomputed (in the caller's transaction)."""
    request_recompute(KIND, group, year)


def _require_province(user: User) -> None:
    if not is_province_admin(user):
        raise NotAllowed(_("只有省级管理员可以办理此操作。"))


def year_row(year: int, *, lock: bool = False) -> AssessmentYear:
    row, _created = AssessmentYear.objects.get_or_create(year=year)
    if lock:
        row = AssessmentYear.objects.select_for_update().get(pk=row.pk)
    return row


def require_open(year: int) -> None:
    if AssessmentYear.objects.filter(year=year, state=YearState.CLOSED).exists():
        raise Conflict(_("%(year)s 年度考核已关闭并公布，修改须先由省级管理员重新开启。") % {"year": year})


# --- defaults, rule sets, systems ---------------------------------------------------------------


def ensure_rule_set() -> RuleSet:
    data: dict[str, Any] = dict(defaults.RULE_SET)
    year = int(data.pop("effective_year"))
    rule_set, created = RuleSet.objects.get_or_create(
        effective_year=year, defaults={**data, "efficacy_floor": Decimal(str(data["efficacy_floor"]))}
    )
    if created or not rule_set.consequences.exists():
        for group, kind, n, years, code, label, source in defaults.CONSEQUENCES:
            ConsequenceRule.objects.create(
                rule_set=rule_set, group=group, kind=kind, n=Decimal(n), years=years, code=code, label=label,
                source=source,
            )  # fmt: skip
    return rule_set


def rule_set_for(year: int) -> RuleSet | None:
    return RuleSet.objects.filter(effective_year__lte=year).order_by("-effective_year").first()


def _create_system(year: int, group: str, spec: dict[str, Any]) -> IndicatorSystem:
    system = IndicatorSystem.objects.create(
        year=year, group=group, name=spec["name"], total_points=Decimal(spec["total_points"]), source=spec["source"]
    )
    for d_order, (name, weight, indicators) in enumerate(spec["dimensions"], start=1):
        dim = Dimension.objects.create(system=system, order=d_order, name=name, weight=Decimal(weight))
        for i_order, (code, iname, unit, iweight, direction, method, source, cadence, extra) in enumerate(
            indicators, start=1
        ):
            Indicator.objects.create(
                dimension=dim, order=i_order, code=code, name=iname, unit=unit, weight=Decimal(iweight),
                direction=direction, method=method, source=source, cadence=cadence,
                benchmark_value=Decimal(extra["benchmark_value"]) if "benchmark_value" in extra else None,
                deduction_per_unit=Decimal(extra["deduction_per_unit"]) if "deduction_per_unit" in extra else None,
                third_party=bool(extra.get("third_party")),
            )  # fmt: skip
    return system


@transaction.atomic
def ensure_system(year: int, group: str) -> IndicatorSystem:
    """The system of ``year``/``group``: existing, else copied from the latest earlier year, else the default."""
    existing = IndicatorSystem.objects.filter(year=year, group=group).first()
    if existing is not None:
        return existing
    ensure_rule_set()
    previous = IndicatorSystem.objects.filter(group=group, year__lt=year).order_by("-year").first()
    system = copy_system(previous, year) if previous else _create_system(year, group, defaults.SYSTEMS[group])
    owe(group, year)
    return system


def copy_system(source: IndicatorSystem, year: int) -> IndicatorSystem:
    system = IndicatorSystem.objects.create(
        year=year, group=source.group, name=source.name, total_points=source.total_points, source=source.source,
        copied_from=source,
    )  # fmt: skip
    for dim in source.dimensions.prefetch_related("indicators"):
        new_dim = Dimension.objects.create(system=system, order=dim.order, name=dim.name, weight=dim.weight)
        for ind in dim.indicators.all():
            ind.pk = None
            ind.dimension = new_dim
            ind._state.adding = True
            ind.save()
    return system


@transaction.atomic
def copy_from_last(*, user: User, year: int, group: str) -> IndicatorSystem:
    """The province starts a year's system from the last year's (then adjusts it)."""
    _require_province(user)
    if IndicatorSystem.objects.filter(year=year, group=group).exists():
        raise Conflict(_("%(year)s 年度该组别已有指标体系。") % {"year": year})
    return ensure_system(year, group)


def system_problems(system: IndicatorSystem) -> list[str]:
    dims = {
        d.name: (d.weight, [i.weight for i in d.indicators.all()])
        for d in system.dimensions.prefetch_related("indicators")
    }
    return rules.weights_problems(system.total_points, dims)


@transaction.atomic
def set_weights(*, user: User, system: IndicatorSystem, weights: dict[str, Any]) -> IndicatorSystem:
    """Change weights all at once: ``{"dim:<order>": w, "<indicator code>": w}``; they must total exactly."""
    _require_province(user)
    require_open(system.year)
    try:
        parsed = {k: Decimal(str(v)) for k, v in weights.items()}
    except (InvalidOperation, ValueError):
        raise Invalid({"weights": [_("分值须为数字。")]}) from None
    if any(v < 0 for v in parsed.values()):
        raise Invalid({"weights": [_("分值不能为负数。")]})
    for dim in system.dimensions.prefetch_related("indicators"):
        if f"dim:{dim.order}" in parsed:
            model_update(dim, {"weight": parsed[f"dim:{dim.order}"]}, fields=["weight"])
        for ind in dim.indicators.all():
            if ind.code in parsed:
                model_update(ind, {"weight": parsed[ind.code]}, fields=["weight"])
    problems = system_problems(system)
    if problems:
        raise Invalid({"weights": [_("分值合计不符：%(p)s") % {"p": "；".join(problems)}]})
    owe(system.group, system.year)
    return system


INDICATOR_FIELDS = (
    "name", "unit", "direction", "method", "benchmark_value", "deduction_per_unit", "source", "third_party", "cadence",
)  # fmt: skip


@transaction.atomic
def update_indicator(*, user: User, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    _require_province(user)
    system = indicator.dimension.system
    require_open(system.year)
    indicator, changed = model_update(indicator, data, fields=INDICATOR_FIELDS, clean=True)
    if changed:
        owe(system.group, system.year)
    return indicator


RULE_FIELDS = (
    "efficacy_floor", "tie_break", "grade_method", "excellent_pct", "good_pct", "pass_pct", "rank_excellent_pct",
    "rank_good_pct", "rank_fail_bottom", "coefficient_excellent", "coefficient_good", "coefficient_pass",
    "coefficient_fail", "cap_multiple", "internal_s_quota_pct",
    "internal_coefficient_s", "internal_coefficient_a", "internal_coefficient_b", "internal_coefficient_c",
    "internal_coefficient_d", "internal_weight_task", "internal_weight_management", "internal_weight_overall",
    "internal_area_investment", "internal_area_economy", "internal_area_core", "internal_headcount_s",
    "internal_headcount_a", "internal_headcount_b", "internal_headcount_c", "internal_headcount_d",
)  # fmt: skip
WEIGHT_FIELDS = (
    "internal_weight_task", "internal_weight_management", "internal_weight_overall",
    "internal_area_investment", "internal_area_economy", "internal_area_core",
)  # fmt: skip


@transaction.atomic
def update_rule_set(*, user: User, rule_set: RuleSet, data: dict[str, Any]) -> RuleSet:
    """A change to a rule set (coefficients, the 5×, thresholds…) raises its version and owes a
    recompute of every open year it governs."""
    _require_province(user)
    if any(k in data for k in WEIGHT_FIELDS):
        merged = [_decimal(data[k], k) if k in data else getattr(rule_set, k) for k in WEIGHT_FIELDS]
        problems = rules.internal_weights_problems(rules.InternalWeights(*merged))
        if problems:
            errors: dict[str, list[str]] = {}
            if "dimensions" in problems or "negative" in problems:
                errors["internal_weight_task"] = [_("任务绩效、管理绩效、综合评价的权重须均不小于 0 且合计 100%。")]
            if "areas" in problems or "negative" in problems:
                errors["internal_area_investment"] = [
                    _("招商引资、经济指标、部门主责主业的权重须均不小于 0 且合计 100%。")
                ]
            raise Invalid(errors)
    rule_set, changed = model_update(rule_set, data, fields=RULE_FIELDS, clean=True)
    if changed:
        rule_set.version += 1
        rule_set.save(update_fields=["version"])
        later = RuleSet.objects.filter(effective_year__gt=rule_set.effective_year).order_by("effective_year").first()
        closed = set(AssessmentYear.objects.filter(state=YearState.CLOSED).values_list("year", flat=True))
        systems = IndicatorSystem.objects.filter(year__gte=rule_set.effective_year)
        if later is not None:
            systems = systems.filter(year__lt=later.effective_year)
        for year, group in systems.values_list("year", "group"):
            if year not in closed:
                owe(group, year)
    return rule_set


# --- values -------------------------------------------------------------------------------------


def _decimal(value: Any, field: str) -> Decimal:
    try:
        out = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise Invalid({field: [_("请输入数字。")]}) from None
    if not out.is_finite() or abs(out) >= Decimal("1e16"):
        raise Invalid({field: [_("数值超出范围。")]})
    return out


def group_of(zone: Zone) -> str:
    return str(zone.level)


@transaction.atomic
def save_value(
    *,
    user: User,
    zone: Zone,
    indicator: Indicator,
    value: Any,
    period: str = ANNUAL,
    evidence: Any = None,
    third_party: bool | None = None,
    note: str = "",
) -> IndicatorValue:
    """Enter (or correct) one zone's figure for one indicator and period."""
    if not can(user, ENTER_VALUES, zone):
        raise NotAllowed(_("只有本开发区或省级管理员可以填报考核数据。"))
    system = indicator.dimension.system
    if system.group != group_of(zone):
        raise Invalid({"indicator": [_("该指标不属于本开发区的考核组别。")]})
    if period not in PERIODS:
        raise Invalid({"period": [_("期间须为 Y、H1、H2 或 01–12。")]})
    require_open(system.year)
    number = _decimal(value, "value")
    row = IndicatorValue.objects.select_for_update().filter(zone=zone, indicator=indicator, period=period).first()
    data: dict[str, Any] = {"value": number, "note": note[:200], "entered_by": user}
    data["third_party"] = indicator.third_party if third_party is None else bool(third_party)
    if evidence:
        data["evidence"] = evidence
    if row is None:
        row = IndicatorValue.objects.create(zone=zone, indicator=indicator, year=system.year, period=period, **data)
    else:
        row, changed = model_update(row, data, fields=["value", "note", "third_party", "evidence", "entered_by"])
        if changed == ["entered_by"] or not changed:
            return row
    if period == ANNUAL:
        owe(system.group, system.year)
    return row


# --- benchmarks ---------------------------------------------------------------------------------


@transaction.atomic
def save_benchmark(*, user: User, zone: Zone, year: int, data: dict[str, Any]) -> Benchmark:
    if not can(user, MANAGE_BENCHMARKS, zone):
        raise NotAllowed(_("只有所在市或省级管理员可以核定绩效薪酬基准。"))
    require_open(year)
    row = Benchmark.objects.select_for_update().filter(zone=zone, year=year).first()
    fields = ["benchmark_per_capita", "headcount", "base_pay_per_person"]
    if row is None:
        if data.get("benchmark_per_capita") is None or data.get("headcount") is None:
            raise Invalid({"benchmark_per_capita": [_("请填写人均基准和人数。")]})
        row = Benchmark(zone=zone, year=year, entered_by_id=user.pk, **{k: data[k] for k in fields if k in data})
        row.full_clean()
        row.save()
    else:
        row, changed = model_update(row, {**data, "entered_by": user}, fields=[*fields], clean=True)
        if not changed:
            return row
        Benchmark.objects.filter(pk=row.pk).update(entered_by=user.pk)
    owe(group_of(zone), year)
    return row


# --- closing a year -----------------------------------------------------------------------------


@transaction.atomic
def close_year(*, user: User, year: int) -> AssessmentYear:
    """Freeze and publish ``year``: every zone's values present and every result fresh."""
    from . import selectors

    _require_province(user)
    row = year_row(year, lock=True)
    if row.closed:
        raise Conflict(_("%(year)s 年度已关闭。") % {"year": year})
    missing = selectors.missing_values(year)
    if missing:
        names = "；".join(f"{m.zone.name}（{len(m.indicators)}项）" for m in missing[:10])
        raise Conflict(_("还有 %(n)s 个开发区缺少考核数据，不能关闭：%(names)s") % {"n": len(missing), "names": names})
    if any(selectors.is_stale(group, year) for group in GROUPS):
        raise Conflict(_("考核结果正在重新计算，请稍后再关闭。"))
    row.state = YearState.CLOSED
    row.closed_at = timezone.now()
    row.save(update_fields=["state", "closed_at"])
    YearEvent.objects.create(year=row, action="close", by_id=user.pk)
    from . import events

    events.year_published(row, by=user)
    return row


@transaction.atomic
def reopen_year(*, user: User, year: int, reason: str) -> AssessmentYear:
    """The one way to change a closed year: an explicit, logged reopening with a reason."""
    _require_province(user)
    if not reason.strip():
        raise Invalid({"reason": [_("重新开启须说明事由。")]})
    row = year_row(year, lock=True)
    if not row.closed:
        raise Conflict(_("%(year)s 年度未关闭。") % {"year": year})
    row.state = YearState.OPEN
    row.closed_at = None
    row.save(update_fields=["state", "closed_at"])
    YearEvent.objects.create(year=row, action="reopen", reason=reason.strip()[:2000], by_id=user.pk)
    for group in IndicatorSystem.objects.filter(year=year).values_list("group", flat=True):
        owe(group, year)
    return row


def owe_for_zones(zones: Iterable[Zone], years: Iterable[int] | None) -> None:
    """A source another app holds changed for these zones (plots, delegations): owe their groups
    for ``years`` (``None``: every year that has a system), open years only."""
    groups = {str(z.level) for z in zones}
    systems = IndicatorSystem.objects.filter(group__in=groups)
    if years is not None:
        systems = systems.filter(year__in=list(years))
    closed = set(AssessmentYear.objects.filter(state=YearState.CLOSED).values_list("year", flat=True))
    for year, group in systems.values_list("year", "group"):
        if year not in closed:
            owe(group, year)


def owe_for_source(zone: Zone, source: str, years: Iterable[int] | None) -> None:
    """A figure another app holds changed (finance's revenue, staffing's serving count): owe the
    zone's group for the open years whose system has an indicator computed from ``source`` — one
    query when none does (a roster or revenue import does not owe a recompute per row for nothing)."""
    indicators = Indicator.objects.filter(source=source, dimension__system__group=str(zone.level))
    if years is not None:
        indicators = indicators.filter(dimension__system__year__in=list(years))
    wanted = set(indicators.values_list("dimension__system__year", flat=True).distinct())
    if wanted:
        owe_for_zones([zone], wanted)


# --- internal assessment: grades, quotas, the distribution plan (ADR 0503) ---------------------


def internal_coefficients(rule_set: RuleSet | None) -> dict[str, Decimal]:
    rs = rule_set or RuleSet()
    return {g: getattr(rs, f"internal_coefficient_{g.lower()}") for g in rules.INTERNAL_GRADES}


def _require_officer(user: User, zone: Zone) -> None:
    if not can(user, ENTER_VALUES, zone):
        raise NotAllowed(_("只有本开发区或省级管理员可以办理内部考核。"))


def _internal_year(zone: Zone, year: int, *, lock: bool = False) -> InternalYear:
    row, _created = InternalYear.objects.get_or_create(zone=zone, year=year)
    if lock:
        row = InternalYear.objects.select_for_update().get(pk=row.pk)
    return row


def require_internal_open(zone: Zone, year: int) -> None:
    if InternalYear.objects.filter(zone=zone, year=year, closed_at__isnull=False).exists():
        raise Conflict(_("%(zone)s %(year)s 年度内部考核已关闭，不能再修改等次。") % {"zone": zone.name, "year": year})


def internal_weights(rule_set: RuleSet | None) -> rules.InternalWeights:
    rs = rule_set or RuleSet()
    return rules.InternalWeights(
        rs.internal_weight_task, rs.internal_weight_management, rs.internal_weight_overall,
        rs.internal_area_investment, rs.internal_area_economy, rs.internal_area_core,
    )  # fmt: skip


def internal_headcount_changes(rule_set: RuleSet | None) -> dict[str, int]:
    rs = rule_set or RuleSet()
    return {g: getattr(rs, f"internal_headcount_{g.lower()}") for g in rules.INTERNAL_GRADES}


PART_LABELS = {
    "task_score": gettext_lazy("任务绩效"), "management_score": gettext_lazy("管理绩效"),
    "investment_score": gettext_lazy("招商引资"), "economy_score": gettext_lazy("经济指标"),
    "core_score": gettext_lazy("部门主责主业"),
}  # fmt: skip


def grade_data(
    grade: Any, score: Any, parts: Mapping[str, Any] | None = None, year: int | None = None
) -> tuple[str, Decimal | None, dict[str, Decimal | None]]:
    """The grade, the total score and the five part scores (ADR 0504). With the parts given (all
    five, each 0–100) the total is computed from the rule set's weights of the year; without them
    a total may be entered alone."""
    grade = str(grade or "").strip().upper()
    if grade not in rules.INTERNAL_GRADES:
        raise Invalid({"grade": [_("等次须为 S、A、B、C 或 D。")]})
    given = {k: v for k, v in (parts or {}).items() if k in rules.PARTS and v not in (None, "")}
    numbers: dict[str, Decimal | None] = dict.fromkeys(rules.PARTS)
    if given:
        missing = [k for k in rules.PARTS if k not in given]
        if missing:
            text = _("分项得分须五项填齐（任务绩效、管理绩效、招商引资、经济指标、部门主责主业）。")
            raise Invalid({k: [text] for k in missing})
        for k in rules.PARTS:
            value = _decimal(given[k], k)
            if not Decimal(0) <= value <= Decimal(100):
                raise Invalid({k: [_("%(part)s得分须在 0 到 100 之间。") % {"part": PART_LABELS[k]}]})
            numbers[k] = value
        weights = internal_weights(rule_set_for(year) if year else None)
        if rules.internal_weights_problems(weights):
            raise Invalid({"score": [_("考核规则中的内部考核权重合计不是 100%，请省级管理员先修正。")]})
        return grade, rules.internal_score({k: v for k, v in numbers.items() if v is not None}, weights), numbers
    number = None if score in (None, "") else _decimal(score, "score")
    if number is not None and not (Decimal(0) <= number <= Decimal(1000)):
        raise Invalid({"score": [_("得分须在 0 到 1000 之间。")]})
    return grade, number, numbers


def _year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise Invalid({"year": [_("请填写有效的年度。")]}) from None
    if not 2000 <= value <= 2100:
        raise Invalid({"year": [_("请填写有效的年度。")]})
    return value


@transaction.atomic
def save_staff_grade(
    *, user: User, staff: Staff, year: Any, grade: Any, score: Any = None, parts: Mapping[str, Any] | None = None
) -> StaffGrade:
    """Enter or correct one person's internal grade of a year (the zone's officers)."""
    zone = staff.zone
    _require_officer(user, zone)
    year = _year(year)
    grade, number, numbers = grade_data(grade, score, parts, year)
    require_internal_open(zone, year)
    row = StaffGrade.objects.select_for_update().filter(staff=staff, year=year).first()
    data = {"grade": grade, "score": number, **numbers}
    if row is None:
        return StaffGrade.objects.create(zone=zone, staff=staff, year=year, entered_by_id=user.pk, **data)
    row, _changed = model_update(row, {**data, "entered_by": user}, fields=[*data, "entered_by"])
    return row


@transaction.atomic
def save_department_grade(
    *,
    user: User,
    zone: Zone,
    department: EstablishmentUnit,
    year: Any,
    grade: Any,
    score: Any = None,
    parts: Mapping[str, Any] | None = None,
) -> DepartmentGrade:
    """Enter or correct one department's internal grade of a year."""
    _require_officer(user, zone)
    if department.establishment.zone_id != zone.pk:
        raise Invalid({"department": [_("该部门不属于本开发区。")]})
    year = _year(year)
    grade, number, numbers = grade_data(grade, score, parts, year)
    require_internal_open(zone, year)
    row = DepartmentGrade.objects.select_for_update().filter(department=department, year=year).first()
    data = {"grade": grade, "score": number, "department_name": department.name, **numbers}
    if row is None:
        return DepartmentGrade.objects.create(
            zone=zone, department=department, year=year, entered_by_id=user.pk, **data
        )
    row, _changed = model_update(row, {**data, "entered_by": user}, fields=[*data, "entered_by"])
    return row


def _quota_message(check: rules.QuotaCheck, what: str, names: dict[int, str], pct: Decimal) -> str:
    return _(
        "%(what)s S 等次 %(count)s 个，超过比例上限 %(pct)s%%（共 %(size)s 个，最多 %(limit)s 个）；"
        "按得分从高到低、同分按登记先后，须调整：%(over)s。"
    ) % {
        "what": what, "count": check.count, "pct": format(pct.normalize(), "f"), "size": check.size,
        "limit": check.limit,
        "over": "、".join(names[k] for k in check.over),
    }  # fmt: skip


@transaction.atomic
def close_internal_year(*, user: User, zone: Zone, year: Any) -> InternalYear:
    """Close the zone's internal assessment of a year; the S quota of the rule set (if any) must
    hold for individuals and for departments, else nothing changes and the counts are told."""
    _require_officer(user, zone)
    year = _year(year)
    row = _internal_year(zone, year, lock=True)
    if row.closed:
        raise Conflict(_("%(year)s 年度内部考核已关闭。") % {"year": year})
    people = list(StaffGrade.objects.filter(zone=zone, year=year).select_related("staff").order_by("id"))
    departments = list(DepartmentGrade.objects.filter(zone=zone, year=year).order_by("id"))
    if not people:
        raise Invalid({"year": [_("%(year)s 年度尚未录入个人考核等次。") % {"year": year}]})
    rule_set = rule_set_for(year)
    pct = rule_set.internal_s_quota_pct if rule_set else None
    errors: list[str] = []
    if pct is not None:
        for rows, what, name in (
            (people, _("个人"), lambda r: r.staff.name),
            (departments, _("部门"), lambda r: r.department_name),
        ):
            if not rows:
                continue
            check = rules.check_quota([rules.Graded(r.pk, r.grade, r.score) for r in rows], "S", pct)
            if not check.ok:
                errors.append(_quota_message(check, str(what), {r.pk: name(r) for r in rows}, pct))
    if errors:
        raise Invalid({"grade": errors})
    row, _changed = model_update(
        row, {"closed_at": timezone.now(), "closed_by": user}, fields=["closed_at", "closed_by"]
    )
    draft = DistributionPlan.objects.select_for_update().filter(zone=zone, year=year, state=PlanState.DRAFT).first()
    if draft is not None:  # grades may have changed while the year was open: the draft follows them
        pool = PayPool.objects.filter(zone=zone, year=year, result_set__is_current=True).first()
        if pool is not None:
            _write_plan(draft, zone, year, pool.pool_total, pool.result_set.rule_set_label, by=user)
    return row


@transaction.atomic
def reopen_internal_year(*, user: User, zone: Zone, year: Any) -> InternalYear:
    _require_officer(user, zone)
    year = _year(year)
    if DistributionPlan.objects.filter(zone=zone, year=year, state=PlanState.FILED).exists():
        raise Conflict(_("分配方案已备案，内部考核不能重新开启。"))
    row = _internal_year(zone, year, lock=True)
    if not row.closed:
        return row
    row, _changed = model_update(row, {"closed_at": None, "closed_by": None}, fields=["closed_at", "closed_by"])
    return row


@transaction.atomic
def compute_plan(*, user: User, zone: Zone, year: Any) -> DistributionPlan:
    """(Re)compute the zone's distribution plan of a year from its current pay pool and its closed
    internal grades. A filed plan is locked (409)."""
    _require_officer(user, zone)
    year = _year(year)
    plan = DistributionPlan.objects.select_for_update().filter(zone=zone, year=year).first()
    if plan is not None and plan.filed:
        raise Conflict(_("分配方案已报市备案并锁定，不能修改。"))
    if not InternalYear.objects.filter(zone=zone, year=year, closed_at__isnull=False).exists():
        raise Invalid({"year": [_("请先关闭 %(year)s 年度内部考核，再编制分配方案。") % {"year": year}]})
    pool = PayPool.objects.filter(zone=zone, year=year, result_set__is_current=True).first()
    if pool is None:
        raise Invalid({"year": [_("%(year)s 年度尚无本开发区的绩效薪酬总量。") % {"year": year}]})
    from .selectors import is_stale

    if is_stale(group_of(zone), year):
        raise Conflict(_("绩效薪酬总量正在重新计算，请稍后再编制分配方案。"))
    return _write_plan(plan, zone, year, pool.pool_total, pool.result_set.rule_set_label, by=user)


def _write_plan(
    plan: DistributionPlan | None, zone: Zone, year: int, pool_total: Decimal, label: str, *, by: User | None
) -> DistributionPlan:
    """Split ``pool_total`` over the zone's closed internal grades of ``year`` into ``plan`` (a new
    plan when None): the departments by their grade's coefficient × their people's, each share over
    its people with the exact allocator (``rules.distribute``). The lines are replaced only when
    the split differs; ``by`` None is the recompute worker (the pool or a coefficient changed)."""
    coefficients = internal_coefficients(rule_set_for(year))
    people = list(StaffGrade.objects.filter(zone=zone, year=year).select_related("staff__department").order_by("id"))
    dept_grades = {
        g.department_id: g for g in DepartmentGrade.objects.filter(zone=zone, year=year, department__isnull=False)
    }
    groups: dict[int, tuple[Decimal, dict[int, Decimal]]] = {}
    names: dict[int, str] = {}
    for person in people:
        dept = person.staff.department_id or 0
        names[dept] = person.staff.department.name if person.staff.department else ""
        dept_grade = dept_grades.get(dept)
        dept_coefficient = coefficients[dept_grade.grade] if dept_grade else Decimal(1)
        groups.setdefault(dept, (dept_coefficient, {}))[1][person.pk] = coefficients[person.grade]
    split = rules.distribute(pool_total, groups)
    lines = [
        DistributionLine(
            department_id=d or None, department_name=names[d], grade=dept_grades[d].grade if d in dept_grades else "",
            coefficient=groups[d][0], amount=split.departments[d],
        )
        for d in groups
    ]  # fmt: skip
    lines += [
        DistributionLine(
            department_id=p.staff.department_id, department_name=names[p.staff.department_id or 0], staff=p.staff,
            grade=p.grade, coefficient=coefficients[p.grade], amount=split.people[p.pk],
        )
        for p in people
    ]  # fmt: skip
    data = {
        "pool_total": pool_total, "distributed": split.distributed, "rule_set_label": label,
        "computed_at": timezone.now(), "computed_by": by,
    }  # fmt: skip
    if plan is None:
        plan = DistributionPlan.objects.create(zone=zone, year=year, **data)
    else:

        def key(line: DistributionLine) -> tuple[Any, ...]:
            return (line.department_id, line.staff_id, line.grade, line.coefficient, line.amount)

        same = sorted(map(key, plan.lines.all()), key=str) == sorted(map(key, lines), key=str)
        if same and plan.pool_total == pool_total and plan.rule_set_label == label and by is None:
            return plan  # the worker's run changed nothing of this plan
        plan, _changed = model_update(plan, data, fields=list(data))
        if same:
            return plan
        plan.lines.all().delete()
    for line in lines:
        line.plan = plan
    DistributionLine.objects.bulk_create(lines)
    return plan


def refresh_draft_plans(group: str, year: int, pools: Iterable[PayPool], label: str) -> int:
    """The end of the recompute chain (ADR 0503, 0505): every draft distribution plan of the
    group's zones whose pool (or rule set) changed follows its zone's new pay pool, in the run's
    transaction; filed plans are locked and keep the pool they were filed with; a plan whose
    internal year was reopened waits for the year to close again. Plans whose pool did not change
    cost nothing, so a run over the whole country redoes only the plans it moved. Returns how
    many plans were redone."""
    by_zone = {p.zone_id: p for p in pools}
    drafts = DistributionPlan.objects.select_for_update().filter(
        year=year, state=PlanState.DRAFT, zone_id__in=list(by_zone)
    )
    moved = [
        plan
        for plan in drafts.select_related("zone")
        if plan.pool_total != by_zone[plan.zone_id].pool_total or plan.rule_set_label != label
    ]
    closed = set(
        InternalYear.objects.filter(
            zone_id__in=[plan.zone_id for plan in moved], year=year, closed_at__isnull=False
        ).values_list("zone_id", flat=True)
    )
    redone = 0
    for plan in moved:
        if plan.zone_id in closed:
            _write_plan(plan, plan.zone, year, by_zone[plan.zone_id].pool_total, label, by=None)
            redone += 1
    return redone


@transaction.atomic
def file_plan(*, user: User, plan: DistributionPlan) -> DistributionPlan:
    """File the plan with the city (备案): it is locked from then on."""
    _require_officer(user, plan.zone)
    plan = DistributionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.filed:
        raise Conflict(_("分配方案已报市备案并锁定。"))
    from .selectors import current_pool, is_stale

    if is_stale(group_of(plan.zone), plan.year):
        raise Conflict(_("绩效薪酬总量正在重新计算，方案将随之更新，请稍后再报备。"))
    pool = current_pool(plan.zone, plan.year)
    if pool is None or pool.pool_total != plan.pool_total:
        raise Conflict(_("方案的绩效薪酬总量已不是当前总量，请重新计算方案后再报备。"))
    plan, _changed = model_update(
        plan,
        {"state": PlanState.FILED, "filed_at": timezone.now(), "filed_by": user},
        fields=["state", "filed_at", "filed_by"],
    )
    return plan

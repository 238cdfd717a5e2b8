"""Demo data of assessment and pay (``manage.py seed_demo`` calls :func:`seed`; ADR 0501).

Three years before this one, through the services as the province admin: both groups' systems
(the later years copied from the first), every zone's values, the two earlier years closed and
published, benchmarks for the latest year. The values follow a designed order per year so the
two-year rules visibly fire: 辽阳经济开发区 is last of the provincial group twice (bottom 3 two
years running → 摘牌, failing twice → 退出省级), the leader of each group is commended, and a demo
rule set for the latest year lets the city's 6× coefficient for 优秀 run into the 5× cap (one
capped pool per 优秀 zone). The demo province has only three provincial zones in the assessment
(the fourth was merged), and "bottom 10/5/3" needs a longer ranking (rules.py), so the demo
rule sets scale the provincial bottom rules to the group: notice for the last, delisting for the
last two years running. Idempotent: a year that already has values is left alone.
"""

from __future__ import annotations

from decimal import Decimal

# best first, per year offset (years before this one) and group
ORDER = {
    3: {
        "provincial": ["yingkou-coastal", "jinzhou-hitech", "dalian-zhuanghe", "liaoyang-edz"],
        "national": [
            "dalian-etdz", "shenyang-etdz", "yingkou-etdz", "dalian-hitech", "shenyang-hitech", "dalian-changxing",
            "anshan-hitech", "panjin-liaobin", "yingkou-hitech", "dandong-border",
        ],
    },
    2: {
        "provincial": ["jinzhou-hitech", "yingkou-coastal", "dalian-zhuanghe", "liaoyang-edz"],
        "national": [
            "shenyang-etdz", "dalian-etdz", "dalian-hitech", "yingkou-etdz", "dalian-changxing", "shenyang-hitech",
            "panjin-liaobin", "anshan-hitech", "dandong-border", "yingkou-hitech",
        ],
    },
    1: {
        "provincial": ["yingkou-coastal", "dalian-zhuanghe", "jinzhou-hitech", "liaoyang-edz"],
        "national": [
            "dalian-etdz", "yingkou-etdz", "shenyang-etdz", "dalian-hitech", "shenyang-hitech", "panjin-liaobin",
            "dalian-changxing", "anshan-hitech", "yingkou-hitech", "dandong-border",
        ],
    },
}  # fmt: skip

# per-capita benchmark (元) by zone level; headcount: staffing's serving count, else the zone's
# establishment cap (zones staffing holds no one for), else this
BENCHMARK = {"national": Decimal("68000.00"), "provincial": Decimal("52000.00")}
HEADCOUNT = 60


def demo_value(indicator: object, position: int, size: int) -> Decimal:
    """A figure that puts the zone at ``position`` (0 = best) for this indicator."""
    method, direction = indicator.method, indicator.direction  # type: ignore[attr-defined]
    if method == "deduction":
        return Decimal(0 if position < size // 2 else 1)
    if method == "ratio":
        return Decimal(max(1, 22 - 4 * position))
    spread = Decimal(position) / Decimal(max(1, size - 1))
    if direction == "lower":
        return (Decimal("0.30") + spread).quantize(Decimal("0.01"))
    return (Decimal(100) - Decimal(90) * spread * spread).quantize(Decimal("0.01"))


# the provincial bottom rules of the demo rule sets (group of three): n, years, code, label
DEMO_BOTTOM = [
    (Decimal(2), 1, "interview", "约谈（演示：末2位）"),
    (Decimal(1), 1, "notice", "通报并责令整改（演示：末位）"),
    (Decimal(1), 2, "delisting", "摘牌（演示：连续两年末位）"),
]


def _demo_rule_set(year: int, name: str, source: str, **fields: object) -> None:
    from .models import ConsequenceRule, RuleSet
    from .services import ensure_rule_set

    if RuleSet.objects.filter(effective_year=year).exists():
        return
    shipped = ensure_rule_set()
    rule_set = RuleSet.objects.create(name=name, effective_year=year, source=source, **fields)
    for rule in shipped.consequences.all():
        if rule.group == "provincial" and rule.kind == "bottom":
            continue
        ConsequenceRule.objects.create(
            rule_set=rule_set, group=rule.group, kind=rule.kind, n=rule.n, years=rule.years, code=rule.code,
            label=rule.label, source=rule.source,
        )  # fmt: skip
    for n, years, code, label in DEMO_BOTTOM:
        ConsequenceRule.objects.create(
            rule_set=rule_set, group="provincial", kind="bottom", n=n, years=years, code=code, label=label,
            source="演示数据：参评省级开发区仅3个",
        )  # fmt: skip


def seed() -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from devzone.audit.context import ChangePath, change_path
    from zones.registry.models import Zone

    from . import recompute, services, sources
    from .models import AssessmentYear, Benchmark, IndicatorValue, YearState

    admin = get_user_model().objects.get(username="province_admin")
    this_year = timezone.localdate().year
    zones = {z.code: z for z in Zone.objects.all()}
    with change_path(ChangePath.COMMAND):
        services.ensure_rule_set()
        _demo_rule_set(
            this_year - 3, "演示：省级组末位规则按参评数缩小", "演示数据：参评省级开发区仅3个，末位规则相应缩小。"
        )
        _demo_rule_set(
            this_year - 1,
            "演示：市定优秀系数6倍（受5倍上限约束）",
            "演示数据：市政府对优秀等次按6倍核定，超过同级绩效薪酬总量5倍的部分按上限封顶（000 §9）。",
            coefficient_excellent=Decimal(6),
        )
        for offset in (3, 2, 1):
            year = this_year - offset
            if IndicatorValue.objects.filter(year=year).exists():
                continue
            for group, order in ORDER[offset].items():
                system = services.ensure_system(year, group)
                indicators = [i for d in system.dimensions.prefetch_related("indicators") for i in d.indicators.all()]
                present = [zones[c] for c in order if c in zones]
                for position, zone in enumerate(present):
                    for indicator in indicators:
                        services.save_value(
                            user=admin, zone=zone, indicator=indicator,
                            value=demo_value(indicator, position, len(present)),
                            note="演示数据",
                        )  # fmt: skip
            if offset == 1:
                serving = sources.headcount([z.pk for z in zones.values()], year)
                for zone in zones.values():
                    if zone.level in BENCHMARK and not Benchmark.objects.filter(zone=zone, year=year).exists():
                        cap = getattr(getattr(zone, "establishment", None), "headcount_cap", None)
                        services.save_benchmark(
                            user=admin, zone=zone, year=year,
                            data={"benchmark_per_capita": BENCHMARK[zone.level],
                                  "headcount": serving.get(zone.pk) or cap or HEADCOUNT,
                                  "base_pay_per_person": Decimal("96000.00")},
                        )  # fmt: skip
            recompute.pay_owed(token="seed_demo")  # noqa: S106 — a run token, not a secret
            if offset > 1 and not AssessmentYear.objects.filter(year=year, state=YearState.CLOSED).exists():
                services.close_year(user=admin, year=year)
        recompute.pay_owed(token="seed_demo")  # noqa: S106
        seed_internal(this_year - 1)


# --- Yingkou's internal grades and a filed distribution plan (ADR 0503) --------------------------

GRADE_BANDS = ((Decimal("0.10"), "S"), (Decimal("0.30"), "A"), (Decimal("0.80"), "B"), (Decimal("0.95"), "C"))
DEPARTMENT_GRADES = "SABBCAB"
# 任务绩效, 管理绩效, 招商引资, 经济指标, 部门主责主业 of a demo department by its grade (ADR 0504)
DEPARTMENT_PARTS = {
    "S": (Decimal(96), Decimal(92), Decimal(98), Decimal(90), Decimal(94)),
    "A": (Decimal(90), Decimal(88), Decimal("86.5"), Decimal(88), Decimal(90)),
    "B": (Decimal(82), Decimal(85), Decimal(78), Decimal(80), Decimal(84)),
    "C": (Decimal(72), Decimal(75), Decimal(65), Decimal(70), Decimal(76)),
    "D": (Decimal(60), Decimal(62), Decimal(50), Decimal(58), Decimal(64)),
}


def band(rank: int, size: int) -> str:
    for upto, grade in GRADE_BANDS:
        if Decimal(rank) <= upto * size:
            return grade
    return "D"


def seed_internal(year: int) -> None:
    """Every Yingkou coastal person and department graded for ``year`` (bulk: one history row is
    not wanted per demo person), the internal year closed, and a plan computed and filed. The
    people staffing already holds an entered grade for keep that grade and ranking place, so
    staffing's renewal list reads the same from either source (ADR 0304)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from staffing.models import IndividualGrade, Staff
    from zones.plans.models import EstablishmentUnit
    from zones.registry.models import Zone

    from . import rules, services
    from .models import DepartmentGrade, DistributionPlan, InternalYear, PayPool, StaffGrade

    zone = Zone.objects.filter(code="yingkou-coastal").first()
    if zone is None or StaffGrade.objects.filter(zone=zone, year=year).exists():
        return
    people = list(Staff.objects.filter(zone=zone).order_by("id"))
    if not people or not PayPool.objects.filter(zone=zone, year=year, result_set__is_current=True).exists():
        return
    hr = get_user_model().objects.filter(username="zone_yingkou_hr").first()
    entered = {g.staff_id: g for g in IndividualGrade.objects.filter(staff__zone=zone, year=year)}
    size = len(people)
    taken = {g.rank for g in entered.values() if g.rank}
    free = iter(r for r in range(1, size + 1) if r not in taken)
    rows = []
    for person in people:
        known = entered.get(person.pk)
        rank = known.rank if known and known.rank else next(free)
        grade = known.grade if known else band(rank, size)
        rows.append(StaffGrade(zone=zone, year=year, staff=person, grade=grade, score=Decimal(size - rank + 1),
                               entered_by=hr))  # fmt: skip
    StaffGrade.objects.bulk_create(rows)
    units = EstablishmentUnit.objects.filter(establishment__zone=zone).order_by("order", "id")
    weights = services.internal_weights(services.rule_set_for(year))
    departments = []
    for i, unit in enumerate(units):
        grade = DEPARTMENT_GRADES[i % len(DEPARTMENT_GRADES)]
        parts = dict(zip(rules.PARTS, DEPARTMENT_PARTS[grade], strict=True))
        departments.append(
            DepartmentGrade(zone=zone, year=year, department=unit, department_name=unit.name, grade=grade,
                            entered_by=hr, score=rules.internal_score(parts, weights), **parts)
        )  # fmt: skip
    DepartmentGrade.objects.bulk_create(departments)
    InternalYear.objects.update_or_create(zone=zone, year=year, defaults={"closed_at": timezone.now(), "closed_by": hr})
    if hr is not None and not DistributionPlan.objects.filter(zone=zone, year=year).exists():
        plan = services.compute_plan(user=hr, zone=zone, year=year)
        services.file_plan(user=hr, plan=plan)

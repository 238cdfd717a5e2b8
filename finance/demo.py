"""Demo data of zone finance (ADR 0401): fiscal models, sharing agreements (Yingkou's increment
mostly to the zone, "增量以园区为主", seed 002 §六, revised once), three years of monthly revenue,
two attracted projects (one fully paid, one at 开工), a Liaoyang project-award scheme (seed 001),
and one zone designated for the above-plan reward (seed 003). Amounts are plausible demo values,
not official figures; they are generated from a fixed seed, so every run gives the same."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

D = Decimal

# zone → (fiscal model, finance office, base amount per year in yuan, yearly growth %)
ZONES: dict[str, tuple[str, str, str, int]] = {
    "yingkou-coastal": ("independent", "财政金融国资局", "1800000000.00", 8),
    "yingkou-etdz": ("independent", "财政局", "3200000000.00", 12),
    "dalian-changxing": ("independent", "财政局", "2600000000.00", 5),
    "shenyang-etdz": ("independent", "财政局", "5200000000.00", 6),
    "liaoyang-edz": ("listed_separately", "", "600000000.00", -4),
}
# the share of each tax type in a zone's revenue (percent)
MIX = {
    "vat": 38,
    "corporate_income": 22,
    "individual_income": 6,
    "property": 5,
    "land_use": 4,
    "land_appreciation": 5,
    "deed": 6,
    "urban_construction": 7,
    "stamp": 2,
    "other": 5,
}
SHARED = ["vat", "corporate_income", "individual_income", "property", "land_use", "urban_construction"]


def _yearly(zone: str, base: Decimal, growth: int, year: int, first: int) -> dict[int, dict[str, Decimal]]:
    """A year's monthly revenue by tax type: the base grown by ``growth`` % a year, with noise."""
    from devzone.domain.money import allocate, allocate_list

    rnd = random.Random(f"{zone}-{year}")  # noqa: S311  (demo figures, not secrets)
    total = (base * (1 + D(growth) / 100) ** (year - first + 1)).quantize(D("0.01"))
    by_type = allocate(total, {t: D(w) * D(90 + rnd.randint(0, 20)) for t, w in MIX.items()})
    months: dict[int, dict[str, Decimal]] = {m: {} for m in range(1, 13)}
    for tax_type, amount in by_type.items():
        spread = allocate_list(amount, [D(80 + rnd.randint(0, 40)) for _ in range(12)])
        for m, value in enumerate(spread, start=1):
            months[m][tax_type] = value
    return months


def seed() -> None:
    """Load the demo finance through the services (called by ``manage.py seed_demo``).

    Idempotent: a zone that has agreements, revenue or projects already is left alone.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from devzone.audit.context import ChangePath, change_path
    from zones.registry.models import Zone

    from . import rule_defaults, services
    from .models import Agreement, FinanceRuleSet, FiscalProfile, Project, Revenue

    rule_defaults.load(FinanceRuleSet)
    admin = get_user_model().objects.get(username="province_admin")
    today = timezone.localdate()
    year = today.year
    first = year - 2
    zones = {z.code: z for z in Zone.objects.filter(code__in=ZONES).select_related("city")}
    with change_path(ChangePath.COMMAND):
        for code, (model, office, base, growth) in ZONES.items():
            zone = zones.get(code)
            if zone is None:
                continue
            if not FiscalProfile.objects.filter(zone=zone).exists():
                services.set_fiscal_profile(
                    user=admin,
                    zone=zone,
                    data={
                        "model": model,
                        "finance_office": office,
                        "treasury": "独立金库" if model == "independent" else "",
                        "note": "园区继续实行独立金库，财政独立核算（002 六）" if code == "yingkou-coastal" else "",
                    },
                )
            if not Agreement.objects.filter(zone=zone).exists():
                _agreements(admin, zone, D(base), first)
            if not Revenue.objects.filter(zone=zone).exists():
                _revenue(admin, zone, D(base), growth, first, today)
        _reward(admin, zones, year)
        if "yingkou-coastal" in zones and not Project.objects.filter(zone=zones["yingkou-coastal"]).exists():
            _projects(admin, zones, today)


def _revenue(admin: Any, zone: Any, base: Decimal, growth: int, first: int, today: date) -> None:
    """Three years of monthly revenue, loaded as a baseline: one bulk insert without a creation
    row per figure on history (about 1 750 rows would swamp the demo's change history, which
    the auditor's pages list in full); a correction made later is on history as usual. The zones'
    revenue-based 亩均税收 is computed at once (the recompute consumer, in this process)."""
    from .models import Revenue
    from .recompute import recompute_zone_tax

    rows = []
    for y in range(first, today.year + 1):
        months = _yearly(zone.code, base, growth, y, first)
        last_month = 12 if y < today.year else max(today.month - 1, 1)
        for m in range(1, last_month + 1):
            for tax_type, amount in months[m].items():
                rows.append(Revenue(zone=zone, year=y, month=m, tax_type=tax_type, amount=amount, entered_by=admin))
    Revenue.objects.bulk_create(rows, batch_size=2000)
    for y in range(first, today.year + 1):
        recompute_zone_tax(str(zone.pk), y)


def _agreements(admin: Any, zone: Any, base: Decimal, first: int) -> None:
    from . import services

    if zone.code == "yingkou-coastal":
        # 增量以园区为主: most of the increment to the zone; revised from last year on, still more.
        v1 = services.create_agreement(
            user=admin,
            zone=zone,
            data={
                "name": "营口沿海产业基地与营口市财力分成协议",
                "document_no": f"营政办发〔{first - 1}〕12号",
                "tax_types": SHARED,
                "base_year": first - 1,
                "base_amount": (base * D("0.62")).quantize(D("0.01")),
                "base_ratios": {"city": "50.00", "county": "10.00", "zone": "40.00"},
                "increment_ratios": {"city": "20.00", "county": "5.00", "zone": "75.00"},
                "shortfall_rule": "proportional",
                "effective_from": first,
            },
        )
        services.revise_agreement(
            user=admin,
            agreement=v1,
            from_year=first + 1,
            data={
                "document_no": f"营政办发〔{first}〕5号",
                "increment_ratios": {"city": "15.00", "county": "5.00", "zone": "80.00"},
            },
        )
        return
    # a shortfall below the base for Liaoyang (revenue falling): shared by the increment ratios
    falling = zone.code == "liaoyang-edz"
    services.create_agreement(
        user=admin,
        zone=zone,
        data={
            "name": f"{zone.name}财力分成协议",
            "tax_types": SHARED,
            "base_year": first - 1,
            # Liaoyang's base was set in a better year: its shared taxes now fall short of it
            "base_amount": (base * (D("0.80") if falling else D("0.62"))).quantize(D("0.01")),
            "base_ratios": {"city": "40.00", "zone": "60.00"}
            if zone.county_id is None
            else {"city": "40.00", "county": "20.00", "zone": "40.00"},
            "increment_ratios": {"city": "30.00", "zone": "70.00"}
            if zone.county_id is None
            else {"city": "20.00", "county": "10.00", "zone": "70.00"},
            "shortfall_rule": "increment_ratios" if falling else "proportional",
            "effective_from": first,
        },
    )


def _reward(admin: Any, zones: dict[str, Any], year: int) -> None:
    """Yingkou ETDZ in the national top 10 % two years ago: the reward for last year and this;
    Yingkou's planned growth of city-level tax for those years."""
    from . import services
    from .models import CityTaxPlan, RewardDesignation

    zone = zones.get("yingkou-etdz")
    if zone is None:
        return
    for y in (year - 1, year):
        if not CityTaxPlan.objects.filter(city=zone.city, year=y).exists():
            services.set_city_plan(user=admin, city=zone.city, year=y, planned_growth_percent=D("6.00"))
    if not RewardDesignation.objects.filter(zone=zone).exists():
        services.record_designation(
            user=admin,
            zone=zone,
            ranking_year=year - 2,
            scope="national",
            rank=18,
            out_of=230,
            ranking=f"商务部{year - 2}年度国家级经济技术开发区综合发展水平考核评价",
            document_no=f"商资函〔{year - 1}〕88号",
        )


def _projects(admin: Any, zones: dict[str, Any], today: date) -> None:
    from . import services
    from .models import IncentiveScheme

    attraction, _created = IncentiveScheme.objects.get_or_create(
        name="营口沿海产业基地招商激励（四阶段拨付）",
        defaults={
            "kind": "attraction",
            "basis": "percent",
            "stage_values": {"landed": "10.00", "started": "30.00", "structure_done": "30.00", "completed": "30.00"},
            "includes_costs": True,
            "source": "002 五(二)：按落地、开工、主体完工、竣工四个阶段分别拨付，激励包含招商经费",
        },
    )
    IncentiveScheme.objects.get_or_create(
        name="辽阳市开发区重大项目奖励",
        defaults={
            "kind": "project_award",
            "basis": "percent",
            "stage_values": {"started": "40.00", "completed": "60.00"},
            "includes_costs": False,
            "source": "001 二：推行“基础薪酬+绩效薪酬+项目奖励”，探索实行开发区重大项目奖励机制",
        },
    )
    zone = zones["yingkou-coastal"]
    done = services.create_project(
        user=admin,
        zone=zone,
        data={
            "name": "高端铝合金板带材项目",
            "investor": "某有色金属集团",
            "amount": D("1250000000.00"),
            "leading_industry": "有色金属冶炼和压延加工业",
            "scheme": attraction,
            "award": D("3000000.00"),
            "attraction_costs": D("420000.00"),
        },
    )
    evidence = {
        "landed": "投资协议及项目备案证明",
        "started": "施工许可证",
        "structure_done": "主体结构验收记录",
        "completed": "竣工验收备案表",
    }
    start = date(today.year - 2, 3, 1)
    for n, stage in enumerate(("landed", "started", "structure_done", "completed")):
        day = date(start.year + (start.month + 5 * n - 1) // 12, (start.month + 5 * n - 1) % 12 + 1, 15)
        services.report_stage(user=admin, project=done, stage=stage, reached_on=day, evidence=evidence[stage])
        services.pay_stage(user=admin, project=done, stage=stage, paid_on=day)
    started = services.create_project(
        user=admin,
        zone=zone,
        data={
            "name": "精细化工新材料项目",
            "investor": "某化工新材料公司",
            "amount": D("680000000.00"),
            "leading_industry": "化学原料和化学制品制造业",
            "scheme": attraction,
            "award": D("1500000.01"),
            "attraction_costs": D("180000.00"),
        },
    )
    landed_on = date(today.year - 1, 5, 20)
    services.report_stage(
        user=admin, project=started, stage="landed", reached_on=landed_on, evidence=evidence["landed"]
    )
    services.pay_stage(user=admin, project=started, stage="landed", paid_on=landed_on)
    started_on = date(today.year - 1, 9, 1)
    services.report_stage(
        user=admin, project=started, stage="started", reached_on=started_on, evidence=evidence["started"]
    )

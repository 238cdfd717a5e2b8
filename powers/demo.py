"""Demo data of the delegated-power register (ADR 0201). Item names follow the kinds of powers
Liaoning and other provinces list for their zones (seeds 000–004); codes, legal bases, document
numbers and dates are plausible demo values, not official."""

from __future__ import annotations

from typing import Any

# department → (granting level, domain, [(name, type, stage, legal basis)])
CATALOGUE: dict[str, tuple[str, str, list[tuple[str, str, str, str]]]] = {
    "发展改革": (
        "province",
        "investment",
        [
            ("企业投资项目核准（省级权限内）", "licence", "project", "《企业投资项目核准和备案管理条例》"),
            ("企业投资项目备案", "filing", "project", "《企业投资项目核准和备案管理条例》"),
            ("固定资产投资项目节能审查", "licence", "project", "《固定资产投资项目节能审查办法》"),
            ("外商投资项目核准", "licence", "project", "《外商投资项目核准和备案管理办法》"),
            ("外商投资项目备案", "filing", "project", "《外商投资项目核准和备案管理办法》"),
            ("政府投资项目建议书审批", "licence", "project", "《政府投资条例》"),
            ("政府投资项目可行性研究报告审批", "licence", "project", "《政府投资条例》"),
            ("政府投资项目初步设计审批", "licence", "project", "《政府投资条例》"),
            ("重点项目招标方案核准", "licence", "", "《中华人民共和国招标投标法》"),
            ("价格行政处罚", "penalty", "", "《中华人民共和国价格法》"),
        ],
    ),
    "自然资源": (
        "province",
        "natural_resources",
        [
            ("建设项目用地预审与选址意见书核发", "licence", "land_planning", "《中华人民共和国土地管理法》"),
            ("建设用地规划许可证核发", "licence", "land_planning", "《中华人民共和国城乡规划法》"),
            ("国有建设用地使用权出让审核", "licence", "land_planning", "《中华人民共和国土地管理法》"),
            ("乡村建设规划许可证核发", "licence", "land_planning", "《中华人民共和国城乡规划法》"),
            ("临时用地审批", "licence", "", "《中华人民共和国土地管理法》"),
            ("不动产登记", "confirmation", "", "《不动产登记暂行条例》"),
            ("土地复垦方案审查", "licence", "", "《土地复垦条例》"),
            ("采矿权登记（省级委托部分）", "licence", "", "《中华人民共和国矿产资源法》"),
            ("测绘成果使用审批", "licence", "", "《中华人民共和国测绘法》"),
            ("违法用地行政处罚", "penalty", "", "《中华人民共和国土地管理法》"),
            ("土地利用现状检查", "inspection", "", "《中华人民共和国土地管理法》"),
        ],
    ),
    "住房城乡建设": (
        "city",
        "planning",
        [
            ("建设工程规划许可证核发", "licence", "works_planning", "《中华人民共和国城乡规划法》"),
            ("建设工程设计方案审查", "licence", "works_planning", "《中华人民共和国城乡规划法》"),
            ("施工图设计文件审查备案", "filing", "works_planning", "《建设工程质量管理条例》"),
            ("建筑工程施工许可证核发", "licence", "construction", "《中华人民共和国建筑法》"),
            ("建设工程质量监督手续办理", "confirmation", "construction", "《建设工程质量管理条例》"),
            ("建设工程安全监督手续办理", "confirmation", "construction", "《建设工程安全生产管理条例》"),
            ("建设工程竣工验收备案", "filing", "completion", "《建设工程质量管理条例》"),
            ("建设工程消防验收", "licence", "completion", "《中华人民共和国消防法》"),
            ("建设工程规划条件核实", "confirmation", "completion", "《中华人民共和国城乡规划法》"),
            ("城镇排水与污水处理设施验收备案", "filing", "completion", "《城镇排水与污水处理条例》"),
            ("商品房预售许可", "licence", "", "《城市房地产开发经营管理条例》"),
            ("房地产开发企业资质核定（二级）", "licence", "", "《房地产开发企业资质管理规定》"),
            ("城市建筑垃圾处置核准", "licence", "", "《城市市容和环境卫生管理条例》"),
            ("挖掘城市道路审批", "licence", "", "《城市道路管理条例》"),
            ("建筑市场违法行为行政处罚", "penalty", "", "《中华人民共和国建筑法》"),
        ],
    ),
    "市场监管": (
        "city",
        "market",
        [
            ("企业设立登记", "licence", "", "《中华人民共和国市场主体登记管理条例》"),
            ("企业变更登记", "licence", "", "《中华人民共和国市场主体登记管理条例》"),
            ("企业注销登记", "licence", "", "《中华人民共和国市场主体登记管理条例》"),
            ("食品经营许可", "licence", "", "《中华人民共和国食品安全法》"),
            ("食品生产许可（部分类别）", "licence", "", "《中华人民共和国食品安全法》"),
            ("特种设备使用登记", "licence", "", "《中华人民共和国特种设备安全法》"),
            ("工业产品生产许可（省级发证部分）", "licence", "", "《中华人民共和国工业产品生产许可证管理条例》"),
            ("计量器具强制检定", "inspection", "", "《中华人民共和国计量法》"),
            ("广告发布登记", "filing", "", "《中华人民共和国广告法》"),
            ("动产抵押登记", "confirmation", "", "《中华人民共和国民法典》"),
            ("股权出质登记", "confirmation", "", "《股权出质登记办法》"),
            ("市场主体年报公示抽查", "inspection", "", "《企业信息公示暂行条例》"),
            ("无照经营行政处罚", "penalty", "", "《无证无照经营查处办法》"),
            ("食品安全违法行为行政处罚", "penalty", "", "《中华人民共和国食品安全法》"),
            ("产品质量违法行为行政处罚", "penalty", "", "《中华人民共和国产品质量法》"),
        ],
    ),
    "生态环境": (
        "province",
        "environment",
        [
            ("建设项目环境影响报告书审批", "licence", "project", "《中华人民共和国环境影响评价法》"),
            ("建设项目环境影响报告表审批", "licence", "project", "《中华人民共和国环境影响评价法》"),
            ("建设项目环境影响登记表备案", "filing", "project", "《中华人民共和国环境影响评价法》"),
            ("排污许可证核发", "licence", "", "《排污许可管理条例》"),
            ("危险废物经营许可", "licence", "", "《中华人民共和国固体废物污染环境防治法》"),
            ("辐射安全许可（部分类别）", "licence", "", "《放射性同位素与射线装置安全和防护条例》"),
            ("突发环境事件应急预案备案", "filing", "", "《中华人民共和国突发事件应对法》"),
            ("环境违法行为行政处罚", "penalty", "", "《中华人民共和国环境保护法》"),
            ("排污单位现场检查", "inspection", "", "《中华人民共和国环境保护法》"),
        ],
    ),
    "应急管理": (
        "city",
        "emergency",
        [
            ("危险化学品经营许可", "licence", "", "《危险化学品安全管理条例》"),
            ("危险化学品建设项目安全条件审查", "licence", "project", "《危险化学品安全管理条例》"),
            ("危险化学品建设项目安全设施设计审查", "licence", "works_planning", "《危险化学品安全管理条例》"),
            ("非药品类易制毒化学品生产经营备案", "filing", "", "《易制毒化学品管理条例》"),
            ("生产安全事故应急预案备案", "filing", "", "《生产安全事故应急预案管理办法》"),
            ("安全生产行政检查", "inspection", "", "《中华人民共和国安全生产法》"),
            ("安全生产违法行为行政处罚", "penalty", "", "《中华人民共和国安全生产法》"),
            ("烟花爆竹经营（零售）许可", "licence", "", "《烟花爆竹安全管理条例》"),
        ],
    ),
    "商务": (
        "province",
        "commerce",
        [
            ("对外贸易经营者备案登记", "filing", "", "《中华人民共和国对外贸易法》"),
            ("境外投资备案（非金融类）", "filing", "", "《境外投资管理办法》"),
            ("外商投资企业信息报告", "filing", "", "《外商投资信息报告办法》"),
            ("拍卖企业设立审批", "licence", "", "《中华人民共和国拍卖法》"),
            ("成品油零售经营资格审批", "licence", "", "《成品油市场管理办法》"),
            ("二手车交易市场经营者备案", "filing", "", "《二手车流通管理办法》"),
        ],
    ),
    "人力社保": (
        "city",
        "human_resources",
        [
            ("人力资源服务许可", "licence", "", "《人力资源市场暂行条例》"),
            ("劳务派遣经营许可", "licence", "", "《中华人民共和国劳动合同法》"),
            ("企业实行不定时工作制和综合计算工时工作制审批", "licence", "", "《中华人民共和国劳动法》"),
            ("劳动保障监察", "inspection", "", "《劳动保障监察条例》"),
            ("就业创业证办理", "confirmation", "", "《就业服务与就业管理规定》"),
            ("社会保险登记", "confirmation", "", "《中华人民共和国社会保险法》"),
        ],
    ),
    "交通运输": (
        "city",
        "other",
        [
            ("道路货物运输经营许可", "licence", "", "《中华人民共和国道路运输条例》"),
            ("公路超限运输许可", "licence", "", "《公路安全保护条例》"),
            ("涉路施工许可", "licence", "", "《中华人民共和国公路法》"),
            ("港口经营许可", "licence", "", "《中华人民共和国港口法》"),
        ],
    ),
}

DEPARTMENT_PREFIX = {
    "发展改革": "FG",
    "自然资源": "ZR",
    "住房城乡建设": "ZJ",
    "市场监管": "SC",
    "生态环境": "ST",
    "应急管理": "YJ",
    "商务": "SW",
    "人力社保": "RS",
    "交通运输": "JT",
}


def items() -> list[dict[str, str]]:
    """The demo catalogue as rows (code ``LN-SC-004``)."""
    rows = []
    for department, (level, domain, entries) in CATALOGUE.items():
        for n, (name, kind, stage, basis) in enumerate(entries, start=1):
            rows.append(
                {
                    "code": f"LN-{DEPARTMENT_PREFIX[department]}-{n:03d}",
                    "name": name,
                    "type": kind,
                    "legal_basis": basis,
                    "granting_level": level,
                    "granting_department": department,
                    "domain": domain,
                    "stage": stage,
                }
            )
    return rows


# What each demo zone holds. (item code, mode, story) — story: ``taken:<years back>`` taken on in a
# past year; ``delegated`` delegated this year, not yet taken on; ``deferred:<fallback>``;
# ``withdrawn``; ``proposed``.
# Yingkou coastal base holds the whole construction approval chain (seed 001 §三).
YINGKOU_COASTAL = [
    ("LN-FG-001", "direct", "taken:3"),
    ("LN-FG-002", "direct", "taken:3"),
    ("LN-FG-003", "entrusted", "taken:2"),
    ("LN-FG-006", "direct", "taken:2"),
    ("LN-FG-007", "direct", "taken:2"),
    ("LN-ZR-001", "entrusted", "taken:3"),
    ("LN-ZR-002", "direct", "taken:3"),
    ("LN-ZR-005", "direct", "taken:1"),
    ("LN-ZR-006", "stationed", "deferred:stationed"),
    ("LN-ZJ-001", "direct", "taken:3"),
    ("LN-ZJ-002", "direct", "taken:2"),
    ("LN-ZJ-003", "direct", "taken:2"),
    ("LN-ZJ-004", "direct", "taken:3"),
    ("LN-ZJ-005", "direct", "taken:2"),
    ("LN-ZJ-007", "direct", "taken:2"),
    ("LN-ZJ-008", "entrusted", "deferred:dual_plate"),
    ("LN-ZJ-009", "direct", "taken:1"),
    ("LN-ZJ-011", "direct", "withdrawn"),
    ("LN-SC-001", "direct", "taken:3"),
    ("LN-SC-002", "direct", "taken:3"),
    ("LN-SC-003", "direct", "taken:3"),
    ("LN-SC-004", "direct", "taken:2"),
    ("LN-SC-006", "entrusted", "taken:1"),
    ("LN-SC-010", "direct", "delegated"),
    ("LN-SC-013", "entrusted", "proposed"),
    ("LN-ST-002", "entrusted", "taken:2"),
    ("LN-ST-003", "direct", "taken:2"),
    ("LN-ST-004", "entrusted", "deferred:dual_plate"),
    ("LN-YJ-002", "entrusted", "taken:1"),
    ("LN-YJ-005", "direct", "taken:2"),
    ("LN-SW-001", "direct", "taken:3"),
    ("LN-SW-003", "direct", "taken:2"),
    ("LN-RS-001", "agency", "taken:1"),
    ("LN-JT-002", "agency", "delegated"),
]
OTHER_ZONES = {
    "yingkou-etdz": [
        ("LN-FG-002", "direct", "taken:3"),
        ("LN-ZR-002", "direct", "taken:2"),
        ("LN-ZJ-004", "direct", "taken:2"),
        ("LN-ZJ-007", "direct", "taken:1"),
        ("LN-SC-001", "direct", "taken:2"),
        ("LN-SC-004", "direct", "deferred:stationed"),
        ("LN-SC-010", "direct", "delegated"),
        ("LN-ST-003", "direct", "taken:1"),
        ("LN-SW-001", "direct", "taken:2"),
    ],
    "yingkou-hitech": [
        ("LN-FG-002", "direct", "taken:2"),
        ("LN-SC-001", "direct", "taken:1"),
        ("LN-SC-002", "direct", "taken:1"),
        ("LN-RS-001", "agency", "delegated"),
    ],
    "dalian-changxing": [
        ("LN-FG-001", "direct", "taken:3"),
        ("LN-FG-002", "direct", "taken:3"),
        ("LN-ZR-001", "entrusted", "taken:2"),
        ("LN-ZR-002", "direct", "taken:2"),
        ("LN-ZJ-004", "direct", "taken:2"),
        ("LN-ZJ-007", "direct", "taken:1"),
        ("LN-ST-001", "entrusted", "deferred:stationed"),
        ("LN-YJ-001", "entrusted", "taken:2"),
        ("LN-YJ-002", "entrusted", "taken:2"),
        ("LN-JT-004", "direct", "taken:3"),
    ],
    "dalian-etdz": [
        ("LN-FG-002", "direct", "taken:3"),
        ("LN-SC-001", "direct", "taken:2"),
        ("LN-SW-001", "direct", "taken:2"),
        ("LN-SW-002", "direct", "delegated"),
    ],
    "shenyang-etdz": [
        ("LN-FG-002", "direct", "taken:2"),
        ("LN-ZJ-004", "direct", "taken:2"),
        ("LN-SW-001", "direct", "proposed"),
    ],
}

# The one delegation whose evaluations were never filed (an overdue evaluation on the homes).
UNEVALUATED = ("yingkou-coastal", "LN-SW-003")

# Zone–county responsibility list of the Yingkou coastal base with 老边区 (seed 000 §2).
RESPONSIBILITIES = [
    (
        "yingkou-coastal",
        "LN-ZJ-004",
        "受理、审查并核发区内建筑工程施工许可证，开展批后监管。",
        "负责区外及跨区项目；对园区办理情况开展业务指导和抽查。",
        "县级部门于赋权文件生效后 30 日内移交在办件及档案，双方签署移交清单。",
    ),
    (
        "yingkou-coastal",
        "LN-SC-001",
        "办理区内企业设立登记，开展登记事项的事中事后监管。",
        "统一登记系统运维，承担区外企业登记及信用监管。",
        "登记档案按企业注册地随件移交；系统权限由县级部门开通。",
    ),
    (
        "yingkou-coastal",
        "LN-ST-004",
        "缓放期间派员进驻县级政务服务中心窗口协助受理。",
        "继续行使危险废物经营许可，征求园区意见后作出决定。",
        "园区具备承接条件后提出承接申请，经评估后转为直接下放。",
    ),
]


def seed() -> None:
    """Load the demo register through the services (called by ``manage.py seed_demo``).

    Idempotent: missing catalogue items are created; a zone that already has delegations is
    left alone. Dates are relative to today so that the list as of a past date differs.
    """
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from devzone.audit.context import ChangePath, change_path
    from zones.registry.models import Zone

    from . import rules, services
    from .models import Delegation, PowerItem

    users = get_user_model().objects
    admin = users.get(username="province_admin")
    market = users.filter(username="dept_market").first()
    officer = users.filter(username="zone_yingkou_hr").first()
    today = timezone.localdate()
    year = today.year
    with change_path(ChangePath.COMMAND):
        known = set(PowerItem.objects.values_list("code", flat=True))
        for row in items():
            if row["code"] not in known:
                services.create_item(user=admin, data=row)
        catalogue = {i.code: i for i in PowerItem.objects.all()}
        plan = {"yingkou-coastal": YINGKOU_COASTAL, **OTHER_ZONES}
        for zone in Zone.objects.filter(code__in=plan).select_related("city"):
            if Delegation.objects.filter(zone=zone).exists():
                continue
            for n, (code, mode, story) in enumerate(plan[zone.code]):
                item = catalogue[code]
                granter = (
                    market
                    if market is not None and item.granting_department == "市场监管" and zone.city.code == "210800"
                    else admin
                )
                taker = officer if officer is not None and zone.code == "yingkou-coastal" else admin
                kind, _sep, arg = story.partition(":")
                doc = f"{zone.city.name[:2]}政办发〔%s〕{10 + n}号"
                if kind == "proposed":
                    services.create_delegations(user=granter, items=[item], zones=[zone], mode=mode)
                    continue
                back = int(arg) if kind == "taken" else (1 if kind in ("deferred",) else 3)
                since = min(date(year, 1, 15), today) if kind == "delegated" else date(year - back, 3, 1)
                (d,) = services.create_delegations(
                    user=granter,
                    items=[item],
                    zones=[zone],
                    mode=mode,
                    status=rules.DELEGATED,
                    document_no=doc % since.year,
                    effective_from=since,
                    build_before_acceptance=item.stage in ("construction", "works_planning") and n % 2 == 0,
                    tolerance_approval=n % 3 == 0,
                    notify_commitment=item.type == "filing" or n % 4 == 0,
                    duties=f"受理、审查、决定并承担{item.name}的事中事后监管。",
                )
                if kind in ("taken", "withdrawn"):
                    services.move(
                        user=taker,
                        delegation=d,
                        action="take_on",
                        document_no=f"{zone.name[:4]}发〔{since.year}〕{n + 1}号",
                        effective_on=date(since.year, 6, 1),
                    )
                if kind == "deferred":
                    services.move(
                        user=taker,
                        delegation=d,
                        action="defer",
                        document_no=f"{zone.name[:4]}函〔{since.year}〕{n + 1}号",
                        effective_on=date(since.year, 7, 1),
                        reason="专业审批人员尚未到位，暂不具备承接条件（接不住可缓放）。",
                        fallback_mode=arg,
                    )
                if kind == "withdrawn":
                    services.move(
                        user=granter,
                        delegation=d,
                        action="withdraw",
                        document_no=f"{zone.city.name[:2]}政办发〔{year - 1}〕{60 + n}号",
                        effective_on=date(year - 1, 9, 30),
                        reason="事项已由上位法调整为告知承诺制，统一收回。",
                    )
            _seed_evaluations(zone, admin=admin, market=market, today=today)
        for code, item_code, zone_duties, county_duties, handover in RESPONSIBILITIES:
            holder = Zone.objects.filter(code=code).first()
            if holder is not None:
                services.save_responsibility(
                    user=admin,
                    zone=holder,
                    item=catalogue[item_code],
                    zone_duties=zone_duties,
                    county_duties=county_duties,
                    handover=handover,
                )


def _seed_evaluations(zone: Any, *, admin: Any, market: Any, today: Any) -> None:
    from decimal import Decimal

    from . import rules, services
    from .models import Delegation

    year = today.year
    for n, d in enumerate(Delegation.objects.filter(zone=zone).select_related("zone__city", "item").order_by("pk")):
        if (d.zone.code, d.item.code) == UNEVALUATED:
            continue
        granter = (
            market
            if market is not None and d.item.granting_department == "市场监管" and d.zone.city.code == "210800"
            else admin
        )
        for period in (str(year - 2), str(year - 1)):
            if not rules.evaluation_owed(period, d.effective_from, d.effective_to):
                continue
            withdraw = (d.zone.code, d.item.code) == ("yingkou-coastal", "LN-ZJ-008") and period == str(year - 1)
            services.file_evaluation(
                user=granter,
                delegation=d,
                period=period,
                cases_handled=20 + (n * 37) % 400,
                on_time_rate=Decimal("100") - Decimal(n % 7) * Decimal("1.5"),
                rating="poor" if withdraw else ("excellent" if n % 3 else "good"),
                recommendation="withdraw" if withdraw else ("adjust" if d.status == rules.DEFERRED else "keep"),
                problems="承接人员不足，办件积压。" if withdraw else "",
            )

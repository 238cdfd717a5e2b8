"""The province's default rule set for checking 一区一策 plans, as shipped (ADR 0142).

Plain data, loaded into ``PlanRuleSet``/``PlanBodyBound`` by migration 0005_plan_rule_set_defaults and (idempotently)
by ``seed_demo``; after that the rows are what counts, and the province edits them.

Internal-body bounds per management model come from seed 004 (Shanxi: 三合一管委会 "一般为
6-8个"; 区政合一 "一般为3个左右" — read as 2–4; 企业化管理 "原则上不超过3个"; the last two
"原则上不设派驻机构"). 管委会+公司 is not bounded by 004: the default admits 1–8, 8 being what
Yingkou's plan (seed 002) sets up.
"""

from django.db import models

PLAN_RULE_SET = {
    "name": "辽宁省一区一策方案审核规则（默认）",
    "effective_year": 2025,
    "require_headcount_cap": True,
    "require_leadership_posts": True,
    "require_contract_term": True,
    "duties_required": True,
    "source": "《辽宁省人民政府办公厅关于深化经济开发区体制机制改革的意见》(辽政办发〔2025〕8号)；"
    "内设机构限额参照山西省开发区管理运营模式（种子材料 004）。",
}

# management model, min bodies, max bodies, max dispatched agencies (None: no bound), source
BODY_BOUNDS = [
    ("three_in_one", 6, 8, None, "004：“三合一管委会”模式内设机构一般为6-8个。"),
    ("zone_government", 2, 4, 0, "004：“区政合一”模式内设机构一般为3个左右（按2-4个审核），原则上不设派驻机构。"),
    ("enterprise", 1, 3, 0, "004：“企业化管理”模式内设机构原则上不超过3个，原则上不设派驻机构。"),
    ("committee_company", 1, 8, None, "004未规定；默认上限取营口沿海产业基地方案（002）的8个。"),
]


def load(rule_set_model: type[models.Model], bound_model: type[models.Model]) -> models.Model:
    """Create the default rule set and its bounds if missing (works on migration models too)."""
    fields = {k: v for k, v in PLAN_RULE_SET.items() if k != "effective_year"}
    rule_set, _created = rule_set_model._default_manager.get_or_create(
        effective_year=PLAN_RULE_SET["effective_year"], defaults=fields
    )
    for model, low, high, agencies, source in BODY_BOUNDS:
        bound_model._default_manager.get_or_create(
            rule_set=rule_set,
            management_model=model,
            defaults={"min_bodies": low, "max_bodies": high, "max_agencies": agencies, "source": source},
        )
    return rule_set

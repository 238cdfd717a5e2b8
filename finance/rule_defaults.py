"""The province's default finance rule set, as shipped (ADR 0402).

Plain data loaded into ``FinanceRuleSet`` by migration and (idempotently) by ``seed_demo``;
after that the row is what counts, and the province edits it.

The above-plan reward is seed 003 §二(三)2: "对排名全国前10%的国家级开发区和全省前5%的省级开发区
……对其缴纳的市级税收高于全市计划增速的增量部分，3年内每年按50%的比例奖励给开发区". The seeds do
not say how a shortfall below the sharing base is borne; the default shares the revenue by the
base ratios (no party is asked to pay back), and each agreement may choose another rule.
"""

from decimal import Decimal
from typing import Any

FINANCE_RULE_SET: dict[str, Any] = {
    "name": "辽宁省开发区财力分成与奖励规则（默认）",
    "effective_year": 2025,
    "default_shortfall_rule": "proportional",
    "national_top_percent": Decimal("10.00"),
    "provincial_top_percent": Decimal("5.00"),
    "reward_percent": Decimal("50.00"),
    "reward_years": 3,
    "negative_revenue_allowed": False,
    "source": "《关于进一步推进开发区高质量发展的若干措施》（种子材料 003）二(三)2；"
    "财力分成：《关于深化经济开发区体制机制改革的意见》（000）第5条、营口沿海产业基地方案（002）六。",
}


def load(model: Any) -> Any:
    """Create the default rule set if missing (works on migration models too)."""
    fields = {k: v for k, v in FINANCE_RULE_SET.items() if k != "effective_year"}
    rule_set, _created = model._default_manager.get_or_create(
        effective_year=FINANCE_RULE_SET["effective_year"], defaults=fields
    )
    return rule_set

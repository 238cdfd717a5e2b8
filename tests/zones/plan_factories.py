"""Plan content and plans in a given state, made through the real services."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model

from zones.models import Plan, Zone
from zones.plans import services


class UnitFactory(factory.DictFactory):
    name = factory.Sequence(lambda n: f"测试机构{n}")
    duties = factory.LazyAttribute(lambda o: f"{o.name}的职责。")


class PlanContentFactory(factory.DictFactory):
    """A plan that passes the default rule set for a 管委会+公司 zone (1–8 bodies)."""

    leadership_posts = 4
    headcount_cap = 90
    contract_term_years = 2
    hiring_mode = "全员岗位聘任，竞聘上岗。"
    exit_rule = "连续两年考核末位的解聘。"
    finance_model = "independent"
    internal_bodies = factory.LazyFunction(lambda: [UnitFactory() for _ in range(3)])
    dispatched_agencies = factory.LazyFunction(lambda: [UnitFactory(name="自然资源分局")])
    sections = factory.LazyFunction(lambda: {"basic": "测试开发区基本情况。", "party": "加强党的全面领导。"})


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def draft(zone: str = "yingkou-hitech", by: str = "city_yingkou", **content: Any) -> Plan:
    return services.create_plan(user=user(by), zone=Zone.objects.get(code=zone), data=PlanContentFactory(**content))


def submitted(zone: str = "yingkou-hitech", by: str = "city_yingkou", **content: Any) -> Plan:
    return services.submit_plan(user=user(by), plan=draft(zone, by, **content))


def returned(zone: str = "yingkou-hitech", by: str = "city_yingkou", **content: Any) -> Plan:
    plan = submitted(zone, by, **content)
    comments = [{"section": "organisation", "text": "请细化内设机构职责。"}]
    return services.return_plan(user=user("province_staff"), plan=plan, comments=comments)


def approved(zone: str = "yingkou-hitech", by: str = "city_yingkou", **content: Any) -> Plan:
    return services.approve_plan(user=user("province_staff"), plan=submitted(zone, by, **content))


MAKERS = {"draft": draft, "submitted": submitted, "returned": returned, "approved": approved}
# (action, source state) pairs the workflow allows; every other pair is a 409.
LEGAL = {("submit", "draft"), ("submit", "returned"), ("return", "submitted"), ("approve", "submitted")}


def plan_in(state: str) -> Plan:
    """A plan of 营口高新区 in ``state``, got there through the workflow."""
    if state == "superseded":
        old = approved()
        approved()
        old.refresh_from_db()
        assert old.state == "superseded"
        return old
    return MAKERS[state]()

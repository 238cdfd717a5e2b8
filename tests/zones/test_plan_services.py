"""The plan workflow through the services: transitions, snapshots, the rule set, the establishment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from devzone.domain import Conflict
from tests.zones.plan_factories import (
    LEGAL,
    PlanContentFactory,
    UnitFactory,
    approved,
    draft,
    plan_in,
    returned,
    submitted,
    user,
)
from zones.models import EstablishmentUnit, Plan, PlanBodyBound, PlanRuleSet, PlanSnapshot, Zone, ZoneEstablishment
from zones.plans import services

pytestmark = pytest.mark.usefixtures("demo")

STATES = ["draft", "submitted", "returned", "approved", "superseded"]


def run(action: str, plan: Plan) -> Plan:
    if action == "submit":
        return services.submit_plan(user=user("city_yingkou"), plan=plan)
    if action == "return":
        comments = [{"section": "personnel", "text": "员额测算依据不足。"}]
        return services.return_plan(user=user("province_staff"), plan=plan, comments=comments)
    return services.approve_plan(user=user("province_staff"), plan=plan)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ["submit", "return", "approve"])
def test_every_transition_from_every_state(action: str, state: str) -> None:
    plan = plan_in(state)
    log_before = plan.transitions.count()
    if (action, state) in LEGAL:
        after = run(action, plan)
        expected = {"submit": "submitted", "return": "returned", "approve": "approved"}[action]
        assert after.state == expected
        last = after.transitions.order_by("-at", "-id").first()
        assert (last.from_state, last.to_state) == (state, expected)
        assert last.user.username == ("city_yingkou" if action == "submit" else "province_staff")
    else:
        with pytest.raises(Conflict, match=f"方案当前状态为“{Plan(state=state).get_state_display()}”"):
            run(action, plan)
        plan.refresh_from_db()
        assert plan.state == state and plan.transitions.count() == log_before


@pytest.mark.parametrize("state", ["submitted", "approved", "superseded"])
def test_a_locked_plan_cannot_be_edited(state: str) -> None:
    plan = plan_in(state)
    with pytest.raises(Conflict, match="不能修改"):
        services.update_plan(user=user("city_yingkou"), plan=plan, data={"headcount_cap": 1})
    plan.refresh_from_db()
    assert plan.headcount_cap == 90


def test_returned_plan_is_edited_and_resubmitted_as_a_new_snapshot() -> None:
    plan = returned()
    first = plan.snapshots.get()
    assert first.number == 1 and first.data["headcount_cap"] == 90
    assert [(c.section, c.text, c.snapshot_id) for c in plan.comments.all()] == [
        ("organisation", "请细化内设机构职责。", first.pk)
    ]
    bodies = [{"name": "党政办公室", "duties": "综合协调。"}, {"name": "招商局", "duties": "招商引资。"}]
    services.update_plan(user=user("city_yingkou"), plan=plan, data={"headcount_cap": 100, "internal_bodies": bodies})
    plan = services.submit_plan(user=user("city_yingkou"), plan=plan, note="已按意见修改")
    assert plan.state == "submitted"
    assert [s.number for s in plan.snapshots.all()] == [1, 2]
    first.refresh_from_db()
    assert first.data["headcount_cap"] == 90 and len(first.data["internal_bodies"]) == 3  # frozen
    second = plan.snapshots.get(number=2)
    assert second.data["headcount_cap"] == 100
    assert [b["name"] for b in second.data["internal_bodies"]] == ["党政办公室", "招商局"]
    assert plan.transitions.order_by("-id").first().note == "已按意见修改"


def test_submission_checks_the_rule_set_and_lists_violations_by_section() -> None:
    plan = draft(headcount_cap=None, leadership_posts=0, internal_bodies=[UnitFactory() for _ in range(9)])
    with pytest.raises(ValidationError) as exc:
        services.submit_plan(user=user("city_yingkou"), plan=plan)
    assert exc.value.message_dict == {
        "organisation": ["领导职数必须大于 0。", "内设机构 9 个，超过“管委会+公司”模式的上限 8 个。"],
        "personnel": ["未填写员额总数。"],
    }
    plan.refresh_from_db()
    assert plan.state == "draft" and not plan.snapshots.exists()


def test_the_rule_set_is_data_and_the_one_in_force_applies() -> None:
    zone = Zone.objects.get(code="yingkou-hitech")
    plan = draft(internal_bodies=[UnitFactory() for _ in range(8)])
    year = timezone.localdate().year
    stricter = PlanRuleSet.objects.create(name="更严的规则", effective_year=year + 1)
    PlanBodyBound.objects.create(rule_set=stricter, management_model=zone.management_model, min_bodies=1, max_bodies=5)
    assert services.plan_violations(plan) == []  # next year's rules are not yet in force
    assert [v.code for v in services.plan_violations(plan, year=year + 1)] == ["bodies_above_max"]
    PlanBodyBound.objects.filter(rule_set__effective_year=2025, management_model=zone.management_model).update(
        max_bodies=6
    )
    with pytest.raises(ValidationError, match="超过“管委会\\+公司”模式的上限 6 个"):
        services.submit_plan(user=user("city_yingkou"), plan=plan)


def test_default_rule_set_bounds_from_seed_004() -> None:
    rule_set = PlanRuleSet.objects.get(effective_year=2025)
    bounds = {b.management_model: (b.min_bodies, b.max_bodies, b.max_agencies) for b in rule_set.bounds.all()}
    assert bounds == {
        "three_in_one": (6, 8, None),
        "zone_government": (2, 4, 0),
        "enterprise": (1, 3, 0),
        "committee_company": (1, 8, None),
    }


def test_approval_writes_the_establishment_and_supersedes_the_plan_in_force() -> None:
    first = approved(headcount_cap=80, leadership_posts=3)
    establishment = ZoneEstablishment.objects.get(zone__code="yingkou-hitech")
    assert (establishment.headcount_cap, establishment.leadership_posts, establishment.source_plan_id) == (
        80,
        3,
        first.pk,
    )
    assert (establishment.source_version, establishment.source_submission, establishment.contract_term_years) == (
        1,
        1,
        2,
    )
    body_names = [b["name"] for b in services.selectors.plan_input(first)["internal_bodies"]]
    assert list(establishment.units.filter(kind="internal").values_list("name", flat=True)) == body_names
    assert list(establishment.units.filter(kind="dispatched").values_list("name", flat=True)) == ["自然资源分局"]

    second = services.revise_plan(user=user("city_yingkou"), plan=first)
    assert (second.version, second.state, second.based_on_id) == (2, "draft", first.pk)
    assert second.headcount_cap == 80 and second.bodies.count() == 3
    kept = body_names[0]
    services.update_plan(
        user=user("city_yingkou"),
        plan=second,
        data={
            "headcount_cap": 120,
            "internal_bodies": [{"name": kept, "duties": "新职责。"}, {"name": "商务局", "duties": "招商。"}],
        },
    )
    services.submit_plan(user=user("city_yingkou"), plan=second)
    services.approve_plan(user=user("province_staff"), plan=second, note="同意")
    first.refresh_from_db()
    assert first.state == "superseded"
    assert first.transitions.order_by("-id").first().note == "被第 2 版替代。"
    establishment.refresh_from_db()
    assert (establishment.headcount_cap, establishment.source_plan_id, establishment.source_version) == (
        120,
        second.pk,
        2,
    )
    units = EstablishmentUnit.objects.filter(establishment=establishment, kind="internal")
    assert [(u.name, u.duties) for u in units] == [(kept, "新职责。"), ("商务局", "招商。")]
    # the establishment's change history shows where each figure came from
    assert [h.source_version for h in establishment.history.order_by("history_date")] == [1, 2]
    assert Plan.objects.filter(zone__code="yingkou-hitech", state="approved").get() == second


def test_one_plan_in_progress_per_zone() -> None:
    open_plan = draft()
    with pytest.raises(Conflict, match="已有未办结的方案（第 1 版，草稿）"):
        draft()
    services.submit_plan(user=user("city_yingkou"), plan=open_plan)
    with pytest.raises(Conflict):
        draft()
    with pytest.raises(Conflict, match="只能在已批准或已被替代的方案基础上起草新版本"):
        services.revise_plan(user=user("city_yingkou"), plan=open_plan)


def test_roles_are_checked_by_the_services() -> None:
    zone = Zone.objects.get(code="yingkou-hitech")
    with pytest.raises(PermissionDenied):
        services.create_plan(user=user("province_staff"), zone=zone, data=PlanContentFactory())
    with pytest.raises(PermissionDenied):
        services.create_plan(user=user("city_dalian"), zone=zone, data=PlanContentFactory())
    plan = draft()
    with pytest.raises(PermissionDenied):
        services.submit_plan(user=user("zone_yingkou_hr"), plan=plan)
    services.submit_plan(user=user("city_yingkou"), plan=plan)
    for who in ("city_yingkou", "auditor", "zone_yingkou_hr"):
        with pytest.raises(PermissionDenied):
            services.approve_plan(user=user(who), plan=plan)
        with pytest.raises(PermissionDenied):
            services.return_plan(user=user(who), plan=plan, comments=[{"section": "basic", "text": "x"}])
    assert services.approve_plan(user=user("province_admin"), plan=plan).state == "approved"


def test_bad_input_is_refused_with_chinese_messages_and_changes_nothing() -> None:
    plan = draft()
    bad = {
        "headcount_cap": -1,
        "contract_term_years": 99,
        "sections": {"nonsense": "x"},
        "internal_bodies": [{"name": "甲", "duties": ""}, {"name": "甲", "duties": ""}, {"name": " ", "duties": "x"}],
        "finance_model": "cash",
    }
    with pytest.raises(ValidationError) as exc:
        services.update_plan(user=user("city_yingkou"), plan=plan, data=bad)
    assert exc.value.message_dict == {
        "headcount_cap": ["应在 0 到 100000 之间。"],
        "contract_term_years": ["应在 0 到 10 之间。"],
        "finance_model": ["财政管理方式无效。"],
        "sections": ["未知的方案部分：nonsense。"],
        "internal_bodies": ["内设机构“甲”重复。", "内设机构第 3 项未填写名称。"],
    }
    plan.refresh_from_db()
    assert plan.headcount_cap == 90 and plan.bodies.count() == 3


def test_return_needs_a_comment_on_a_known_section() -> None:
    plan = submitted()
    for comments, message in (
        ([], "退回时请至少对一个部分提出意见。"),
        ([{"section": "organisation", "text": "  "}], "退回时请至少对一个部分提出意见。"),
        ([{"section": "nowhere", "text": "意见"}], "未知的方案部分：nowhere。"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.return_plan(user=user("province_staff"), plan=plan, comments=comments)
    plan.refresh_from_db()
    assert plan.state == "submitted" and not plan.comments.exists()


def test_partial_update_merges_section_texts() -> None:
    plan = draft()
    services.update_plan(
        user=user("city_yingkou"), plan=plan, data={"sections": {"party": "", "finance": "独立核算。"}}
    )
    plan.refresh_from_db()
    assert plan.sections == {"basic": "测试开发区基本情况。", "finance": "独立核算。"}
    assert plan.history.count() >= 2


def test_demo_plans_follow_seed_002_and_seeding_twice_changes_nothing() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    plans = Plan.objects.order_by("zone__code")
    assert [(p.zone.code, p.version, p.state) for p in plans] == [
        ("dalian-changxing", 1, "submitted"),
        ("yingkou-coastal", 1, "approved"),
    ]
    establishment = ZoneEstablishment.objects.get(zone__code="yingkou-coastal")
    assert (establishment.headcount_cap, establishment.leadership_posts, establishment.contract_term_years) == (
        150,
        5,
        2,
    )
    internal = list(establishment.units.filter(kind="internal").values_list("name", flat=True))
    assert internal == [
        "党政综合工作部",
        "财政金融国资局",
        "经济改革发展局(高质量发展中心)",
        "企业服务局",
        "商务局(投资促进中心)",
        "规划建设管理局",
        "营商环境局(大数据局)",
        "应急管理局(化工园区管理办公室)",
    ]
    assert list(establishment.units.filter(kind="dispatched").values_list("name", flat=True)) == [
        "自然资源分局",
        "生态环境分局",
    ]
    assert PlanSnapshot.objects.filter(plan__zone__code="yingkou-coastal").count() == 1


def test_history_records_plan_changes() -> None:
    plan = draft()
    services.update_plan(user=user("city_yingkou"), plan=plan, data={"headcount_cap": 95})
    latest, previous = plan.history.all()[:2]
    assert [(c.field, c.old, c.new) for c in latest.diff_against(previous).changes] == [("headcount_cap", 90, 95)]

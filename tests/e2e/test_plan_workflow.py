"""一区一策 in the browser: a city drafts, the province returns with a comment, the city fixes and
resubmits, the province approves, and the zone's establishment changes (issue 4)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from zones.models import Plan


def sign_in(page: Any, username: str) -> None:
    if page.get_by_test_id("current-user").count():
        page.get_by_role("button", name="退出").click()
        expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("devzone-demo")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_plan_from_draft_to_approval_changes_the_establishment(page: Any) -> None:
    # city_yingkou drafts a plan for 营口高新区, forgetting the headcount cap
    sign_in(page, "city_yingkou")
    page.get_by_role("navigation").get_by_role("link", name="一区一策").click()
    expect(page.get_by_test_id("plan-list")).to_contain_text("辽宁(营口)沿海产业基地")
    page.get_by_role("link", name="起草新方案").click()
    # typed with suggestions from the zones in scope (no select of every zone: issue 9)
    page.get_by_label("开发区").fill("yingkou-hi")
    expect(page.locator("datalist#id_zone-suggestions option[value=yingkou-hitech]")).to_have_count(1)
    page.get_by_label("开发区").fill("yingkou-hitech")
    page.get_by_label("领导职数", exact=True).fill("4")
    page.get_by_label("聘期（年）").fill("2")
    page.locator("[name=bodies-0-name]").fill("党政办公室")
    page.locator("[name=bodies-0-duties]").fill("综合协调、党的建设和干部人事。")
    page.get_by_test_id("add-bodies").click()  # htmx brings a second row
    page.locator("[name=bodies-1-name]").fill("投资促进局")
    page.locator("[name=bodies-1-duties]").fill("新材料、电子信息产业招商。")
    page.get_by_label("党的领导（正文）").fill("建立改革领导小组。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("草稿")
    expect(page.get_by_test_id("list-internal_bodies")).to_contain_text("投资促进局")
    plan_url = page.url

    # submitting is refused: the violation is listed under its section, in Chinese
    page.get_by_role("button", name="报送省级审核").click()
    expect(page.get_by_test_id("plan-violations")).to_contain_text("人事制度")
    expect(page.get_by_test_id("violations-personnel")).to_have_text("未填写员额总数。")
    expect(page.get_by_test_id("plan-state")).to_have_text("草稿")

    page.get_by_role("link", name="修改方案").click()
    page.get_by_label("员额总数").fill("80")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="报送省级审核").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("已报送")

    # province_staff returns it with a comment on the organisation section
    sign_in(page, "province_staff")
    page.goto(plan_url)
    page.get_by_label("对“组织架构”的意见").fill("内设机构偏少，请补充规划建设部门。")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("已退回")
    assert len(asked) == 1 and "退回市级修改" in asked[0]

    # city_yingkou sees the comment beside the section, fixes and resubmits
    sign_in(page, "city_yingkou")
    page.goto(plan_url)
    expect(page.get_by_test_id("comments-organisation")).to_contain_text("内设机构偏少，请补充规划建设部门。")
    expect(page.get_by_test_id("comments-personnel")).to_have_count(0)
    page.get_by_role("link", name="修改方案").click()
    page.get_by_test_id("add-bodies").click()
    rows = page.get_by_test_id("bodies-rows").get_by_test_id("unit-row")
    expect(rows).to_have_count(4)  # two bodies, the spare empty row, the one just added
    page.locator("[name=bodies-2-name]").fill("规划建设局")
    page.locator("[name=bodies-2-duties]").fill("规划编制和工程建设监管。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="重新报送").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("已报送")

    # the comparison of the two submissions shows what changed
    page.get_by_role("link", name="版本对比").click()
    changed = page.get_by_test_id("compare-organisation")
    expect(changed).to_have_attribute("data-changed", "true")
    expect(changed.get_by_test_id("compare-list-internal_bodies")).to_contain_text("规划建设局")
    expect(changed.get_by_test_id("compare-list-internal_bodies")).to_contain_text("新增")
    expect(page.get_by_test_id("compare-personnel")).to_have_attribute("data-changed", "false")

    # province_staff approves
    sign_in(page, "province_staff")
    page.goto(plan_url)
    page.get_by_role("link", name="批准方案").click()  # a confirmation page first (issue 14)
    page.get_by_label("审批意见").fill("同意。")
    page.get_by_label("批复文号").fill("辽编办〔2026〕1号")
    page.get_by_role("button", name="确认批准").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("已批准")

    # city_yingkou sees the zone's establishment, from this plan
    sign_in(page, "city_yingkou")
    page.goto("/zones/yingkou-hitech/")
    establishment = page.get_by_test_id("zone-establishment")
    expect(establishment.get_by_test_id("establishment-cap")).to_have_text("80")
    expect(establishment.get_by_test_id("establishment-posts")).to_have_text("4")
    expect(establishment.get_by_test_id("establishment-source")).to_contain_text("一区一策方案第 1 版（第 2 次报送）")
    units = establishment.get_by_test_id("establishment-units")
    for name in ("党政办公室", "投资促进局", "规划建设局"):
        expect(units).to_contain_text(name)
    plan = Plan.objects.get(zone__code="yingkou-hitech")
    assert (plan.state, plan.snapshots.count(), plan.comments.get().section) == ("approved", 2, "organisation")


def test_city_dalian_cannot_open_yingkou_plans(page: Any) -> None:
    sign_in(page, "city_dalian")
    page.goto("/plans/")
    expect(page.get_by_test_id("plan-list")).to_contain_text("大连长兴岛经济技术开发区")
    expect(page.get_by_test_id("plan-list")).not_to_contain_text("营口")
    plan = Plan.objects.get(zone__code="yingkou-coastal")
    response = page.goto(f"/plans/{plan.pk}/")
    assert response is not None and response.status == 404


def test_province_filters_the_plan_list_by_state(page: Any) -> None:
    sign_in(page, "province_staff")
    page.goto("/plans/")
    table = page.get_by_test_id("plan-list")
    expect(table).to_contain_text("辽宁(营口)沿海产业基地")
    page.get_by_label("状态").select_option("submitted")  # htmx swaps the list in place
    expect(table).not_to_contain_text("辽宁(营口)沿海产业基地")
    expect(table).to_contain_text("大连长兴岛经济技术开发区")
    assert "state=submitted" in page.url  # the filter is in the address (hx-push-url)
    expect(page.locator("main main")).to_have_count(0)  # swapped, not nested

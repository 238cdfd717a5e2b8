"""Staffing in the browser (issue 11 "Done when"): as zone_yingkou_hr, set up 3 posts, open a
round on them, take 10 applications, enter scores, publish the ranking, make offers; one
declines and the next in rank gets the place; publicity ends; contracts are signed; the
establishment page shows the new figures; the round PDF prints (masked ID numbers)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from staffing.models import Application, Offer, Round
from tests.e2e.test_plan_workflow import sign_in
from tests.reports.pdf import compact
from tests.staffing import factories as f

POSTS = ["项目策划专员", "企业服务专员", "统计分析专员"]


def figure(page: Any, row: str, column: str) -> int:
    return int(page.get_by_test_id("establishment-figures").locator(f'tr[data-row="{row}"] td.{column}').inner_text())


def test_a_round_from_opening_to_signed_contracts(page: Any) -> None:
    # every one-way step of the round asks first (ADR 0029); the officer agrees each time
    asked: list[str] = []

    def agree(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", agree)
    sign_in(page, "zone_yingkou_hr")
    page.get_by_role("navigation").get_by_role("link", name="人员聘任").click()
    page.get_by_test_id("ledger-table").get_by_role("link", name="辽宁(营口)沿海产业基地").click()
    serving, reserved = figure(page, "overall", "serving"), figure(page, "overall", "reserved")
    assert figure(page, "overall", "cap") == 150

    # three posts in 企业服务局 (按需设岗)
    for title in POSTS:
        form = page.get_by_test_id("post-form")
        form.get_by_label("部门").select_option(label="企业服务局")
        form.get_by_label("岗位名称").fill(title)
        form.get_by_label("岗位职务").fill("专员")
        form.get_by_label("岗位数额").fill("1")
        form.get_by_role("button", name="保存岗位").click()
        expect(page.get_by_test_id("posts")).to_contain_text(title)

    # a market round on them
    page.get_by_test_id("staffing-tabs").get_by_role("link", name="招聘轮次").click()
    form = page.get_by_test_id("round-form")
    form.get_by_label("名称", exact=True).fill("企业服务局市场化选聘")
    form.get_by_label("类型").select_option(label="市场化选聘")
    for title in POSTS:
        form.locator(f'input[data-post-title="{title}"]').fill("1")
    form.get_by_role("button", name="保存为草稿").click()
    expect(page.get_by_test_id("round-state")).to_have_text("草稿")
    page.get_by_role("button", name="开始报名").click()
    expect(page.get_by_test_id("round-state")).to_have_text("报名中")

    # ten applications
    for k in range(10):
        form = page.get_by_test_id("application-form")
        form.get_by_label("岗位").select_option(label=POSTS[k % 3])
        form.get_by_label("姓名（外部人员）").fill(f"应聘者{k}")
        form.get_by_label("身份证号（外部人员）").fill(f.ident(birth=timezone.localdate().replace(year=1993)))
        form.get_by_label("学历（外部人员）").select_option(label="本科")
        form.get_by_role("button", name="登记报名").click()
        expect(page.locator(f'tr[data-name="应聘者{k}"]')).to_be_visible()
    rnd = Round.objects.get(title="企业服务局市场化选聘")
    assert rnd.applications.count() == 10

    # scores
    page.get_by_role("button", name="截止报名、开始评分").click()
    for k in range(10):
        page.get_by_label(f"笔试 应聘者{k}").fill(str(90 - k))
        page.get_by_label(f"面试 应聘者{k}").fill(str(85 + (k % 4)))
    page.get_by_test_id("save-scores").click()
    expect(page.locator('tr[data-name="应聘者9"]')).to_contain_text("84.00")  # 81 × 0.4 + 86 × 0.6

    # publish, offers
    page.get_by_role("button", name="公布排名").click()
    expect(page.get_by_test_id("round-state")).to_have_text("排名已公布")
    page.get_by_role("button", name="发出录用通知").click()
    offers = page.get_by_test_id("offers")
    expect(offers.locator("tbody tr")).to_have_count(3)
    first = Application.objects.get(round=rnd, round_post__post__title=POSTS[0], rank=1)
    second = Application.objects.get(round=rnd, round_post__post__title=POSTS[0], rank=2)
    page.goto(f"/staffing/zones/{rnd.zone.code}/")
    assert figure(page, "overall", "reserved") == reserved + 3
    page.go_back()

    # the first on post 1 declines: the next in rank gets the place
    offers.locator(f'tr[data-name="{first.name}"]').get_by_role("button", name="放弃").click()
    expect(offers.locator(f'tr[data-name="{first.name}"] td.state')).to_have_text("放弃")
    expect(offers.locator(f'tr[data-name="{second.name}"] td.state')).to_have_text("待答复")
    for _ in range(3):
        offers.get_by_role("button", name="接受").first.click()
        page.wait_for_load_state()
    expect(offers.get_by_role("button", name="接受")).to_have_count(0)

    # publicity (started two weeks ago: 5 working days have passed), then contracts
    start = timezone.localdate() - timedelta(days=14)
    page.get_by_test_id("round-moves").get_by_label("公示开始日期").fill(start.isoformat())
    page.get_by_role("button", name="开始公示").click()
    expect(page.get_by_test_id("round-state")).to_have_text("公示中")
    page.get_by_role("button", name="结束公示").click()
    expect(page.get_by_test_id("round-state")).to_have_text("签订合同")
    for _ in range(3):
        offers.get_by_role("button", name="签订合同").first.click()
        page.wait_for_load_state()
    expect(offers.get_by_role("button", name="签订合同")).to_have_count(0)
    assert Offer.objects.filter(round=rnd, state="contracted").count() == 3
    page.get_by_role("button", name="结束本轮").click()
    expect(page.get_by_test_id("round-state")).to_have_text("已结束")
    assert "确定发出录用通知？此步骤不可撤回。" in asked and "确定结束本轮？此步骤不可撤回。" in asked
    assert any(m.startswith("确定记录") and m.endswith("放弃录用？") for m in asked)

    # the round PDF prints, with masked ID numbers
    href = page.get_by_test_id("round-pdf").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = compact(response.body())
    assert all(title in text for title in POSTS)
    assert second.name in text
    assert all(a.id_number not in text for a in Application.objects.filter(round=rnd))

    # the establishment shows the new figures
    page.get_by_test_id("staffing-tabs").get_by_role("link", name="机构编制与岗位").click()
    assert figure(page, "overall", "serving") == serving + 3
    assert figure(page, "overall", "reserved") == reserved
    assert figure(page, "overall", "free") == 150 - serving - 3 - reserved

"""Browser: the province admin warns a zone; a city officer adds a plot and sees it in 调出."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from zones.models import LandPlot, Zone


def test_province_admin_warns_a_zone_and_sees_the_history(login: Any) -> None:
    page = login("province_admin")
    page.goto("/zones/yingkou-coastal/")
    page.get_by_role("link", name="变更状态").click()
    page.get_by_label("新状态").select_option(label="警示")
    page.get_by_label("生效日期").fill(timezone.localdate().isoformat())
    page.get_by_label("事由").fill("年度考核排名全省后10名，予以约谈")
    page.get_by_label("文号").fill("辽开改〔2025〕7号")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/zones/yingkou-coastal/#status")
    expect(page.get_by_text("状态变更已登记。")).to_be_visible()
    row = page.get_by_test_id("status-history").locator("tbody tr").first.inner_text()
    assert "正常" in row and "警示" in row and "辽开改〔2025〕7号" in row and "省级管理员" in row
    assert page.locator("h1 .badge").inner_text() == "警示"
    assert Zone.objects.get(code="yingkou-coastal").status == "warned"


def test_city_officer_adds_a_plot_that_must_move_out(login: Any) -> None:
    page = login("city_yingkou")
    page.goto("/zones/yingkou-coastal/")
    expect(page.get_by_role("link", name="变更状态")).to_have_count(0)
    page.get_by_role("link", name="新增地块").click()
    page.get_by_label("地块编号").fill("YK-PT-009")
    page.get_by_label("用地性质").select_option(label="配套用地")
    page.get_by_label("面积(亩)").fill("-3")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("地块面积须大于 0 亩。", exact=True)).to_be_visible()  # also in the error summary
    page.get_by_label("面积(亩)").fill("42")
    page.get_by_label("备注").fill("商业配套")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/zones/yingkou-coastal/#plots")
    move_out = page.get_by_test_id("move-out").inner_text()
    assert "YK-PT-009" in move_out and "商业配套" in move_out and "497.00" in move_out  # 455 + 42 mu
    assert LandPlot.objects.get(zone__code="yingkou-coastal", code="YK-PT-009").area_mu == 42

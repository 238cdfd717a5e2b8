"""The delegated-power register in the browser (issue 10): dept_market delegates an item to two
zones; one defers it (fallback recorded), the other takes it on; the department evaluates; the
province sees the figures change on its home; an auditor prints Yingkou's list as of a past date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from powers.models import Delegation
from tests.e2e.test_plan_workflow import sign_in
from tests.reports.pdf import compact


def move(page: Any, button: str, **fields: str) -> None:
    form = page.get_by_test_id("move-form")
    for name, value in fields.items():
        control = form.locator(f"[name={name}]")
        if name == "fallback_mode":
            control.select_option(label=value)
        else:
            control.fill(value)
    form.get_by_role("button", name=button, exact=True).click()


def test_delegate_defer_take_on_evaluate_and_print(page: Any) -> None:
    year = timezone.localdate().year
    start = date(year - 1, 2, 1)

    sign_in(page, "province_admin")
    etdz_row = page.get_by_test_id("home-powers").locator('tr[data-zone="yingkou-etdz"]')
    taken_before = int(etdz_row.locator("td.taken").inner_text())

    # dept_market delegates 广告发布登记 to two zones in one action
    sign_in(page, "dept_market")
    page.get_by_role("navigation").get_by_role("link", name="赋权清单").click()
    page.get_by_test_id("delegate-link").click()
    form = page.get_by_test_id("delegate-form")
    form.locator("[name=items]").select_option("LN-SC-009")
    form.locator("[name=zones]").select_option(["yingkou-coastal", "yingkou-etdz"])
    form.locator("[name=mode]").select_option(label="直接下放")
    form.get_by_label("文号").fill("营市监发〔2025〕21号")
    form.get_by_label("生效日期").fill(start.isoformat())
    form.get_by_label("容缺审批").check()
    page.get_by_role("button", name="办理赋权").click()
    expect(page.get_by_test_id("register")).to_contain_text("动产抵押登记")
    coastal = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-SC-009")
    etdz = Delegation.objects.get(zone__code="yingkou-etdz", item__code="LN-SC-009")

    # the coastal base cannot take it on yet: defers, with 派驻人员 as the fallback
    sign_in(page, "zone_yingkou_hr")
    page.goto(f"/powers/delegations/{coastal.pk}/")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    move(page, "缓放", document_no="营沿基函〔2025〕12号", reason="登记人员尚未到位", fallback_mode="派驻人员")
    expect(page.get_by_test_id("delegation-status")).to_have_text("缓放")
    assert asked and asked[0].startswith("确定对“") and asked[0].endswith("缓放？")
    expect(page.get_by_test_id("delegation-log")).to_contain_text("营沿基函〔2025〕12号")
    expect(page.get_by_test_id("delegation-log")).to_contain_text("派驻人员")

    # the ETDZ takes it on (no zone officer of its own in the demo: the province acts for it)
    sign_in(page, "province_admin")
    page.goto(f"/powers/delegations/{etdz.pk}/")
    move(page, "承接", document_no="营经开发〔2025〕7号")
    expect(page.get_by_test_id("delegation-status")).to_have_text("已承接")

    # the department evaluates the ETDZ's delegation for last year
    sign_in(page, "dept_market")
    page.goto(f"/powers/delegations/{etdz.pk}/")
    form = page.get_by_test_id("evaluation-form")
    form.get_by_label("评估期").fill(str(start.year))
    form.get_by_label("办件量").fill("37")
    form.get_by_label("按时办结率(%)").fill("97.5")
    form.locator("[name=rating]").select_option(label="好")
    form.locator("[name=recommendation]").select_option(label="继续赋权")
    form.get_by_role("button", name="提交评估").click()
    expect(page.get_by_test_id("evaluations")).to_contain_text("97.50")

    # the province sees the ETDZ's taken-on figure move on its home
    sign_in(page, "province_admin")
    expect(etdz_row.locator("td.taken")).to_have_text(str(taken_before + 1))

    # the auditor prints Yingkou's list as it stood two years ago
    sign_in(page, "auditor")
    past = date(year - 2, 1, 1)
    page.goto(f"/powers/zones/yingkou-coastal/?as_of={past.isoformat()}")
    expect(page.get_by_test_id("register-day")).to_contain_text(past.isoformat())
    shown = page.get_by_test_id("register").locator("tbody tr[data-item]")
    codes = [row.get_attribute("data-item") for row in shown.all()]
    assert "LN-ZJ-011" in codes and "LN-SC-009" not in codes
    href = page.get_by_test_id("register-pdf").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = compact(response.body())
    assert all(code in text for code in codes)
    assert "LN-SC-009" not in text

    # ...and what the register, as recorded today, says about that day: the same powers
    page.goto("/powers/zones/yingkou-coastal/")
    page.get_by_test_id("recorded-link").click()
    form = page.get_by_test_id("recorded-filter")
    form.get_by_label("有效日期").fill(past.isoformat())
    form.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("recorded-day")).to_contain_text(past.isoformat())
    recorded = page.get_by_test_id("recorded").locator("tbody tr[data-item]")
    assert sorted(row.get_attribute("data-item") for row in recorded.all()) == sorted(codes)
    response = page.request.get(page.get_by_test_id("recorded-pdf").get_attribute("href"))
    assert response.status == 200 and all(code in compact(response.body()) for code in codes)

    # the province's panel links to every zone's figures, filtered by city
    sign_in(page, "province_admin")
    page.get_by_test_id("home-powers-all-zones").click()
    expect(page.get_by_test_id("zone-figures").locator('tr[data-zone="yingkou-etdz"] td.taken')).to_have_text(
        str(taken_before + 1)
    )

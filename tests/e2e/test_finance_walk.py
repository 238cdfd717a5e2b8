"""Zone finance in the browser (issue 12 "Done when"): city_yingkou sets a sharing agreement for
营口高新区, imports a year of revenue from Excel, opens the statement, sees each party's base and
increment parts summing exactly to the revenue, and prints it (the PDF read back)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from devzone.domain.money import allocate_list
from finance.models import Agreement, Revenue
from tests.e2e.test_imports_browser import choose
from tests.e2e.test_plan_workflow import sign_in
from tests.imports.workbooks import xlsx
from tests.reports.pdf import compact

D = Decimal
ZONE = "yingkou-hitech"


def year_of_revenue(year: int) -> bytes:
    rows: list[list[Any]] = [["开发区代码", "年度", "月份", "税种", "收入(元)"]]
    for label, total in (("增值税", "9000000.00"), ("企业所得税", "3000000.01")):
        for month, amount in enumerate(allocate_list(D(total), [1] * 12), start=1):
            rows.append([ZONE, year, month, label, str(amount)])
    return xlsx(rows, title="税收收入")


def test_agreement_import_statement_print(page: Any) -> None:
    year = timezone.localdate().year - 1
    sign_in(page, "city_yingkou")
    page.get_by_role("navigation").get_by_role("link", name="财政").click()
    page.get_by_test_id("finance-zones").locator(f'tr[data-zone="{ZONE}"]').get_by_role("link").first.click()

    # the agreement: 增值税 and 企业所得税, base 10 000 000.00, the increment mostly to the zone
    page.get_by_test_id("agreement-new").locator("summary").click()
    form = page.get_by_test_id("agreement-form")
    form.get_by_label("协议名称").fill("营口高新区财力分成协议")
    form.get_by_label("增值税", exact=True).check()
    form.get_by_label("企业所得税").check()
    form.get_by_label("基数年度").fill(str(year - 1))
    form.get_by_label("基数(元)").fill("10000000.00")
    for name, value in {
        "基数：市级(%)": "40",
        "基数：县(市、区)(%)": "20",
        "基数：开发区(%)": "40",
        "增量：市级(%)": "20",
        "增量：县(市、区)(%)": "10",
        "增量：开发区(%)": "70",
    }.items():
        form.get_by_label(name).fill(value)
    form.get_by_label("收入不足基数时").select_option("increment_ratios")
    form.get_by_label("起始年度").fill(str(year))
    form.get_by_role("button", name="保存协议").click()
    expect(page.get_by_test_id("agreements")).to_contain_text("营口高新区财力分成协议")
    assert Agreement.objects.filter(zone__code=ZONE, effective_from=year).count() == 1

    # a year of revenue from Excel
    page.get_by_test_id("revenue-import").click()
    choose(page, year_of_revenue(year), "税收收入.xlsx")
    expect(page.get_by_test_id("import-summary")).to_contain_text("新增 24")
    assert Revenue.objects.filter(zone__code=ZONE, year=year).count() == 24

    # the statement: each party's base and increment parts, summing exactly
    page.goto(f"/finance/zones/{ZONE}/?year={year}")
    page.get_by_test_id("open-statement").click()
    expect(page.get_by_test_id("statement-revenue-total")).to_have_text("12,000,000.01")
    zone_vat = page.get_by_test_id("statement-shares").locator('tr[data-party="zone"][data-tax-type="vat"]')
    expect(zone_vat.locator("td.base")).to_have_text("2,999,999.99")
    expect(zone_vat.locator("td.increment")).to_have_text("1,050,000.01")
    total = D(0)
    for row in page.get_by_test_id("statement-parties").locator("tbody tr").all():
        base, increment, whole = (
            D(row.locator(f"td.{c}").inner_text().replace(",", "")) for c in ("base", "increment", "total")
        )
        assert base + increment == whole
        total += whole
    assert total == D("12000000.01")

    # print it: the browser's print, and the PDF of SPEC §6
    page.evaluate("window.__printed = false; window.print = () => { window.__printed = true; }")
    page.get_by_test_id("statement-print").click()
    assert page.evaluate("window.__printed") is True
    href = page.get_by_test_id("statement-pdf").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = compact(response.body())
    for words in ("财力分成结算表", "营口高新区财力分成协议", "2,999,999.99", "1,050,000.01", "12,000,000.01"):
        assert words in text, words

"""The finance jobs that were API-only, in the browser: city_yingkou makes an incentive scheme
(a bad split first, refused beside the form), sets Yingkou's planned growth of city-level tax,
revises the coastal zone's sharing agreement from this year (a bad first year refused), and
registers a project under the new scheme; the province records a reward designation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from finance.models import Agreement, CityTaxPlan, IncentiveScheme, Project, RewardDesignation
from tests.e2e.test_plan_workflow import sign_in
from zones.models import Zone

ZONE = "yingkou-coastal"
SCHEME = "营口市招商激励（浏览器）"


def test_scheme_city_plan_revision_project_designation(page: Any) -> None:
    year = timezone.localdate().year
    sign_in(page, "city_yingkou")
    page.get_by_role("navigation").get_by_role("link", name="财政").click()

    # an incentive scheme: 10/30/30/29.99 is refused beside the form, 10/30/30/30 is saved
    page.get_by_test_id("finance-schemes").click()
    form = page.get_by_test_id("scheme-form")
    form.get_by_label("方案名称").fill(SCHEME)
    form.get_by_label("类别").select_option("attraction")
    form.get_by_label("分段方式").select_option("percent")
    for label, value in (("落地", "10"), ("开工", "30"), ("主体完工", "30"), ("竣工", "29.99")):
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name="保存方案").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("各阶段比例之和应为 100.00%，现为 99.99%")
    assert not IncentiveScheme.objects.filter(name=SCHEME).exists()
    form = page.get_by_test_id("scheme-form")
    form.get_by_label("竣工").fill("30")
    form.get_by_role("button", name="保存方案").click()
    expect(page.get_by_test_id("schemes").locator(f'tr[data-scheme="{SCHEME}"]')).to_contain_text("30.00%")

    # Yingkou's planned growth of city-level tax for this year
    page.get_by_role("navigation").get_by_role("link", name="财政").click()
    page.get_by_test_id("finance-city-plans").click()
    form = page.get_by_test_id("city-plan-form")
    form.get_by_label("年度").fill(str(year))
    form.get_by_label("市级税收计划增速(%)").fill("6.80")
    form.get_by_role("button", name="保存").click()
    row = page.get_by_test_id("city-plans").locator(f'tr[data-city="210800"][data-year="{year}"]')
    expect(row.locator("td.pct")).to_have_text("6.80")
    assert CityTaxPlan.objects.get(city__code="210800", year=year).planned_growth_percent == Decimal("6.80")

    # the coastal zone's agreement, revised from this year on
    page.goto(f"/finance/zones/{ZONE}/")
    latest = Agreement.objects.filter(zone__code=ZONE, superseded_by__isnull=True).order_by("-effective_from").first()
    assert latest is not None
    page.get_by_test_id("agreement-version-links").locator(f'a[data-agreement="{latest.pk}"]').click()
    form = page.get_by_test_id("revise-form")
    form.get_by_label("新版本起始年度").fill(str(latest.effective_from))
    form.get_by_role("button", name="保存修订").click()
    field = page.get_by_test_id("revise-form").locator('[data-field="effective_from"]')
    expect(field).to_contain_text("应晚于当前版本的起始年度")
    form = page.get_by_test_id("revise-form")
    form.get_by_label("新版本起始年度").fill(str(year))
    for label, value in (("增量：市级(%)", "10"), ("增量：县(市、区)(%)", "5"), ("增量：开发区(%)", "85")):
        form.get_by_label(label).fill(value)
    form.get_by_label("文号").fill(f"营政办发〔{year}〕7号")
    form.get_by_role("button", name="保存修订").click()
    versions = page.get_by_test_id("agreement-versions")
    new = latest.version + 1
    expect(versions.locator(f'tr[data-version="{new}"] td.years')).to_have_text(f"{year}—至今")
    expect(versions.locator(f'tr[data-version="{latest.version}"] td.years')).to_contain_text(f"—{year - 1}")
    revised = Agreement.objects.get(supersedes=latest)
    assert revised.increment_ratios == {"city": "10.00", "county": "5.00", "zone": "85.00"}
    assert revised.history.get().history_user.username == "city_yingkou"

    # a project under the new scheme
    page.goto(f"/finance/zones/{ZONE}/")
    page.get_by_test_id("project-new-link").click()
    form = page.get_by_test_id("project-form")
    form.get_by_label("项目名称").fill("浏览器登记的新材料项目")
    form.get_by_label("投资方").fill("某新材料有限公司")
    form.get_by_label("投资额(元)").fill("120000000")
    form.get_by_label("激励方案").select_option(label=SCHEME)
    form.get_by_label("激励总额(元)").fill("1000000.01")
    form.get_by_role("button", name="登记项目").click()
    expect(page.get_by_test_id("stages").locator("tbody tr")).to_have_count(4)
    project = Project.objects.get(name="浏览器登记的新材料项目")
    assert sum((s.due_amount for s in project.stages.all()), Decimal(0)) == Decimal("1000000.01")

    # the province records a designation for a year without a published ranking
    sign_in(page, "province_admin")
    page.goto("/finance/")
    page.get_by_test_id("finance-designations").click()
    zone = Zone.objects.get(code=ZONE)
    form = page.get_by_test_id("designation-form")
    form.get_by_label("开发区").select_option(ZONE)
    form.get_by_label("排名年度").fill(str(year - 5))
    form.get_by_label("排名范围").select_option("national" if zone.level == "national" else "provincial")
    form.get_by_label("名次").fill("2")
    form.get_by_label("参评总数").fill("80")
    form.get_by_label("排名依据").fill(f"{year - 5}年度全省开发区综合考核")
    form.get_by_role("button", name="记录").click()
    expect(
        page.get_by_test_id("designations").locator(f'tr[data-zone="{ZONE}"][data-year="{year - 5}"]')
    ).to_be_visible()
    assert RewardDesignation.objects.get(zone=zone, ranking_year=year - 5).recorded_by.username == "province_admin"

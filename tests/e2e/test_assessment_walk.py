"""Assessment "Done when" in the browser (issue 13) with a real Celery worker: the province edits
an indicator value for a demo zone; within seconds the ranking page (opened before, never
reloaded), that zone's grade and its pay pool change without any button; the API says
``stale: true``, then ``false`` with the new figures."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from assessment.models import Benchmark, DistributionPlan, Indicator, RuleSet
from tests.assessment.helpers import YEAR, by_zone, pools, results
from tests.e2e.test_plan_workflow import sign_in

pytestmark = pytest.mark.services

DEBOUNCE = 2.0  # wide enough for the test to read ``stale: true`` before the worker runs


def test_an_edited_value_reaches_ranking_grade_and_pool_without_a_button(
    page: Any, browser: Any, demo_live: Any, make_celery_worker: Callable, api_as: Callable, settings: Any
) -> None:
    settings.RECOMPUTE_DEBOUNCE_SECONDS = DEBOUNCE
    make_celery_worker(env={"RECOMPUTE_DEBOUNCE_SECONDS": str(DEBOUNCE)})
    api = api_as("province_admin")
    before = by_zone(results(api, "provincial"))["yingkou-coastal"]
    assert before["grade"] == "excellent" and before["stale"] is False
    assert pools(api, "yingkou-coastal")["capped"] is True

    # a second tab shows the ranking, opened before the change and never reloaded
    sign_in(page, "province_admin")
    ranking = page.context.new_page()
    ranking.goto(f"/assessment/?year={YEAR}")
    coastal_row = ranking.locator('section[data-group="provincial"] tr[data-zone="yingkou-coastal"]')
    expect(coastal_row.locator("td.grade")).to_have_text("优秀")
    score_before = coastal_row.locator("td.num").first.inner_text()
    # a third tab shows the zone's distribution plan, a draft (the demo's, not yet filed)
    plan = DistributionPlan.objects.get(zone__code="yingkou-coastal", year=YEAR)
    DistributionPlan.objects.filter(pk=plan.pk).update(state="draft", filed_at=None, filed_by=None)
    plan_tab = page.context.new_page()
    plan_tab.goto(f"/assessment/plans/{plan.pk}/")
    expect(plan_tab.get_by_test_id("pool-total")).to_have_text(f"{plan.pool_total:,.2f}")

    # the province enters a much lower 实际使用外资 for the coastal base
    page.goto(f"/assessment/zones/yingkou-coastal/?year={YEAR}")
    expect(page.get_by_test_id("grade")).to_have_text("优秀")
    expect(page.get_by_test_id("capped")).to_be_visible()
    form = page.get_by_test_id("value-form")
    fdi = Indicator.objects.get(dimension__system__year=YEAR, dimension__system__group="provincial", code="ln-fdi")
    form.locator("[name=indicator]").select_option(str(fdi.pk))
    form.locator("[name=value]").fill("0")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存，考核结果将自动重新计算。")).to_be_visible()

    # the API says stale at once …
    assert by_zone(results(api, "provincial"))["yingkou-coastal"]["stale"] is True
    assert pools(api, "yingkou-coastal")["stale"] is True
    expect(page.get_by_test_id("stale").first).to_be_visible()

    # … and within seconds, with no button: the sheet's grade and pool, the other tab's ranking
    expect(page.get_by_test_id("grade")).to_have_text("良好", timeout=45_000)
    expect(page.get_by_test_id("capped")).to_have_count(0)
    bench = Benchmark.objects.get(zone__code="yingkou-coastal", year=YEAR)
    good = RuleSet.objects.filter(effective_year__lte=YEAR).order_by("-effective_year").first().coefficient_good
    expected = f"{(bench.benchmark_per_capita * bench.headcount * good).quantize(Decimal('0.01'))}"
    expect(page.get_by_test_id("pool-total")).to_have_text(f"{Decimal(expected):,.2f}")  # the page formats money
    expect(coastal_row.locator("td.grade")).to_have_text("良好", timeout=45_000)
    assert coastal_row.locator("td.num").first.inner_text() != score_before
    expect(ranking.get_by_test_id("stale")).to_have_count(0)

    # the chain's last link: the draft plan, never reloaded, now splits the new pool (ADR 0505);
    # filing it asks first, then locks it
    expect(plan_tab.get_by_test_id("pool-total")).to_have_text(f"{Decimal(expected):,.2f}", timeout=45_000)
    expect(plan_tab.get_by_test_id("distributed")).to_have_text(f"{Decimal(expected):,.2f}")
    asked: list[str] = []
    plan_tab.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    plan_tab.get_by_test_id("plan-file").click()
    expect(plan_tab.get_by_test_id("state")).to_have_text("已报市备案（锁定）")
    assert asked == [f"确定将 {plan.zone.name} {YEAR} 年度绩效薪酬分配方案报市备案？"]
    expect(plan_tab.get_by_test_id("plan-file")).to_have_count(0)

    after = by_zone(results(api, "provincial"))["yingkou-coastal"]
    assert after["stale"] is False and after["grade"] == "good" and after["version"] > before["version"]
    pool = pools(api, "yingkou-coastal")
    assert pool["stale"] is False and pool["grade"] == "good" and pool["capped"] is False
    assert pool["pool_total"] == expected


def test_a_zone_officer_grades_with_the_breakdown_and_closes_in_the_browser(page: Any) -> None:
    """Internal grades in the browser (ADR 0504): the five part scores give the total by the rule
    set's weights; closing refuses a quota breach with the counts, then closes."""
    from assessment import rules, services
    from assessment.models import RuleSet
    from staffing.models import Staff

    year = YEAR + 1
    people = list(Staff.objects.filter(zone__code="yingkou-coastal").order_by("name", "id")[:2])
    rule_set = services.rule_set_for(year)
    RuleSet.objects.filter(pk=rule_set.pk).update(internal_s_quota_pct=Decimal(50))  # 2 graded: at most 1 S
    parts = dict(zip(rules.PARTS, (Decimal(90), Decimal(80), Decimal(100), Decimal(60), Decimal(70)), strict=True))
    total = rules.internal_score(parts, services.internal_weights(services.rule_set_for(year)))
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))  # close asks first
    sign_in(page, "zone_yingkou_hr")
    page.goto(f"/assessment/internal/yingkou-coastal/?year={year}")
    for person in people:
        form = page.get_by_test_id("staff-grade-form")
        form.locator("[name=staff-target]").select_option(str(person.pk))
        form.locator("[name=staff-grade]").select_option("S")
        for key, value in parts.items():
            form.locator(f"[name=staff-{key}]").fill(str(value))
        form.get_by_role("button", name="保存个人等次").click()
        expect(page.get_by_text("考核等次已保存。")).to_be_visible()
    rows = page.get_by_test_id("staff-grades")
    expect(rows.locator("tr", has_text=people[0].name).locator("td.num").last).to_have_text(str(total))
    page.get_by_test_id("internal-close").click()
    expect(page.get_by_text("S 等次 2 个")).to_be_visible()
    expect(page.get_by_text("共 2 个，最多 1 个")).to_be_visible()
    expect(page.get_by_test_id("internal-state")).to_contain_text("录入中")
    form = page.get_by_test_id("staff-grade-form")
    form.locator("[name=staff-target]").select_option(str(people[1].pk))
    form.locator("[name=staff-grade]").select_option("A")
    for key, value in parts.items():
        form.locator(f"[name=staff-{key}]").fill(str(value))
    form.get_by_role("button", name="保存个人等次").click()
    page.get_by_test_id("internal-close").click()
    expect(page.get_by_test_id("internal-state")).to_contain_text("已关闭")
    assert asked == [f"确定关闭 {year} 年度内部考核？"] * 2
    expect(page.get_by_test_id("staff-grade-form")).to_have_count(0)

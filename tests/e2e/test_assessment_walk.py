"""Assessment "Done when" in the browser (issue 13) with a real Celery worker: the province edits
an indicator value for a demo zone; within seconds the ranking page (opened before, never
reloaded), that zone's grade and its pay pool change without any button; the API says
``stale: true``, then ``false`` with the new figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from assessment.models import Indicator
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
    expect(page.get_by_test_id("pool-total")).to_have_text("23,400,000.00")
    expect(coastal_row.locator("td.grade")).to_have_text("良好", timeout=45_000)
    assert coastal_row.locator("td.num").first.inner_text() != score_before
    expect(ranking.get_by_test_id("stale")).to_have_count(0)

    after = by_zone(results(api, "provincial"))["yingkou-coastal"]
    assert after["stale"] is False and after["grade"] == "good" and after["version"] > before["version"]
    pool = pools(api, "yingkou-coastal")
    assert pool["stale"] is False and pool["grade"] == "good" and pool["capped"] is False
    assert pool["pool_total"] == "23400000.00"

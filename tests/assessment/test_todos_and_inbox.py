"""Assessment's 待办 and inbox (ADR 0504): missing values before a year can close (zone officers,
the province), the distribution plan to file; a recompute that changes a zone's grade and a
published year reach the right inboxes. 待办 at a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import events, recompute, services
from assessment.models import DistributionPlan, Indicator, IndicatorValue, PlanState, ZoneResult
from assessment.todos import assessment_todos
from devzone.inbox.models import Notification
from tests.assessment.helpers import YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def todos(name: str, kind: str) -> list[Any]:
    return [t for t in assessment_todos(user(name)) if t.kind == kind]


def drop_values(zone: str, n: int) -> list[str]:
    rows = list(
        IndicatorValue.objects.filter(zone__code=zone, year=YEAR, period="Y", indicator__source="entered").order_by(
            "indicator__dimension__order", "indicator__order"
        )[:n]
    )
    for row in rows:
        row.delete()
    if rows:  # values have no delete path in the portal; a change to one owes the recompute, as here
        services.owe_for_zones([rows[0].zone], [YEAR])
    return [r.indicator.name for r in rows]


def queries(name: str) -> int:
    u = user(name)
    with CaptureQueriesContext(connection) as ctx:
        assessment_todos(u)
    return len(ctx.captured_queries)


def test_missing_values_are_the_zone_officers_and_the_provinces_todo() -> None:
    assert todos("zone_yingkou_hr", "assessment.values") == []
    assert [str(t.title) for t in todos("province_admin", "assessment.year.ready")] == [
        f"{YEAR} 年度考核数据已齐，可关闭并公布"
    ]
    base_officer, base_province = queries("zone_yingkou_hr"), queries("province_admin")
    names = drop_values("yingkou-coastal", 1)
    mine = todos("zone_yingkou_hr", "assessment.values")
    assert len(mine) == 1 and "尚缺 1 项" in str(mine[0].title) and names[0] in str(mine[0].detail)
    assert mine[0].url == f"/assessment/zones/yingkou-coastal/?year={YEAR}"
    assert todos("zone_dalian_hr", "assessment.values") == []
    assert todos("city_yingkou", "assessment.values") == []  # the city does not enter values
    # more missing values, in more zones: the same number of queries
    drop_values("yingkou-coastal", 3)
    drop_values("dalian-etdz", 4)
    drop_values("jinzhou-hitech", 2)
    assert "尚缺 4 项" in str(todos("zone_yingkou_hr", "assessment.values")[0].title)
    assert queries("zone_yingkou_hr") == base_officer
    province = todos("province_admin", "assessment.year.missing")  # owed a recompute: counted from the values
    assert len(province) == 1 and "3 个开发区尚缺指标数值" in str(province[0].title)
    assert province[0].url == f"/assessment/years/{YEAR}/"
    recompute.pay_owed()  # once computed, the count is the results' (one query, whatever the zones)
    province = todos("province_admin", "assessment.year.missing")
    assert len(province) == 1 and "3 个开发区尚缺指标数值" in str(province[0].title)
    assert queries("province_admin") <= base_province
    from assessment.selectors import missing_values, zones_missing_values

    assert zones_missing_values(YEAR) == len(missing_values(YEAR)) == 3


def test_a_plan_to_file_is_the_zone_officers_todo() -> None:
    assert todos("zone_yingkou_hr", "assessment.plan") == []  # the demo's plan is filed
    DistributionPlan.objects.filter(zone__code="yingkou-coastal", year=YEAR).update(state=PlanState.DRAFT)
    mine = todos("zone_yingkou_hr", "assessment.plan")
    assert len(mine) == 1 and "分配方案待编制并报市备案" in str(mine[0].title)
    assert mine[0].url == f"/assessment/internal/yingkou-coastal/?year={YEAR}"
    assert todos("zone_dalian_hr", "assessment.plan") == []


def test_a_recompute_that_changes_a_grade_tells_the_zone_and_its_city() -> None:
    def mine(name: str) -> list[Notification]:
        return list(Notification.objects.filter(recipient=user(name), kind=events.GRADE_CHANGED))

    assert mine("zone_yingkou_hr") == []
    recompute.pay_owed()
    fdi = Indicator.objects.get(dimension__system__year=YEAR, dimension__system__group="provincial", code="ln-fdi")
    grade = ZoneResult.objects.get(result_set__is_current=True, zone__code="yingkou-coastal", year=YEAR).grade
    services.save_value(user=user("province_admin"), zone=fdi_zone(), indicator=fdi, value=0)
    recompute.pay_owed()
    after = ZoneResult.objects.get(result_set__is_current=True, zone__code="yingkou-coastal", year=YEAR).grade
    assert after != grade, "the demo's coastal base drops a grade without 实际使用外资"
    for name in ("zone_yingkou_hr", "city_yingkou"):
        got = mine(name)
        assert len(got) == 1 and "营口" in got[0].title and "第 " in got[0].title
        assert got[0].url == f"/assessment/zones/yingkou-coastal/?year={YEAR}"
    assert mine("zone_dalian_hr") == [] and mine("city_dalian") == []
    # the same inputs again: no new result set, no new message
    services.save_value(user=user("province_admin"), zone=fdi_zone(), indicator=fdi, value=0)
    recompute.pay_owed()
    assert len(mine("zone_yingkou_hr")) == 1


def fdi_zone() -> Any:
    from zones.models import Zone

    return Zone.objects.get(code="yingkou-coastal")


def test_publishing_a_year_tells_the_zone_and_city_officers() -> None:
    closed = YEAR - 1
    services.reopen_year(user=user("province_admin"), year=closed, reason="更正")
    recompute.pay_owed()
    services.close_year(user=user("province_admin"), year=closed)
    told = set(
        Notification.objects.filter(kind=events.YEAR_PUBLISHED, url=f"/assessment/?year={closed}").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"zone_yingkou_hr", "zone_dalian_hr", "city_yingkou", "city_dalian"} <= told
    assert "province_admin" not in told


def test_the_home_panel_is_bounded_whatever_the_scope() -> None:
    """The province home draws the top and the bottom of each group and the largest pools, with
    the totals summed in SQL: the same queries and at most 2 × 20 + 15 bars for any province."""
    from assessment import selectors
    from assessment.models import PayPool

    admin = user("province_admin")
    with CaptureQueriesContext(connection) as ctx:
        panel = selectors.home_figures(admin)
    assert panel is not None and len(ctx.captured_queries) <= 12  # roles, scope, year, 4 ranking slices, sums, pools
    limit = 2 * (selectors.HOME_TOP + selectors.HOME_BOTTOM)
    assert 0 < len(panel["ranking"]) <= limit and len(panel["pools"]) <= selectors.HOME_POOLS
    current = PayPool.objects.filter(year=panel["year"], result_set__is_current=True)
    assert panel["pool_count"] == current.count()
    assert panel["pool_total"] == sum(p.pool_total for p in current)
    assert panel["capped"] == current.filter(capped=True).count()
    ranks = [(r["group"], r["zone"]) for r in panel["ranking"]]
    assert len(set(ranks)) == len(ranks)  # a small group's top and bottom overlap: no zone twice

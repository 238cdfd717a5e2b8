"""The role homes (issue 14): number cards that link to the filtered lists behind them, 待办 from
every app's provider, only what exists, at a fixed number of queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from devzone.tenancy import visible_zones
from devzone.web import todos
from devzone.web.nav import home_panels
from tests.conftest import DEMO_USERS
from tests.zones import plan_factories
from zones.models import Plan

pytestmark = pytest.mark.django_db

# Pages the old homes promised without anything behind them.
GONE = ["年度考核与排名", "管理财力分成协议", "岗位、人员、竞聘、财政"]


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def figure(html: str, testid: str) -> tuple[int, str]:
    """The value and link of one number card."""
    match = re.search(rf'href="([^"]+)" data-testid="{testid}"><span class="figure-value">(\d+)</span>', html)
    assert match, f"no card {testid}"
    return int(match.group(2)), match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_home_shows_figures_that_match_their_lists(
    as_user: Any, username: str, django_assert_max_num_queries: Any
) -> None:
    client = as_user(username)
    # Every app's panels and 待办 on one page (each is held to a fixed count in its own tests and
    # the next test keeps the whole flat as rows grow); this is the page's budget. The province
    # admin's is the largest: 51 with the demo's two open assessment years.
    with django_assert_max_num_queries(56):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for promise in GONE:
        assert promise not in html
    zones = visible_zones(user(username))
    national = zones.filter(level="national").count()
    value, url = figure(html, "figure-level-national")
    assert value == national
    assert url == "/zones/?level=national"
    listed = client.get(url)
    assert listed.status_code == 200
    for code in zones.filter(level="national").values_list("code", flat=True)[:5]:
        assert f"/zones/{code}/" in listed.content.decode()
    value, url = figure(html, "figure-status-active")
    assert value == zones.filter(status="active").count()
    plans = Plan.objects.filter(zone__in=zones)
    if plans.exists():
        value, url = figure(html, "figure-plan-state-approved")
        assert value == plans.filter(state="approved").count()
        assert url == "/plans/?state=approved"
        assert client.get(url).status_code == 200


def test_the_home_takes_the_same_queries_with_more_plans(as_user: Any, django_assert_max_num_queries: Any) -> None:
    client = as_user("province_staff")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get("/")
    for zone in ("yingkou-hitech", "yingkou-etdz", "dalian-etdz"):
        by = "city_dalian" if zone.startswith("dalian") else "city_yingkou"
        plan_factories.submitted(zone=zone, by=by, dispatched_agencies=[])
    with CaptureQueriesContext(connection) as after:
        html = client.get("/").content.decode()
    assert len(after.captured_queries) <= len(before.captured_queries)
    assert html.count('data-kind="plans.review"') == 4  # the demo's 长兴岛 plan and these three


def test_the_province_reviewer_has_the_waiting_plan_to_do(as_user: Any) -> None:
    waiting = Plan.objects.get(zone__code="dalian-changxing", state="submitted")
    html = as_user("province_staff").get("/").content.decode()
    assert 'data-testid="home-todos"' in html
    assert f'href="/plans/{waiting.pk}/"' in html
    assert "审核 大连长兴岛经济技术开发区 一区一策方案第" in html
    # the city that drafted it has nothing to do about it; the other city never sees it
    assert f"/plans/{waiting.pk}/" not in as_user("city_yingkou").get("/").content.decode()


def test_a_returned_plan_is_the_citys_to_do(as_user: Any) -> None:
    plan = plan_factories.returned()
    items = [t for t in todos.todos_for(user("city_yingkou")) if t.kind == "plans.returned"]
    assert [t.url for t in items] == [f"/plans/{plan.pk}/"]
    assert not [t for t in todos.todos_for(user("province_staff")) if t.url == f"/plans/{plan.pk}/"]
    html = as_user("city_yingkou").get("/").content.decode()
    assert "按审核意见修改" in html


@pytest.mark.parametrize("username", ["dept_market", "province_admin"])
def test_the_granting_sides_to_dos_are_its_evaluations_owed(demo: Any, username: str) -> None:
    from powers.selectors import evaluations_owed

    owed = evaluations_owed(user(username))
    items = {t.kind: t for t in todos.todos_for(user(username)) if t.kind.startswith("powers.evaluation")}
    for key in ("overdue", "due"):
        if owed[key]:
            item = items[f"powers.evaluation.{key}"]
            assert f" {len(owed[key])} 项" in str(item.title)
            assert item.url == "/powers/evaluations/" and item.due == owed[key][0].due_on
        else:
            assert f"powers.evaluation.{key}" not in items
    if username == "province_admin":
        assert items  # the demo has evaluations owed in the province


def test_deferred_powers_are_the_zones_to_dos(demo: Any) -> None:
    deferred = [t for t in todos.todos_for(user("zone_yingkou_hr")) if t.kind == "powers.deferred"]
    assert len(deferred) == 3  # the demo's three deferred powers of the 营口 coastal base
    assert not [t for t in todos.todos_for(user("zone_dalian_hr")) if t.kind == "powers.deferred" and "营口" in t.title]
    assert todos.todos_for(user("auditor")) == []


def test_a_provider_plugs_in_and_dated_items_come_first(demo: Any) -> None:
    from datetime import date

    seen: list[Any] = []

    def provider(u: Any) -> list[todos.Todo]:
        seen.append(u)
        return [
            todos.Todo(title="无期限", url="/a/", kind="test.a"),
            todos.Todo(title="逾期", url="/b/", due=date(2020, 1, 1), kind="test.b"),
        ]

    todos.register_todos("zz-test", provider)
    try:
        items = todos.todos_for(user("auditor"))
        assert [t.title for t in items][:1] == ["逾期"]
        assert items[0].overdue(date.today())
    finally:
        todos._providers.pop("zz-test")


def test_register_home_panel_keeps_its_signature(demo: Any) -> None:
    from devzone.web.nav import _panels, register_home_panel

    register_home_panel("web/_figures.html", lambda u: None, 5)  # what the domain apps call
    try:
        assert all(t != "web/_figures.html" or c for t, c in home_panels(user("auditor")))
    finally:
        _panels.pop("web/_figures.html")

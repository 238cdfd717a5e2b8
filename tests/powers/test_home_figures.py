"""The register's figures on the role homes (issue 10), aggregated in SQL: a fixed number of
queries and bounded rows whatever the scope (at 2 543 zones the province admin's home listed
every zone), totals matching the lists they link to, the full per-zone list on its own page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.web import todos
from powers import selectors
from powers import todos as power_todos
from powers.models import Delegation

pytestmark = pytest.mark.django_db


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def queries(fn: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def test_figures_take_the_same_queries_for_one_zone_and_the_province(demo: None) -> None:
    selectors.figures(user("city_dalian"))  # warm the process's caches (content types, permissions)
    two_zones = queries(lambda: selectors.figures(user("auditor")))  # two zones in two cities
    province = queries(lambda: selectors.figures(user("province_admin")))
    one_city = queries(lambda: selectors.figures(user("zone_yingkou_hr")))
    assert two_zones == province <= 8
    assert one_city == province - 1  # a single city: no city table


def test_the_panel_is_bounded_and_links_to_the_full_list(client: Any, demo: None, monkeypatch: Any) -> None:
    admin = user("province_admin")
    figures = selectors.figures(admin, top=2)
    every = Delegation.objects.filter(zone__city__parent__code="210000")
    assert figures["zone_count"] == every.values("zone").distinct().count() > 2
    assert len(figures["zones"]) == 2 and len(figures["cities"]) <= 2
    # the top zones are those with most powers still to take on (delegated or deferred)
    pending = [z["counts"]["delegated"] + z["counts"]["deferred"] for z in figures["zones"]]
    assert pending == sorted(pending, reverse=True)
    assert figures["totals"]["total"] == every.count()
    for status in ("delegated", "taken_on", "deferred", "withdrawn"):
        assert figures["totals"][status] == every.filter(status=status).count(), status
        assert sum(d[status] for d in figures["domains"].values()) == figures["totals"][status]
    market = every.filter(item__domain="market")
    assert figures["domains"]["market"]["taken_on"] == market.filter(status="taken_on").count()

    monkeypatch.setattr(selectors, "HOME_TOP", 2)
    client.force_login(admin)
    home = client.get("/").content.decode()
    panel = home.split('data-testid="home-powers"')[1].split("</section>")[0]
    assert panel.count("<tr data-zone=") == 2
    assert f"全部 {figures['zone_count']} 个开发区的赋权情况" in panel and 'href="/powers/figures/"' in panel
    listed = client.get("/powers/figures/").content.decode()
    assert listed.count("<tr data-zone=") == figures["zone_count"]
    yingkou = client.get("/powers/figures/?city=210800").content.decode()
    assert 'data-zone="yingkou-coastal"' in yingkou and 'data-zone="dalian-changxing"' not in yingkou
    full = client.get("/powers/figures/?chain=full").content.decode()
    assert full.count("<tr data-zone=") == figures["full_chain"] >= 1 and 'data-zone="yingkou-coastal"' in full
    assert client.get("/powers/figures/?chain=nonsense").status_code == 400
    deferred = client.get("/powers/delegations/?status=deferred").content.decode()
    assert deferred.count("<tr data-delegation=") == figures["totals"]["deferred"]
    assert client.get("/powers/delegations/?status=nonsense").status_code == 400


def test_the_full_chain_is_the_five_stages_taken_on(demo: None) -> None:
    zones = {z["code"]: z for z in selectors.figures(user("province_admin"))["zones"]}
    coastal = zones["yingkou-coastal"]
    assert coastal["full_chain"] and all(coastal["stages"].values())
    etdz = zones["yingkou-etdz"]
    assert not etdz["full_chain"] and etdz["stages"]["works_planning"] is False
    held = selectors.figures(user("province_admin"))["stages"]
    taken = Delegation.objects.filter(status="taken_on", item__stage="works_planning")
    assert held["works_planning"] == taken.values("zone").distinct().count()
    panel = selectors.home_figures(user("province_admin"))
    assert panel is not None and ("工程建设许可", held["works_planning"]) in panel["stage_rows"]


def test_overdue_evaluations_for_the_department_and_the_province(demo: None) -> None:
    """A year after this one, every delegation in force this year is overdue: the department
    counts its own only, the province all of them."""
    later = date(date.today().year + 1, 6, 1)
    dept = selectors.owed_counts(user("dept_market"), today=later)
    province = selectors.owed_counts(user("province_admin"), today=later)
    owing = selectors.evaluations_owed(user("dept_market"), today=later)["overdue"]
    assert dept["overdue"] == len(owing) > 0 and province["overdue"] > dept["overdue"]
    assert {d.item.granting_department for d in owing} == {"市场监管"}


def test_many_deferred_powers_are_one_to_do_linking_to_the_list(demo: None, monkeypatch: Any) -> None:
    monkeypatch.setattr(power_todos, "DEFERRED_ONE_BY_ONE", 2)
    items = [t for t in todos.todos_for(user("zone_yingkou_hr")) if t.kind == "powers.deferred"]
    assert len(items) == 1 and "缓放事项 3 项" in str(items[0].title)
    assert items[0].url == "/powers/delegations/?status=deferred"

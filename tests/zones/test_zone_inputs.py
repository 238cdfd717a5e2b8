"""Zone inputs take a typed code with suggestions, not a select of every zone in scope (issue 9)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zones.models import Zone

pytestmark = pytest.mark.django_db


def logged_in(client: Any, username: str) -> Any:
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_suggestions_come_from_the_users_scope_only(client: Any, demo: Any) -> None:
    logged_in(client, "city_dalian")
    found = json.loads(client.get("/zones/suggest/?q=dalian").content)["results"]
    assert {z["code"] for z in found} == {"dalian-etdz", "dalian-hitech", "dalian-changxing", "dalian-zhuanghe"}
    assert json.loads(client.get("/zones/suggest/?q=yingkou").content)["results"] == []
    by_name = json.loads(client.get("/zones/suggest/?q=" + Zone.objects.get(code="dalian-hitech").name[:4]).content)
    assert "dalian-hitech" in {z["code"] for z in by_name["results"]}
    assert json.loads(client.get("/zones/suggest/").content)["results"] == []


def test_the_plan_pages_list_no_zone_options(client: Any, demo: Any) -> None:
    for username, path in (("province_admin", "/plans/"), ("city_yingkou", "/plans/new/")):
        html = logged_in(client, username).get(path).content.decode()
        assert 'data-zone-suggest="/zones/suggest/"' in html
        assert "yingkou-coastal</option>" not in html and 'value="yingkou-coastal"' not in html


def test_the_plan_list_page_costs_the_same_for_more_zones(client: Any, demo: Any) -> None:
    logged_in(client, "province_admin")

    def count() -> int:
        client.get("/plans/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/plans/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    base = Zone.objects.get(code="yingkou-coastal")
    for k in range(30):
        Zone.objects.create(code=f"inp-{k}", name=f"输入{k}", kind=base.kind, level=base.level, city=base.city)
    assert count() == before


def test_drafting_for_a_zone_out_of_scope_is_refused_on_the_form(client: Any, demo: Any) -> None:
    logged_in(client, "city_dalian")
    response = client.post("/plans/new/", {"zone": "yingkou-coastal"})
    assert response.status_code in (200, 400)
    assert "没有您可以起草方案的开发区“yingkou-coastal”" in response.content.decode()

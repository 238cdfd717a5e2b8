"""The change list costs the same number of queries for 5 changes as for 50 (no per-row queries)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.audit.context import ChangePath, change_path
from devzone.audit.selectors import change_list
from tests.audit.conftest import user
from zones.models import Zone, ZoneArea


def make_changes(n: int, start: int) -> None:
    zone = Zone.objects.get(code="yingkou-coastal")
    area = ZoneArea.objects.get(zone=zone, slug="planned")
    with change_path(ChangePath.API, user=user("city_yingkou")):
        for i in range(start, start + n):
            zone.leading_industries = f"主导产业第{i}版"
            zone.county = None if i % 2 else zone.city.children.first()
            zone.save()
            area.declared_km2 = Decimal("120") + i
            area.save()


def measure(api_as: Any) -> tuple[int, int, int, int, set[str]]:
    client = api_as("auditor")
    with CaptureQueriesContext(connection) as api_queries:
        response = client.get("/api/v1/history/", {"zone": "yingkou-coastal", "page_size": 500})
    assert response.status_code == 200
    auditor = user("auditor")
    with CaptureQueriesContext(connection) as selector_queries:
        rows = list(change_list(auditor, {"zone": "yingkou-coastal"}))
    assert len(rows) == response.data["count"]
    types = {r.model for r in rows}
    return len(response.data["results"]), len(api_queries), len(rows), len(selector_queries), types


def test_list_query_count_does_not_grow_with_rows(api_as: Any) -> None:
    measure(api_as)  # warm the per-process caches (content types) out of the comparison
    make_changes(5, 0)
    shown_5, api_5, rows_5, selector_5, types = measure(api_as)
    make_changes(45, 5)
    shown_50, api_50, rows_50, selector_50, _types = measure(api_as)

    assert (shown_5, shown_50) == (rows_5, rows_50)
    assert rows_50 - rows_5 == 90  # 45 more zone changes and 45 more area changes
    assert api_50 == api_5
    assert selector_50 == selector_5
    # The demo zone's history spans the zone, its areas, the registry (companies, social
    # functions, plots) and the plan with its bodies, agencies and establishment.
    assert {"zones.zone", "zones.zonearea", "zones.landplot", "zones.plan"} <= types
    # zone, memberships, count, keys; versions + predecessors per record type on the page;
    # labels of the related records shown (zones, areas, regions, users, plans, establishments,
    # parent companies); zone codes
    assert selector_5 <= 4 + 2 * len(types) + 7 + 1

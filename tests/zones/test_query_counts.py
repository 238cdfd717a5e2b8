"""List pages and API lists run a fixed number of queries whatever the row count."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zones.models import Region, Zone


def add_zones(start: int, n: int) -> None:
    city = Region.objects.get(code="210800")
    county = Region.objects.get(code="210804")
    for i in range(start, start + n):
        Zone.objects.create(
            code=f"bulk-{i}", name=f"批量开发区{i}", kind="provincial_edz", level="provincial", city=city, county=county
        )


def count_queries(call: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_zone_api_list_and_page_query_count_is_fixed(api_as: Any, client: Any) -> None:
    api = api_as("city_yingkou")
    client.force_login(get_user_model().objects.get(username="city_yingkou"))
    add_zones(0, 3)
    api.get("/api/v1/zones/")  # warm caches (content types) before counting
    client.get("/zones/")  # the page's permission lookup fills the content-type cache once per process
    small = (
        count_queries(lambda: api.get("/api/v1/zones/?page_size=500")),
        count_queries(lambda: client.get("/zones/")),
    )
    add_zones(3, 60)
    large = (
        count_queries(lambda: api.get("/api/v1/zones/?page_size=500")),
        count_queries(lambda: client.get("/zones/")),
    )
    assert small == large
    detail = count_queries(lambda: api.get("/api/v1/zones/yingkou-coastal/"))
    assert detail <= 13  # zone + areas + the registry prefetches (test_registry_query_counts.py)

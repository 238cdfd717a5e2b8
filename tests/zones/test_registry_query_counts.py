"""The zone detail API and profile page run a fixed number of queries, whatever the number of
plots, companies, social functions, status changes and sub-parks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zones.models import (
    LandPlot,
    PlatformCompany,
    SocialFunction,
    SocialFunctionKind,
    Zone,
    ZoneArea,
    ZoneStatusChange,
)


def count(call: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(surviving: Zone, start: int, n: int) -> None:
    """Add n plots, companies, status changes and sub-parks (each with areas and plots)."""
    city = surviving.city
    for i in range(start, start + n):
        LandPlot.objects.create(
            zone=surviving,
            code=f"Q-{i}",
            use="industrial",
            area_mu=Decimal(10 + i),
            annual_tax=Decimal(1000 * i),
            figures_year=2024,
        )
        PlatformCompany.objects.create(zone=surviving, name=f"专业公司{i}", tier="specialised", specialty="other")
        ZoneStatusChange.objects.create(
            zone=surviving, from_status="active", to_status="warned", effective_date="2024-01-01"
        )
        park = Zone.objects.create(
            code=f"park-{i}",
            name=f"园区{i}",
            kind="provincial_edz",
            level="provincial",
            city=city,
            parent_zone=surviving,
        )
        ZoneArea.objects.create(zone=park, slug="catalogue", kind="catalogue", declared_km2=Decimal(i))
        LandPlot.objects.create(zone=park, code="P", use="industrial", area_mu=Decimal(5), annual_tax=Decimal(5000))
    for kind in SocialFunctionKind.values[start : start + n]:
        SocialFunction.objects.get_or_create(zone=surviving, function=kind, defaults={"state": "retained"})


def test_detail_api_and_profile_page_query_counts_are_fixed(api_as: Any, client: Any) -> None:
    user = get_user_model().objects.get(username="city_dalian")
    api = api_as("city_dalian")
    client.force_login(user)
    etdz = Zone.objects.get(code="dalian-etdz")  # the demo merge: one sub-park already
    grow(etdz, 0, 1)  # and one of everything else, so that no prefetch is skipped as empty
    api.get("/api/v1/zones/dalian-etdz/")  # warm caches (content types) before counting
    small = (
        count(lambda: api.get("/api/v1/zones/dalian-etdz/")),
        count(lambda: client.get("/zones/dalian-etdz/")),
        count(lambda: api.get("/api/v1/zones/dalian-etdz/plots/?page_size=500")),
        count(lambda: api.get("/api/v1/zones/dalian-etdz/companies/?page_size=500")),
    )
    grow(etdz, 1, 12)
    large = (
        count(lambda: api.get("/api/v1/zones/dalian-etdz/")),
        count(lambda: client.get("/zones/dalian-etdz/")),
        count(lambda: api.get("/api/v1/zones/dalian-etdz/plots/?page_size=500")),
        count(lambda: api.get("/api/v1/zones/dalian-etdz/companies/?page_size=500")),
    )
    assert small == large
    body = api.get("/api/v1/zones/dalian-etdz/").json()
    assert len(body["sub_parks"]) == 14 and len(body["platform_companies"]) == 13
    assert len(body["rollup"]["members"]) == 15

"""/api/v1/zones/{code}/areas/{kind}/ and the figures recomputed from a boundary.

The recompute runs here as the task body, in this process (tests/recompute/test_worker.py
does the same through a real worker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from devzone.recompute import services as recompute
from devzone.recompute.selectors import is_pending, pending
from tests.geodata import DALIAN, PANJIN, YINGKOU, city
from tests.zones.area_helpers import without_demo_boundaries
from zones.areas.geometry import clean_geometry
from zones.models import Region, RegionAreaTotal, ZoneArea

AREA = "/api/v1/zones/yingkou-coastal/areas/catalogue/"

Api = Callable[[str | None], APIClient]


def run_owed() -> int:
    """Pay every owed recompute, as the worker would (task bodies, in this process)."""
    runs = 0
    for _ in range(5):
        keys = list(pending().values_list("kind", "scope", "year"))
        if not keys:
            return runs
        for kind, scope, year in keys:
            recompute.run(kind=kind, scope=scope, year=year, token="test")
            runs += 1
    raise AssertionError("recompute did not settle")


def near(value: Any, expected: float, tolerance: float = 0.001) -> bool:
    return abs(Decimal(str(value)) - Decimal(str(expected))) / Decimal(str(expected)) < Decimal(str(tolerance))


def total(code: str, kind: str = "catalogue") -> RegionAreaTotal:
    return RegionAreaTotal.objects.get(region__code=code, kind=kind)


@pytest.fixture(autouse=True)
def blank(api_as: Api) -> None:
    without_demo_boundaries()


@pytest.fixture
def editor(api_as: Api) -> APIClient:
    return api_as("city_yingkou")


def test_reading_an_area(api_as: Api) -> None:
    body = api_as("auditor").get(AREA).json()
    assert body["kind"] == "catalogue" and body["area_kind"] == "catalogue"
    assert body["declared_km2"] == "77.2700" and body["bounds_text"].startswith("东起营钢东路")
    assert body["geometry"] is None and body["computed_km2"] is None and body["stale"] is False
    assert body["flags"] == []


def test_a_new_boundary_is_saved_stale_then_computed(editor: APIClient) -> None:
    feature = city(YINGKOU)
    response = editor.patch(AREA, {"geometry": feature["geometry"]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["stale"] is True and response.json()["computed_km2"] is None
    area = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue")
    assert area.geometry == clean_geometry(feature["geometry"]) and area.geometry_version == 1
    assert is_pending("zones.area", area.pk)
    assert area.history.first().change_path == "api"

    assert run_owed() == 1
    body = editor.get(AREA).json()
    assert body["stale"] is False and body["computed_at"]
    assert near(body["computed_km2"], feature["properties"]["geodesic_km2"])
    assert Decimal(body["computed_mu"]) == Decimal(body["computed_km2"]) * 1500
    [flag] = body["flags"]  # 5 263 km² computed against 77.27 km² declared
    assert flag["code"] == "declared_mismatch" and "超过 5%" in flag["message"]
    for code in ("210000", "210800", "210803"):
        assert total(code).total_km2 == Decimal(body["computed_km2"]) and not total(code).stale


def test_totals_add_up_zones_and_follow_changes_and_moves(api_as: Api) -> None:
    admin = api_as("province_admin")
    yingkou, panjin = city(YINGKOU), city(PANJIN)
    assert admin.patch(AREA, {"geometry": yingkou["geometry"]}, format="json").status_code == 200
    created = admin.put(
        "/api/v1/zones/panjin-liaobin/areas/catalogue/",
        {"declared_km2": "3477.8", "bounds_text": "盘锦市域", "geometry": panjin["geometry"]},
        format="json",
    )
    assert created.status_code == 201 and created.json()["name"] == "目录核准面积"
    assert not RegionAreaTotal.objects.exists()  # nothing computed before the worker runs
    run_owed()
    y = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue").computed_km2
    p = ZoneArea.objects.get(zone__code="panjin-liaobin", slug="catalogue").computed_km2
    assert near(y, yingkou["properties"]["geodesic_km2"]) and near(p, panjin["properties"]["geodesic_km2"])
    province = total("210000")
    assert (province.total_km2, province.zone_count, province.area_count) == (y + p, 2, 1 + 1)
    assert province.total_mu == (y + p) * 1500 and not province.stale
    assert total("210800").total_km2 == y and total("211100").total_km2 == p
    # an area declared without a boundary adds nothing: the totals stay fresh, nothing is owed
    declared = admin.put("/api/v1/zones/dalian-etdz/areas/catalogue/", {"declared_km2": "37.9"}, format="json")
    assert declared.status_code == 201 and not pending().exists() and not total("210000").stale
    # declared 3 477.8 km² against a computed figure within 5 %: no flag
    assert admin.get("/api/v1/zones/panjin-liaobin/areas/catalogue/").json()["flags"] == []

    # the province total is stale as soon as a boundary changes, fresh again after the run
    admin.patch(AREA, {"geometry": None}, format="json")
    assert total("210000").stale and total("210800").stale and not total("211100").stale
    run_owed()
    assert total("210000").total_km2 == p and total("210800").total_km2 == 0 and not total("210000").stale
    assert ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue").computed_km2 is None

    # a zone moved to another city takes its area to that city's total
    moved = admin.patch("/api/v1/zones/panjin-liaobin/", {"city": "210800", "county": None}, format="json")
    assert moved.status_code == 200, moved.json()
    assert total("210800").stale and total("211100").stale
    run_owed()
    assert total("210800").total_km2 == p and total("211100").total_km2 == 0 and total("210000").total_km2 == p


@pytest.mark.parametrize(
    ("payload", "field", "text"),
    [
        ({"geometry": {"type": "Point", "coordinates": [122.2, 40.6]}}, "geometry", "Polygon 或 MultiPolygon"),
        ({"geometry": {"type": "Polygon", "coordinates": [[[40.6, 122.2]] * 4]}}, "geometry", "先经度后纬度"),
        ({"geometry": "not json geometry"}, "geometry", "Polygon"),
        ({"declared_km2": "-1"}, "declared_km2", ""),
        ({"declared_km2": "abc"}, "declared_km2", ""),
        ({"declared_km2": "NaN"}, "declared_km2", ""),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(editor: APIClient, payload: dict, field: str, text: str) -> None:
    before = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue")
    response = editor.patch(AREA, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][field] and text in body["errors"][field][0] and body["detail"].startswith("输入有误")
    after = ZoneArea.objects.get(pk=before.pk)
    assert (after.geometry, after.geometry_version, after.declared_km2) == (None, 0, before.declared_km2)
    assert not pending().exists()


def test_a_city_outline_is_too_large_for_a_zone(editor: APIClient) -> None:
    response = editor.patch(AREA, {"geometry": city(DALIAN)["geometry"]}, format="json")
    assert response.status_code == 400 and "上限" in response.json()["errors"]["geometry"][0]


def test_put_replaces_and_clears_what_is_not_sent(editor: APIClient) -> None:
    editor.patch(AREA, {"geometry": city(YINGKOU)["geometry"]}, format="json")
    run_owed()
    response = editor.put(AREA, {"declared_km2": "80"}, format="json")
    assert response.status_code == 200
    assert response.json()["bounds_text"] == "" and response.json()["geometry"] is None
    assert response.json()["stale"] is True
    run_owed()
    assert editor.get(AREA).json()["computed_km2"] is None


def test_areas_that_cannot_be_created_or_do_not_exist(api_as: Api) -> None:
    admin = api_as("province_admin")
    assert admin.put("/api/v1/zones/yingkou-coastal/areas/new-park/", {"declared_km2": "1"}).status_code == 404
    assert admin.patch("/api/v1/zones/dalian-etdz/areas/catalogue/", {"bounds_text": "x"}).status_code == 404
    assert admin.get("/api/v1/zones/no-such-zone/areas/catalogue/").status_code == 404


def test_same_boundary_again_costs_no_recompute(editor: APIClient) -> None:
    geometry = city(YINGKOU)["geometry"]
    editor.patch(AREA, {"geometry": geometry}, format="json")
    run_owed()
    editor.patch(AREA, {"geometry": geometry, "bounds_text": "新的四至"}, format="json")
    assert not pending().exists()
    assert ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue").geometry_version == 1


@pytest.fixture
def in_process() -> Iterator[None]:
    from devzone.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def test_embedded_default_shows_the_figure_in_the_response(transactional_db: Any, api_as: Api, in_process: Any) -> None:
    """`make run` (no broker): the recompute runs in-process on commit, before the response."""
    body = api_as("city_yingkou").patch(AREA, {"geometry": city(PANJIN)["geometry"]}, format="json").json()
    assert body["stale"] is False and near(body["computed_km2"], city(PANJIN)["properties"]["geodesic_km2"])
    province = Region.objects.get(code="210000")
    assert province.area_totals.get(kind="catalogue").total_km2 == Decimal(body["computed_km2"])

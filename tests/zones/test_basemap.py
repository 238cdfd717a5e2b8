"""The province map's base layer (ADR 0026): Liaoning's outline, its 14 cities and their counties
from the npm package, checked against the independent reference outlines in ../shared/data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from shapely import affinity
from shapely.geometry import Point, shape

from tests.geodata import all_cities
from zones.areas import basemap

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(demo: None) -> dict[str, Any]:
    body, _etag = basemap.province_base()
    data: dict[str, Any] = json.loads(body)
    return data


def layer(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [f for f in data["features"] if f["properties"]["layer"] == name]


def test_the_base_layer_has_the_province_its_cities_and_counties(base: dict[str, Any]) -> None:
    (province,) = layer(base, "province")
    assert province["properties"]["code"] == "210000"
    cities = {f["properties"]["code"]: f for f in layer(base, "city")}
    reference = {f["properties"]["adcode"]: f for f in all_cities()}
    assert set(cities) == set(reference)  # all 14 cities of Liaoning, by region code
    assert cities["210800"]["properties"]["name"] == "营口市"
    counties = layer(base, "county")
    assert len(counties) >= 100
    assert {c["properties"]["code"][:4] for c in counties} == {code[:4] for code in reference}
    yingkou = {c["properties"]["name"] for c in counties if c["properties"]["code"].startswith("2108")}
    assert {"站前区", "西市区", "鲅鱼圈区", "盖州市", "大石桥市"} <= yingkou
    for f in base["features"]:  # every place has a label point inside the province's box
        lon, lat = f["properties"]["label"]
        assert 118.5 < lon < 126 and 38.5 < lat < 43.6


def test_each_city_outline_matches_the_reference_outline(base: dict[str, Any]) -> None:
    """The simplified package outline has the shape and size of the independent outline of the
    same city (over 94 % overlap once centred: the reference file in ../shared/data sits about
    0.12° east and 0.13° north of where the cities are — its Dalian misses Dalian's centre)."""
    reference = {f["properties"]["adcode"]: shape(f["geometry"]).buffer(0) for f in all_cities()}
    for f in layer(base, "city"):
        ours = shape(f["geometry"]).buffer(0)
        theirs = reference[f["properties"]["code"]]
        centred = affinity.translate(ours, theirs.centroid.x - ours.centroid.x, theirs.centroid.y - ours.centroid.y)
        common = centred.intersection(theirs).area
        assert common / theirs.area > 0.94 and common / ours.area > 0.85, f["properties"]["name"]


@pytest.mark.parametrize(
    ("code", "lon", "lat"),
    [
        ("210100", 123.43, 41.80),  # 沈阳市政府, 和平区
        ("210200", 121.62, 38.92),  # 大连市, 中山区
        ("210800", 122.24, 40.67),  # 营口市, 站前区
        ("211100", 122.07, 41.12),  # 盘锦市, 兴隆台区
    ],
)
def test_city_centres_lie_in_their_city(base: dict[str, Any], code: str, lon: float, lat: float) -> None:
    (city,) = [f for f in layer(base, "city") if f["properties"]["code"] == code]
    assert shape(city["geometry"]).buffer(0).contains(Point(lon, lat))


def test_the_base_layer_is_small_and_cached_by_etag(client: Any, django_user_model: Any, base: Any) -> None:
    client.force_login(django_user_model.objects.get(username="zone_dalian_hr"))
    first = client.get("/zones/map/base.geojson")
    assert first.status_code == 200 and first["Content-Type"].startswith("application/geo+json")
    assert len(first.content) < 600_000  # simplified and rounded: not the package's 2.5 MB
    again = client.get("/zones/map/base.geojson", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    client.logout()
    assert client.get("/zones/map/base.geojson").status_code == 302

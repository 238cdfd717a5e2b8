"""The maps' GeoJSON (scoped, fixed queries), the province map page, adding a sub-area."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.zones.area_cases import square
from tests.zones.test_area_api import run_owed
from zones import demo as demo_data
from zones.areas.geometry import outline
from zones.areas.views import OUTLINE_BODIES
from zones.models import Zone, ZoneArea

GEOJSON = "/zones/map.geojson"


def as_user(username: str) -> Client:
    client = Client()
    client.login(username=username, password="devzone-demo")
    return client


def zones_in(response: Any) -> set[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("application/geo+json")
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    return {f["properties"]["zone"] for f in body["features"]}


def test_the_map_shows_only_the_zones_in_scope(demo: Any) -> None:
    assert zones_in(as_user("province_admin").get(GEOJSON)) == {code for code, *_rest in demo_data.ZONES}
    dalian = zones_in(as_user("city_dalian").get(GEOJSON))
    assert dalian == {"dalian-etdz", "dalian-hitech", "dalian-changxing", "dalian-zhuanghe"}
    assert zones_in(as_user("zone_yingkou_hr").get(GEOJSON)) == {"yingkou-coastal"}
    assert zones_in(as_user("city_dalian").get(GEOJSON + "?zone=yingkou-coastal")) == set()
    assert Client().get(GEOJSON).status_code == 302  # to the login page


def test_one_outline_per_zone_with_what_the_map_colours_by(demo: Any) -> None:
    # The province map gets one outline per zone (issue 9, ADR 0016); ``?zone=`` every area.
    body = json.loads(as_user("zone_yingkou_hr").get(GEOJSON).content)
    assert [(f["properties"]["area"], f["properties"]["outline"]) for f in body["features"]] == [("catalogue", True)]
    detail = json.loads(as_user("zone_yingkou_hr").get(GEOJSON + "?zone=yingkou-coastal").content)
    props = {f["properties"]["area"]: f["properties"] for f in detail["features"]}
    assert set(props) == {"catalogue", "planned", "controlled", "chemical-park"}
    assert [a for a, p in props.items() if p["outline"]] == ["catalogue"]
    assert body["features"][0]["properties"] | {"simplified": None, "geometry_version": None} == props["catalogue"] | {
        "simplified": None,
        "geometry_version": None,
    }
    coastal = props["catalogue"]
    assert coastal["zone_name"] == "辽宁(营口)沿海产业基地" and coastal["status_label"] == "正常"
    assert coastal["zone_kind_label"] == "省级经济开发区" and coastal["url"] == "/zones/yingkou-coastal/"


def test_the_map_costs_the_same_queries_for_more_zones(demo: Any) -> None:
    client = as_user("province_admin")
    client.get(GEOJSON)  # warm the session
    OUTLINE_BODIES.clear()  # the answer built, not the one kept (below)
    with CaptureQueriesContext(connection) as few:
        client.get(GEOJSON)
    admin = Zone.objects.get(code="yingkou-coastal")
    for i in range(5):
        zone = Zone.objects.create(
            code=f"map-{i}", name=f"地图测试{i}", kind=admin.kind, level=admin.level, city=admin.city
        )
        geometry = square(123 + i * 0.1, 41, 0.05)
        # as the recompute worker leaves them: outline simplified (a stale one costs one query more)
        ZoneArea.objects.create(
            zone=zone, slug="catalogue", kind="catalogue", declared_km2=1, geometry=geometry, outline=outline(geometry)
        )
    OUTLINE_BODIES.clear()
    with CaptureQueriesContext(connection) as many:
        body = json.loads(client.get(GEOJSON).content)
    assert len(body["features"]) == Zone.objects.filter(areas__geometry__isnull=False).distinct().count()
    assert len(many) == len(few) <= 8


def test_the_province_map_page_is_in_the_navigation(demo: Any) -> None:
    html = as_user("city_dalian").get("/zones/map/").content.decode()
    assert 'href="/zones/map/"' in html and "/zones/map.geojson" in html and 'id="province-map"' in html


@pytest.fixture
def editor(demo: Any) -> Client:
    return as_user("city_yingkou")


def test_a_sub_area_added_in_the_browser(editor: Client) -> None:
    catalogue = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue")
    outside = square(121.90, 40.60, 0.02)  # in the sea west of the base
    response = editor.post(
        "/zones/yingkou-coastal/areas/new/",
        {
            "slug": "logistics-park",
            "name": "物流园区",
            "parent": catalogue.pk,
            "declared_km2": "3.2",
            "bounds_text": "东至甲路，南至乙路，西至丙路，北至丁路",
            "geometry_text": json.dumps(outside),
        },
    )
    assert response.status_code == 302
    run_owed()
    area = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="logistics-park")
    assert (area.kind, area.name, area.parent_id, area.history.first().change_path) == (
        "sub_area",
        "物流园区",
        catalogue.pk,
        "page",
    )
    html = editor.get("/zones/yingkou-coastal/").content.decode()
    row = html[html.index('data-area="logistics-park"') :]
    assert 'data-flag="outside_parent"' in row[: row.index("</tr>")] and "属于目录核准面积" in row


def test_a_sub_area_needs_a_free_slug_and_a_parent_of_this_zone(editor: Client) -> None:
    other = ZoneArea.objects.get(zone__code="yingkou-etdz", slug="catalogue")
    count = ZoneArea.objects.count()
    data = {"slug": "chemical-park", "name": "重复", "parent": other.pk, "declared_km2": "1"}
    response = editor.post("/zones/yingkou-coastal/areas/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["parent"]
    data["parent"] = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue").pk
    response = editor.post("/zones/yingkou-coastal/areas/new/", data)
    assert "已有标识为 chemical-park 的区域" in " ".join(response.context["form"].errors["slug"])
    assert ZoneArea.objects.count() == count


def test_the_map_data_is_simplified_gzipped_and_revalidated(demo: Any) -> None:
    client = as_user("province_admin")
    first = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    assert "Cookie" in first["Vary"] and first["Cache-Control"] == "private, no-cache"
    etag = first["ETag"]
    plain = json.loads(client.get(GEOJSON).content)
    assert plain["features"] and all(f["properties"]["simplified"] for f in plain["features"])
    assert client.get(GEOJSON, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # a renamed zone or a new boundary is a new answer
    Zone.objects.filter(code="yingkou-coastal").update(name="营口沿海（改名）")
    assert client.get(GEOJSON, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_map_data_is_cut_by_region_and_box(demo: Any) -> None:
    client = as_user("province_admin")
    assert zones_in(client.get(GEOJSON + "?region=210200")) == {
        "dalian-etdz",
        "dalian-hitech",
        "dalian-changxing",
        "dalian-zhuanghe",
    }
    coastal = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue")
    box = f"{coastal.min_lon},{coastal.min_lat},{coastal.max_lon},{coastal.max_lat}"
    assert "yingkou-coastal" in zones_in(client.get(GEOJSON + f"?bbox={box}"))
    assert zones_in(client.get(GEOJSON + "?bbox=73.0,18.0,73.1,18.1")) == set()
    for bad in ("?bbox=1,2,3", "?bbox=a,b,c,d", "?bbox=5,5,1,1", "?region=大连"):
        response = client.get(GEOJSON + bad)
        assert response.status_code == 400 and json.loads(response.content)["detail"]


def test_an_answer_is_kept_by_its_tag_and_rebuilt_when_anything_shown_changes(demo: Any) -> None:
    """The last answers are kept gzipped per process by ETag (issue 9): asked again, the outlines
    are not read again; a renamed zone or another language is another tag, built afresh."""
    client = as_user("province_admin")
    client.get(GEOJSON)
    OUTLINE_BODIES.clear()

    def outline_reads() -> tuple[int, Any]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        return sum('"outline"' in q["sql"] and "::text" in q["sql"] for q in ctx.captured_queries), response

    built, first = outline_reads()
    kept, again = outline_reads()
    assert (built, kept) == (1, 0)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    plain = client.get(GEOJSON)  # no gzip accepted: the same answer, plain
    assert "Content-Encoding" not in plain and json.loads(plain.content)["features"]

    Zone.objects.filter(code="yingkou-coastal").update(name="营口沿海（改名）")
    rebuilt, renamed = outline_reads()
    assert rebuilt == 1 and renamed["ETag"] != first["ETag"]
    names = {f["properties"]["zone_name"] for f in json.loads(client.get(GEOJSON).content)["features"]}
    assert "营口沿海（改名）" in names

    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(GEOJSON)
    labels = {f["properties"]["status_label"] for f in json.loads(english.content)["features"]}
    assert english["ETag"] != renamed["ETag"] and "正常" not in labels


def test_a_kept_answer_is_validated_by_one_digest_row_not_the_heads(demo: Any) -> None:
    """On PostgreSQL the database digests the heads (issue 9): a kept answer or a 304 costs one
    query on the areas, answering one row whatever the number of zones; any column shown that
    changes, even by a plain ``UPDATE``, is another tag."""
    if connection.vendor != "postgresql":
        pytest.skip("the digest is PostgreSQL's; other databases digest the heads in Python")
    client = as_user("province_admin")
    first = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")

    def area_queries(**headers: str) -> tuple[list[str], Any]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(GEOJSON, **headers)
        return [q["sql"] for q in ctx.captured_queries if "zones_zonearea" in q["sql"]], response

    kept, again = area_queries(HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == first.content and len(kept) == 1 and kept[0].startswith("SELECT md5(")
    revalidated, not_modified = area_queries(HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and len(revalidated) == 1
    ZoneArea.objects.filter(zone__code="yingkou-coastal", slug="catalogue").update(computed_km2=Decimal("1.5"))
    changed, answer = area_queries(HTTP_IF_NONE_MATCH=first["ETag"])
    assert answer.status_code == 200 and answer["ETag"] != first["ETag"] and len(changed) == 3
    props = [f["properties"] for f in json.loads(client.get(GEOJSON).content)["features"]]
    assert {p["computed_km2"] for p in props if p["zone"] == "yingkou-coastal"} == {"1.5000"}

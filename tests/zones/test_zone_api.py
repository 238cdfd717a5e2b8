"""Creating and editing zones through the API: scope, validation, history."""

from __future__ import annotations

from typing import Any

from zones.models import Zone

NEW = {
    "code": "yingkou-new",
    "name": "营口测试开发区",
    "kind": "provincial_edz",
    "level": "provincial",
    "city": "210800",
    "county": "210804",
    "management_model": "enterprise",
}


def test_city_officer_creates_a_zone_in_its_city_and_sees_it(api_as: Any) -> None:
    client = api_as("city_yingkou")
    response = client.post("/api/v1/zones/", NEW, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["areas"] == []
    assert client.get("/api/v1/zones/yingkou-new/").status_code == 200
    # the province sees it too (grants follow the new zone), Dalian does not
    assert api_as("province_staff").get("/api/v1/zones/yingkou-new/").status_code == 200
    assert api_as("city_dalian").get("/api/v1/zones/yingkou-new/").status_code == 404
    zone = Zone.objects.get(code="yingkou-new")
    assert zone.history.count() == 1
    assert zone.history.first().history_user.username == "city_yingkou"


def test_city_officer_cannot_create_in_another_city(api_as: Any) -> None:
    response = api_as("city_dalian").post("/api/v1/zones/", NEW, format="json")
    assert response.status_code == 403
    assert not Zone.objects.filter(code="yingkou-new").exists()


def test_invalid_zone_gets_field_errors_in_chinese(api_as: Any) -> None:
    client = api_as("province_admin")
    bad = {**NEW, "kind": "national_etdz", "county": "210211"}  # Dalian county, provincial level
    response = client.post("/api/v1/zones/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["level"] == ["开发区类型与级别不一致。"]
    assert errors["county"] == ["所在县(市、区)不属于所选的市。"]
    dup = client.post("/api/v1/zones/", {**NEW, "code": "yingkou-coastal"}, format="json")
    assert dup.status_code == 400 and "code" in dup.json()["errors"]
    unknown_city = client.post("/api/v1/zones/", {**NEW, "city": "999999"}, format="json")
    assert unknown_city.json()["errors"]["city"] == ["没有代码为 999999 的地级市。"]
    assert not Zone.objects.filter(code="yingkou-new").exists()


def test_patch_records_before_and_after(api_as: Any) -> None:
    # (status is a province decision with its own record: tests/zones/test_registry_api.py)
    client = api_as("city_yingkou")
    response = client.patch("/api/v1/zones/yingkou-coastal/", {"founded_year": 2007}, format="json")
    assert response.status_code == 200 and response.json()["founded_year"] == 2007
    zone = Zone.objects.get(code="yingkou-coastal")
    latest, previous = zone.history.all()[:2]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("founded_year", 2006, 2007)]
    assert latest.history_user.username == "city_yingkou"
    assert latest.change_path == "api"


def test_code_cannot_change_and_zone_officer_cannot_edit(api_as: Any) -> None:
    response = api_as("province_admin").patch("/api/v1/zones/yingkou-coastal/", {"code": "renamed"}, format="json")
    assert response.status_code == 400
    assert (
        api_as("zone_yingkou_hr")
        .patch("/api/v1/zones/yingkou-coastal/", {"status": "warned"}, format="json")
        .status_code
        == 403
    )
    assert Zone.objects.get(code="yingkou-coastal").status == "active"


def test_moving_a_zone_moves_its_grants(api_as: Any) -> None:
    response = api_as("province_admin").patch(
        "/api/v1/zones/yingkou-hitech/", {"city": "210200", "county": None}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert api_as("city_yingkou").get("/api/v1/zones/yingkou-hitech/").status_code == 404
    assert api_as("city_dalian").get("/api/v1/zones/yingkou-hitech/").status_code == 200


def test_yingkou_areas_are_listed_with_bounds(api_as: Any) -> None:
    areas = api_as("zone_yingkou_hr").get("/api/v1/zones/yingkou-coastal/").json()["areas"]
    by_kind = {a["kind"]: a for a in areas}
    assert by_kind["catalogue"]["declared_km2"] == "77.2700"
    assert by_kind["controlled"]["declared_km2"] == "144.4100"
    assert by_kind["planned"]["bounds_text"].startswith("东起庄林公路")
    assert by_kind["chemical-park"]["declared_km2"] == "13.9500"

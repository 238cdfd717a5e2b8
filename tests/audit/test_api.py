"""/api/v1/history/: scoped, filterable, paginated; an auditor sees only their zones and period."""

from __future__ import annotations

from typing import Any

import pytest

from devzone.audit.context import ChangePath, change_path
from tests.audit.conftest import at, backdate, history_in_db, history_of_zone, this_year, user
from zones.models import Zone, ZoneArea


@pytest.fixture
def changes(demo: Any) -> dict[str, Any]:
    """yingkou-coastal created four years ago and changed three years ago; a change this year
    in each of yingkou-coastal, yingkou-etdz and dalian-changxing."""
    coastal = Zone.objects.get(code="yingkou-coastal")
    etdz = Zone.objects.get(code="yingkou-etdz")
    changxing = Zone.objects.get(code="dalian-changxing")
    backdate(coastal.history.get(history_type="+"), at(this_year() - 4))
    with change_path(ChangePath.IMPORT, user=user("city_yingkou")):
        coastal.leading_industries = "旧的主导产业"
        coastal.save()
    old = coastal.history.latest()
    backdate(old, at(this_year() - 3))
    with change_path(ChangePath.PAGE, user=user("city_yingkou")):
        coastal.status = "warned"
        coastal.save()
        etdz.status = "rectifying"
        etdz.save()
    with change_path(ChangePath.API, user=user("city_dalian")):
        changxing.founded_year = 2006
        changxing.save()
    return {"coastal": coastal, "etdz": etdz, "changxing": changxing, "old": old}


def rows(client: Any, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/history/", {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return response.data["results"]


def test_auditor_sees_assigned_zones_within_period_only(api_as: Any, changes: dict[str, Any]) -> None:
    auditor = api_as("auditor")
    seen = rows(auditor)
    assert {r["zone"] for r in seen} == {"yingkou-coastal", "dalian-changxing"}
    ids = {r["id"] for r in seen}
    assert f"zones.zone:{changes['old'].history_id}" not in ids  # three years ago: outside the period
    coastal = [r for r in seen if r["zone"] == "yingkou-coastal" and r["model"] == "zones.zone"]
    assert [(r["change_type"], r["changes"][0]["after_display"]) for r in coastal] == [("changed", "警示")]
    # the change it follows lies outside the period, yet its "before" is the true earlier value
    assert [(c["before"], c["after"]) for c in coastal[0]["changes"]] == [("active", "warned")]

    assert auditor.get("/api/v1/history/", {"zone": "yingkou-etdz"}).status_code == 404
    etdz = changes["etdz"].pk
    assert auditor.get(f"/api/v1/history/zones.zone/{etdz}/").status_code == 404
    # the same old change is there for the province, with its date
    staff = rows(api_as("province_staff"), zone="yingkou-coastal", model="zones.zone")
    assert [(r["change_type"], r["changed_at"][:4]) for r in staff] == [
        ("changed", str(this_year())),
        ("changed", str(this_year() - 3)),
        ("created", str(this_year() - 4)),
    ]
    assert [(c["before"], c["after"]) for c in staff[1]["changes"]] == [
        ("有色金属冶炼和压延加工业、专用设备制造业、化学原料和化学制品制造业", "旧的主导产业")
    ]


def test_auditor_gets_404_for_a_record_whose_history_is_all_outside_the_period(
    api_as: Any, changes: dict[str, Any]
) -> None:
    area = ZoneArea.objects.get(zone=changes["coastal"], slug="planned")
    for version in area.history.all():
        backdate(version, at(this_year() - 5))
    assert api_as("auditor").get(f"/api/v1/history/zones.zonearea/{area.pk}/").status_code == 404
    assert api_as("province_admin").get(f"/api/v1/history/zones.zonearea/{area.pk}/").status_code == 200
    assert api_as("auditor").get("/api/v1/history/", {"year": this_year() - 5}).data["count"] == 0


def test_auditor_sees_a_deleted_area_through_its_historical_rows(api_as: Any, changes: dict[str, Any]) -> None:
    area = ZoneArea.objects.get(zone=changes["coastal"], slug="chemical-park")
    area_id = area.pk
    with change_path(ChangePath.PAGE, user=user("province_admin")):
        area.delete()
    response = api_as("auditor").get(f"/api/v1/history/zones.zonearea/{area_id}/")
    assert response.status_code == 200
    # created by seed_demo, then its demo boundary drawn (ADR 0164), then deleted
    assert [r["change_type"] for r in response.data["results"]] == ["deleted", "changed", "created"]
    assert response.data["results"][0]["user"] == "province_admin"
    assert response.data["results"][0]["record_label"] == "辽宁(营口)沿海产业基地 · 化工产业区"


def test_city_dalian_cannot_see_yingkou_history(api_as: Any, changes: dict[str, Any]) -> None:
    dalian = api_as("city_dalian")
    assert {r["zone"] for r in rows(dalian)} <= {z.code for z in Zone.objects.filter(city__code="210200")}
    assert "dalian-changxing" in {r["zone"] for r in rows(dalian)}
    assert dalian.get("/api/v1/history/", {"zone": "yingkou-coastal"}).status_code == 404
    assert dalian.get(f"/api/v1/history/zones.zone/{changes['coastal'].pk}/").status_code == 404
    area = ZoneArea.objects.get(zone=changes["coastal"], slug="catalogue")
    assert dalian.get(f"/api/v1/history/zones.zonearea/{area.pk}/").status_code == 404


@pytest.mark.parametrize("username", ["zone_yingkou_hr", "zone_dalian_hr", "dept_market"])
def test_roles_without_read_history_see_nothing(api_as: Any, changes: dict[str, Any], username: str) -> None:
    client = api_as(username)
    response = client.get("/api/v1/history/")
    assert response.status_code == 200
    assert response.data["count"] == 0
    assert client.get(f"/api/v1/history/zones.zone/{changes['coastal'].pk}/").status_code == 404
    assert client.get("/api/v1/history/", {"zone": "yingkou-coastal"}).status_code == 404


def test_anonymous_gets_401(api_as: Any, changes: dict[str, Any]) -> None:
    assert api_as(None).get("/api/v1/history/").status_code == 401


def test_filters(api_as: Any, changes: dict[str, Any]) -> None:
    admin = api_as("province_admin")
    coastal = changes["coastal"]

    by_user = rows(admin, user="city_dalian")
    assert [(r["zone"], r["user"]) for r in by_user] == [("dalian-changxing", "city_dalian")]
    by_path = rows(admin, path="import")
    assert [r["record_label"] for r in by_path] == ["辽宁(营口)沿海产业基地"]
    assert {r["change_type"] for r in rows(admin, change_type="changed")} == {"changed"}
    # every change the province admin may read: the fixture's and the demo's own (registry and
    # plan seeds), of every browsable record type
    assert len(rows(admin, change_type="changed")) == history_in_db(history_type="~")
    areas = rows(admin, model="zones.zonearea")
    assert len(areas) == ZoneArea.history.count() and {r["model"] for r in areas} == {"zones.zonearea"}
    one = rows(admin, model="zones.zone", record_id=coastal.pk)
    assert {r["record_id"] for r in one} == {coastal.pk} and len(one) == 3
    zone_rows = rows(admin, zone="yingkou-coastal")
    assert {r["zone"] for r in zone_rows} == {"yingkou-coastal"}
    # the zone's 3 versions, its 4 areas' creation and demo boundary (ADR 0164), then its registry and plan records
    assert len([r for r in zone_rows if r["model"] in ("zones.zone", "zones.zonearea")]) == 3 + 4 + 4
    assert len(zone_rows) == history_of_zone(coastal)
    past = rows(admin, year=this_year() - 3)
    assert [r["id"] for r in past] == [f"zones.zone:{changes['old'].history_id}"]
    # date_to is inclusive: the change at 10:00 on the 15th is in, on the 14th it is not
    ranged = rows(admin, date_from=f"{this_year() - 3}-01-01", date_to=f"{this_year() - 3}-06-15")
    assert [r["id"] for r in ranged] == [f"zones.zone:{changes['old'].history_id}"]
    assert rows(admin, date_from=f"{this_year() - 3}-01-01", date_to=f"{this_year() - 3}-06-14") == []
    assert [r["change_type"] for r in rows(admin, date_to=f"{this_year() - 3}-06-15")] == ["changed", "created"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2024-13-01"}, "date_from"),
        ({"date_from": "2024-05-01", "date_to": "2024-04-01"}, "date_to"),
        ({"change_type": "+"}, "change_type"),
        ({"path": "fax"}, "path"),
        ({"model": "auth.user"}, "model"),
        ({"record_id": "abc"}, "record_id"),
        ({"record_id": "99999999999999999999999"}, "record_id"),
        ({"year": "12"}, "year"),
        ({"zone": "营口"}, "zone"),
        ({"user": "x" * 151}, "user"),
    ],
)
def test_bad_filters_are_400_in_chinese(
    api_as: Any, changes: dict[str, Any], params: dict[str, str], field: str
) -> None:
    response = api_as("province_admin").get("/api/v1/history/", params)
    assert response.status_code == 400
    assert field in response.data["errors"]
    assert response.data["detail"].startswith("输入有误")


def test_unknown_record_type_and_absurd_record_ids_are_404(api_as: Any, changes: dict[str, Any]) -> None:
    admin = api_as("province_admin")
    assert admin.get("/api/v1/history/auth.user/1/").status_code == 404
    assert admin.get("/api/v1/history/zones.zone/99999999999999999999999/").status_code == 404
    assert admin.get("/api/v1/history/zones.zone/0/").status_code == 404


def test_list_is_paginated_newest_first(api_as: Any, changes: dict[str, Any]) -> None:
    admin = api_as("province_admin")
    first = admin.get("/api/v1/history/", {"page_size": 3})
    assert first.status_code == 200
    total = first.data["count"]
    assert total == history_in_db()
    assert len(first.data["results"]) == 3 and first.data["next"]
    second = admin.get(first.data["next"])
    ids = [r["id"] for r in first.data["results"] + second.data["results"]]
    assert len(set(ids)) == 6
    dates = [r["changed_at"] for r in first.data["results"] + second.data["results"]]
    assert dates == sorted(dates, reverse=True)
    assert admin.get("/api/v1/history/", {"page": 999}).status_code == 404


def test_history_is_read_only(api_as: Any, changes: dict[str, Any]) -> None:
    admin = api_as("province_admin")
    assert admin.post("/api/v1/history/", {}, format="json").status_code == 405
    assert admin.delete(f"/api/v1/history/zones.zone/{changes['coastal'].pk}/").status_code == 405


def test_pages_put_together_are_the_whole_list(api_as: Any, changes: dict[str, Any]) -> None:
    admin = api_as("province_admin")
    whole: list[str] = []  # the demo's history is longer than one page of 500 (assessment values)
    response = admin.get("/api/v1/history/", {"page_size": 500})
    while True:
        whole += [r["id"] for r in response.data["results"]]
        if not response.data["next"]:
            break
        response = admin.get(response.data["next"])
    # Walked again in ~20 small pages (a page size that divides nothing in particular): every
    # page boundary falls somewhere else in the union of the history tables.
    walked: list[str] = []
    pages = 0
    response = admin.get("/api/v1/history/", {"page_size": len(whole) // 20 + 7})
    while True:
        pages += 1
        walked += [r["id"] for r in response.data["results"]]
        if not response.data["next"]:
            break
        response = admin.get(response.data["next"])
    assert pages >= 15
    assert walked == whole
    assert len(whole) == len(set(whole)) == history_in_db()

"""Every create, change and delete is kept: who, when, which fields, before and after, which path."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from devzone.audit.context import ChangePath, change_path
from devzone.audit.selectors import record_history
from tests.audit.conftest import user
from zones.models import Zone, ZoneArea
from zones.registry import services


def changes_of(row: Any) -> dict[str, tuple[str, str]]:
    return {c.field: (c.before_display, c.after_display) for c in row.changes}


def test_api_change_with_token_auth_records_the_user_and_the_path(token_client: Any) -> None:
    client = token_client("province_admin")
    before = timezone.now()
    response = client.patch("/api/v1/zones/yingkou-coastal/", {"status": "warned", "founded_year": 2007}, format="json")
    assert response.status_code == 200, response.content

    zone = Zone.objects.get(code="yingkou-coastal")
    version = zone.history.latest()
    assert version.history_user.username == "province_admin"
    assert version.change_path == ChangePath.API
    assert version.history_date >= before

    history = client.get(f"/api/v1/history/zones.zone/{zone.pk}/")
    assert history.status_code == 200
    # The facts and the (dated, separately recorded) status decision are two versions.
    latest_two = history.data["results"][:2]
    for latest in latest_two:
        assert latest["user"] == "province_admin"
        assert latest["path"] == "api"
        assert latest["change_type"] == "changed"
        assert latest["zone"] == "yingkou-coastal"
    changes = [c for row in latest_two for c in row["changes"]]
    assert {c["field"]: (c["before"], c["after"]) for c in changes} == {
        "founded_year": (2006, 2007),
        "status": ("active", "warned"),
    }
    assert {c["label"]: (c["before_display"], c["after_display"]) for c in changes} == {
        "成立年份": ("2006", "2007"),
        "状态": ("正常", "警示"),
    }


def test_api_create_records_every_filled_field(token_client: Any) -> None:
    client = token_client("province_admin")
    payload = {
        "code": "yingkou-new",
        "name": "营口新区",
        "kind": "provincial_edz",
        "level": "provincial",
        "city": "210800",
        "management_model": "enterprise",
        "status": "active",
    }
    assert client.post("/api/v1/zones/", payload, format="json").status_code == 201
    zone = Zone.objects.get(code="yingkou-new")

    rows = client.get("/api/v1/history/", {"zone": "yingkou-new"}).data["results"]
    assert len(rows) == 1
    created = rows[0]
    assert (created["change_type"], created["user"], created["path"]) == ("created", "province_admin", "api")
    assert created["record_id"] == zone.pk
    assert created["record_label"] == "营口新区"
    shown = {c["label"]: (c["before"], c["after_display"]) for c in created["changes"]}
    assert shown["名称"] == (None, "营口新区")
    assert shown["所在市"] == (None, "营口市")  # a foreign key shows the related record's name
    assert shown["管理模式"] == (None, "企业化管理")  # a choice shows its label
    assert "所在县(市、区)" not in shown  # empty fields are not listed on creation


def test_service_change_in_a_task_records_the_acting_user(demo: Any) -> None:
    zone = Zone.objects.get(code="yingkou-coastal")
    with change_path(ChangePath.TASK, user=user("city_yingkou")):
        services.update_zone(user=user("city_yingkou"), zone=zone, data={"leading_industries": "精细化工"})

    row = record_history(user("province_staff"), "zones.zone", zone.pk)[0]
    assert (row.change_type, row.username, row.user_display, row.path) == (
        "changed",
        "city_yingkou",
        "营口市编办",
        "task",
    )
    assert changes_of(row) == {
        "leading_industries": (
            "有色金属冶炼和压延加工业、专用设备制造业、化学原料和化学制品制造业",
            "精细化工",
        )
    }


def test_a_task_without_an_acting_user_is_recorded_as_the_system(demo: Any) -> None:
    zone = Zone.objects.get(code="yingkou-coastal")
    with change_path(ChangePath.TASK):
        zone.status = "rectifying"
        zone.save()
    row = record_history(user("province_admin"), "zones.zone", zone.pk)[0]
    assert (row.username, row.path, changes_of(row)) == (None, "task", {"status": ("正常", "整改")})


def test_area_create_change_delete_through_an_import_keep_before_and_after(demo: Any) -> None:
    zone = Zone.objects.get(code="yingkou-coastal")
    officer = user("city_yingkou")
    with change_path(ChangePath.IMPORT, user=officer):
        area = ZoneArea.objects.create(
            zone=zone, slug="port-park", kind="sub_area", name="港口物流区", declared_km2=Decimal("5.5")
        )
        area.declared_km2 = Decimal("6.25")
        area.bounds_text = "东起港区大道"
        area.save()
        area_id = area.pk
        area.delete()

    rows = list(record_history(user("auditor"), "zones.zonearea", area_id))
    assert [r.change_type for r in rows] == ["deleted", "changed", "created"]
    assert {r.username for r in rows} == {"city_yingkou"}
    assert {r.path for r in rows} == {"import"}
    assert {r.zone_code for r in rows} == {"yingkou-coastal"}
    assert {r.record_label for r in rows} == {"辽宁(营口)沿海产业基地 · 港口物流区"}
    deleted, changed, created = rows
    assert changes_of(changed) == {
        "declared_km2": ("5.5", "6.25"),  # as read: no stored trailing zeros (ADR 0028)
        "bounds_text": ("—", "东起港区大道"),
    }
    assert changes_of(created)["kind"] == ("—", "片区")
    assert changes_of(created)["zone"] == ("—", "辽宁(营口)沿海产业基地")
    # The deletion keeps what was deleted.
    assert changes_of(deleted)["declared_km2"] == ("6.25", "—")
    assert changes_of(deleted)["name"] == ("港口物流区", "—")
    assert rows[0].changed_at >= rows[1].changed_at >= rows[2].changed_at


def test_the_seed_command_is_recorded_as_an_operator_command(demo: Any) -> None:
    zone = Zone.objects.get(code="dalian-changxing")
    row = record_history(user("province_admin"), "zones.zone", zone.pk)[0]
    assert (row.change_type, row.path, row.username) == ("created", "command", None)

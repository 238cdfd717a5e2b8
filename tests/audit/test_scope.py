"""Whose history a user reads: read_history on the zone, cut to the periods of their memberships."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from devzone.audit.context import ChangePath, change_path
from devzone.audit.selectors import HistoryNotFound, change_list, record_history
from devzone.tenancy.services import add_membership
from tests.audit.conftest import at, backdate, this_year
from zones.models import Region, Zone


@pytest.fixture
def timeline(demo: Any) -> dict[str, Any]:
    """yingkou-coastal, yingkou-etdz and dalian-changxing each: created 4 years ago, changed 3
    years ago and changed this year (areas left out: zones only)."""
    out = {}
    for code in ("yingkou-coastal", "yingkou-etdz", "dalian-changxing"):
        zone = Zone.objects.get(code=code)
        backdate(zone.history.get(history_type="+"), at(this_year() - 4))
        with change_path(ChangePath.TASK):
            zone.founded_year = 2000
            zone.save()
        backdate(zone.history.latest(), at(this_year() - 3))
        with change_path(ChangePath.TASK):
            zone.status = "warned"
            zone.save()
        out[code] = zone
    return out


def person(username: str, *grants: dict[str, Any]) -> Any:
    who = get_user_model().objects.create_user(username=username, password="x")
    for grant in grants:
        add_membership(user=who, **grant)
    return who


def seen(user: Any) -> set[tuple[str, int]]:
    """(zone code, year) of every zone change the user reads."""
    return {(r.zone_code, r.changed_at.year) for r in change_list(user, {"model": "zones.zone"})}


def test_several_auditor_periods_combine_per_zone(timeline: dict[str, Any]) -> None:
    y = this_year()
    auditor = person(
        "auditor2",
        {"role": "auditor", "zone": timeline["yingkou-coastal"], "period_from": y - 4, "period_to": y - 3},
        {"role": "auditor", "zone": timeline["dalian-changxing"], "period_from": y, "period_to": y},
    )
    assert seen(auditor) == {("yingkou-coastal", y - 4), ("yingkou-coastal", y - 3), ("dalian-changxing", y)}
    with pytest.raises(HistoryNotFound):
        change_list(auditor, {"zone": "yingkou-etdz"})
    with pytest.raises(HistoryNotFound):
        record_history(auditor, "zones.zone", timeline["yingkou-etdz"].pk)


def test_two_periods_on_the_same_zone_add_up(timeline: dict[str, Any]) -> None:
    y = this_year()
    auditor = person(
        "auditor3",
        {"role": "auditor", "zone": timeline["yingkou-coastal"], "period_from": y - 4, "period_to": y - 4},
    )
    assert seen(auditor) == {("yingkou-coastal", y - 4)}
    # a second audit of the same zone for this year (a region membership covering it)
    add_membership(user=auditor, role="auditor", region=Region.objects.get(code="210800"), period_from=y, period_to=y)
    assert seen(auditor) == {
        ("yingkou-coastal", y - 4),
        ("yingkou-coastal", y),
        ("yingkou-etdz", y),
        ("yingkou-hitech", y),  # created this year by the demo seed
    }


def test_an_unbounded_role_on_the_same_zone_lifts_the_period(timeline: dict[str, Any]) -> None:
    y = this_year()
    officer = person(
        "seconded",
        {"role": "auditor", "zone": timeline["yingkou-coastal"], "period_from": y, "period_to": y},
        {"role": "city_officer", "region": Region.objects.get(code="210800")},
    )
    assert {year for code, year in seen(officer) if code == "yingkou-coastal"} == {y - 4, y - 3, y}
    assert "dalian-changxing" not in {code for code, _ in seen(officer)}


def test_an_open_ended_period(timeline: dict[str, Any]) -> None:
    y = this_year()
    auditor = person("auditor4", {"role": "auditor", "zone": timeline["dalian-changxing"], "period_from": y - 3})
    assert seen(auditor) == {("dalian-changxing", y - 3), ("dalian-changxing", y)}
    assert [r.changed_at.year for r in change_list(auditor, {"year": y - 4})] == []


def test_an_auditor_on_a_city_sees_its_zones_only(timeline: dict[str, Any]) -> None:
    y = this_year()
    auditor = person("auditor5", {"role": "auditor", "region": Region.objects.get(code="210200"), "period_from": y - 3})
    dalian_created_by_seed = {(code, y) for code in ("dalian-etdz", "dalian-hitech", "dalian-zhuanghe")}
    assert seen(auditor) == {("dalian-changxing", y - 3), ("dalian-changxing", y), *dalian_created_by_seed}
    assert {r.zone_code for r in change_list(auditor, {})} <= set(
        Zone.objects.filter(city__code="210200").values_list("code", flat=True)
    )


def test_an_inactive_user_reads_nothing(timeline: dict[str, Any]) -> None:
    staff = get_user_model().objects.get(username="province_staff")
    assert seen(staff)
    staff.is_active = False
    staff.save()
    assert change_list(staff, {}).count() == 0


def test_superuser_reads_everything_including_a_deleted_zone(timeline: dict[str, Any]) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    doomed = Zone.objects.create(
        code="doomed",
        name="待撤销开发区",
        kind="provincial_edz",
        level="provincial",
        city=Region.objects.get(code="210800"),
    )
    doomed_id = doomed.pk
    doomed.delete()
    rows = list(record_history(root, "zones.zone", doomed_id))
    assert [r.change_type for r in rows] == ["deleted", "created"]
    # nobody else's scope reaches a zone that no longer exists
    with pytest.raises(HistoryNotFound):
        record_history(get_user_model().objects.get(username="province_admin"), "zones.zone", doomed_id)

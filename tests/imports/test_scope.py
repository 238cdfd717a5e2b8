"""Who may import what: rows outside the user's scope reject the whole file, discreetly."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from devzone.imports.models import ImportRun
from devzone.tenancy.services import add_membership
from tests.imports.conftest import snapshot
from tests.imports.test_zone_import import current_row
from tests.imports.workbooks import ZONE_HEADERS, xlsx, zone_row
from zones.models import Region, RegionLevel, Zone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["province_staff", "zone_yingkou_hr", "zone_dalian_hr", "dept_market", "auditor"])
def test_users_who_cannot_edit_the_registry_may_not_import(demo: None, post_import: Any, username: str) -> None:
    before = snapshot()
    response = post_import(username, xlsx([ZONE_HEADERS, current_row("yingkou-coastal")]))
    assert response.status_code == 403
    assert response.data["detail"] == "您无权导入开发区数据。"
    assert snapshot() == before
    assert not ImportRun.objects.exists()


def test_anonymous_upload_is_401(demo: None, post_import: Any) -> None:
    assert post_import(None, xlsx([ZONE_HEADERS])).status_code == 401


def test_rows_outside_a_city_officers_scope_reject_the_file_without_revealing_foreign_zones(
    demo: None, post_import: Any
) -> None:
    moved = current_row("yingkou-etdz")
    moved[4], moved[5] = "210200", None
    foreign = current_row("dalian-etdz")
    foreign[8] = 99
    rows = [
        ZONE_HEADERS,
        zone_row("yingkou-fine", "营口合规园区"),  # fine on its own
        foreign,  # a zone of another city, which city_yingkou cannot see
        zone_row("dalian-new", "大连新园区", city="210200"),  # a new zone in another city
        moved,  # moving one of its own zones into another city
    ]
    before = snapshot()
    response = post_import("city_yingkou", xlsx(rows))
    assert response.status_code == 400, response.data
    got = [(r["row"], r["column"], r["message"]) for r in response.data["rows"]]
    assert got == [
        (3, "代码", "开发区代码“dalian-etdz”不可用，请换用其他代码。"),
        (4, "所在市", "您无权在大连市新增开发区。"),
        (5, "所在市", "您无权将开发区移至大连市。"),
    ]
    assert "大连经济技术开发区" not in str(response.data)
    assert snapshot() == before
    assert not Zone.objects.filter(code="yingkou-fine").exists()


def test_a_province_admin_cannot_create_zones_in_another_province(demo: None, post_import: Any) -> None:
    jilin = Region.objects.create(code="220000", name="吉林省", level=RegionLevel.PROVINCE)
    Region.objects.create(code="220100", name="长春市", level=RegionLevel.CITY, parent=jilin)
    response = post_import(
        "province_admin", xlsx([ZONE_HEADERS, zone_row("changchun-new", "长春新园区", city="220100")])
    )
    assert response.status_code == 400
    assert response.data["rows"][0]["message"] == "您无权在长春市新增开发区。"


def test_a_zone_the_user_sees_but_may_not_edit_can_be_listed_unchanged_but_not_changed(
    demo: None, post_import: Any
) -> None:
    officer = get_user_model().objects.get(username="city_yingkou")
    add_membership(user=officer, role="auditor", zone=Zone.objects.get(code="dalian-changxing"))
    unchanged = post_import("city_yingkou", xlsx([ZONE_HEADERS, current_row("dalian-changxing")]))
    assert unchanged.status_code == 200, unchanged.data
    assert unchanged.data["unchanged"] == 1

    changed = current_row("dalian-changxing")
    changed[1] = "长兴岛（改名）"
    before = snapshot()
    response = post_import("city_yingkou", xlsx([ZONE_HEADERS, changed]))
    assert response.status_code == 400
    assert response.data["rows"][0]["message"] == "您无权修改开发区“dalian-changxing”的档案。"
    assert snapshot() == before


def test_a_county_level_officer_creates_only_in_their_county(demo: None, post_import: Any) -> None:
    user = get_user_model().objects.create_user("county_bayuquan", password="x")
    add_membership(user=user, role="city_officer", region=Region.objects.get(code="210804"))
    rows = [
        ZONE_HEADERS,
        zone_row("bayuquan-new", "鲅鱼圈新园区", county="210804"),
        zone_row("laobian-new", "老边新园区", county="210811"),
        zone_row("yingkou-citywide", "营口全市园区"),
    ]
    response = post_import("county_bayuquan", xlsx(rows))
    assert response.status_code == 400
    assert [(r["row"], r["column"], r["message"]) for r in response.data["rows"]] == [
        (3, "所在县(市、区)", "您无权在老边区新增开发区。"),
        (4, "所在市", "您无权在营口市新增开发区。"),
    ]
    response = post_import("county_bayuquan", xlsx(rows[:2]))
    assert response.status_code == 200, response.data
    zone = Zone.objects.get(code="bayuquan-new")
    assert (zone.city.code, zone.county.code) == ("210800", "210804")

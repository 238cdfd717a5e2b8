"""Area flags after the recompute: declared vs computed (rule set), overlaps between zones'
catalogue areas (both ways), sub-areas outside their parent; staleness while owed."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.zones.area_cases import square
from tests.zones.test_area_api import run_owed
from zones.models import AreaRuleSet, ZoneArea

Api = Callable[[str | None], APIClient]
COASTAL = "/api/v1/zones/yingkou-coastal/areas/"
ETDZ = "/api/v1/zones/yingkou-etdz/areas/catalogue/"


def codes(body: dict[str, Any]) -> list[str]:
    return [f["code"] for f in body["flags"]]


def test_the_demo_controlled_area_differs_from_its_declared_figure(api_as: Api) -> None:
    client = api_as("auditor")
    controlled = client.get(f"{COASTAL}controlled/").json()
    assert (
        controlled["declared_km2"] == "144.4100"
        and controlled["bounds_text"] == "东起庄林路及营柳路，南至新河，西至海岸线，北起民兴河"
    )
    computed = Decimal(controlled["computed_km2"])
    assert Decimal(controlled["computed_mu"]) == computed * 1500
    [flag] = controlled["flags"]
    deviation = (computed - Decimal("144.41")) / Decimal("144.41") * 100
    assert flag["code"] == "declared_mismatch" and f"{deviation:.1f}%" in flag["message"] and "5%" in flag["message"]
    for slug in ("catalogue", "planned", "chemical-park"):
        body = client.get(f"{COASTAL}{slug}/").json()
        assert body["flags"] == [] and body["stale"] is False
        assert abs(Decimal(body["computed_km2"]) / Decimal(body["declared_km2"]) - 1) <= Decimal("0.05")


def test_the_tolerance_is_the_rule_set_in_force(api_as: Api) -> None:
    client = api_as("province_admin")
    AreaRuleSet.objects.create(effective_year=2001, declared_tolerance_pct=Decimal("12.5"))
    assert client.get(f"{COASTAL}controlled/").json()["flags"] == []
    AreaRuleSet.objects.create(effective_year=2999, declared_tolerance_pct=Decimal("1"))  # not yet in force
    assert client.get(f"{COASTAL}controlled/").json()["flags"] == []
    AreaRuleSet.objects.filter(effective_year=2001).update(declared_tolerance_pct=Decimal("10"))
    [flag] = client.get(f"{COASTAL}controlled/").json()["flags"]
    assert "超过 10% 的容差" in flag["message"]


def test_overlapping_catalogue_areas_are_flagged_on_both_zones(api_as: Api) -> None:
    admin = api_as("province_admin")
    coastal = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue")
    ring = coastal.geometry["coordinates"][0]
    # 营口经济技术开发区's catalogue area drawn over the base's east side (a wrong file)
    east = max(lon for lon, _lat in ring)
    lats = sorted(lat for _lon, lat in ring)
    over = {
        "type": "Polygon",
        "coordinates": [
            [
                [east - 0.03, lats[0]],
                [east + 0.05, lats[0]],
                [east + 0.05, lats[-1]],
                [east - 0.03, lats[-1]],
                [east - 0.03, lats[0]],
            ]
        ],
    }
    assert admin.patch(ETDZ, {"geometry": over}, format="json").status_code == 200
    run_owed()
    [mine] = [f for f in admin.get(ETDZ).json()["flags"] if f["code"] == "overlaps"]
    assert "辽宁(营口)沿海产业基地" in mine["message"] and "平方公里" in mine["message"]
    theirs = admin.get(f"{COASTAL}catalogue/").json()
    assert codes(theirs) == ["overlaps"] and "营口经济技术开发区" in theirs["flags"][0]["message"]
    # a planned area over the other zone is no finding: only catalogue areas count
    assert admin.get(f"{COASTAL}controlled/").json()["flags"][0]["code"] == "declared_mismatch"

    # moved away: the flag goes on both sides (the run refreshes the neighbour it overlapped)
    touching = square(east, lats[0] - 0.2, 0.05)
    assert admin.patch(ETDZ, {"geometry": touching}, format="json").status_code == 200
    run_owed()
    assert "overlaps" not in codes(admin.get(ETDZ).json())
    assert admin.get(f"{COASTAL}catalogue/").json()["flags"] == []


def test_touching_edges_are_not_an_overlap(api_as: Api) -> None:
    admin = api_as("province_admin")
    left, right = square(122.50, 40.90, 0.05), square(122.55, 40.90, 0.05)
    for code, geometry in (("yingkou-hitech", left), ("yingkou-etdz", right)):
        response = admin.patch(f"/api/v1/zones/{code}/areas/catalogue/", {"geometry": geometry}, format="json")
        assert response.status_code == 200
    run_owed()
    assert "overlaps" not in codes(admin.get(ETDZ).json())
    assert "overlaps" not in codes(admin.get("/api/v1/zones/yingkou-hitech/areas/catalogue/").json())


def test_a_sub_area_reaching_outside_its_parent_is_flagged(api_as: Api) -> None:
    editor = api_as("city_yingkou")
    catalogue = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue").geometry
    ring = catalogue["coordinates"][0]
    west = min(lon for lon, _lat in ring)
    mid = sorted(lat for _lon, lat in ring)[len(ring) // 2]
    straddling = square(west - 0.02, mid - 0.01, 0.04)  # half in, half out of the catalogue area
    assert editor.patch(f"{COASTAL}chemical-park/", {"geometry": straddling}, format="json").status_code == 200
    stale = editor.get(f"{COASTAL}chemical-park/").json()
    assert stale["stale"] is True and stale["flags"] == []  # the old boundary's flags until the run
    run_owed()
    body = editor.get(f"{COASTAL}chemical-park/").json()
    assert body["stale"] is False and "outside_parent" in codes(body)
    [flag] = [f for f in body["flags"] if f["code"] == "outside_parent"]
    assert "目录核准面积" in flag["message"] and "超出所属区域" in flag["message"]

    # the parent grows to cover it: the parent's run clears the sub-area's flag
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    bigger = square(min(lons) - 0.05, min(lats), max(max(lons) - min(lons) + 0.05, max(lats) - min(lats)))
    assert editor.patch(f"{COASTAL}catalogue/", {"geometry": bigger}, format="json").status_code == 200
    run_owed()
    assert "outside_parent" not in codes(editor.get(f"{COASTAL}chemical-park/").json())


def test_the_zone_detail_lists_each_area_with_its_flags(api_as: Api) -> None:
    body = api_as("auditor").get("/api/v1/zones/yingkou-coastal/").json()
    flags = {a["kind"]: codes(a) for a in body["areas"]}
    assert flags == {"catalogue": [], "planned": [], "controlled": ["declared_mismatch"], "chemical-park": []}


@pytest.fixture
def page(demo: Any) -> Client:
    client = Client()
    client.login(username="auditor", password="devzone-demo")
    return client


def test_the_zone_page_shows_declared_beside_computed_with_the_flag(page: Client) -> None:
    html = page.get("/zones/yingkou-coastal/").content.decode()
    controlled = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="controlled")
    row = html[html.index('data-area="controlled"') :]
    row = row[: row.index("</tr>")]
    assert "144.41" in row and f"{controlled.computed_km2:.2f}" in row and f"{controlled.computed_mu:,.0f}" in row
    assert 'data-flag="declared_mismatch"' in row and "超过 5% 的容差" in row
    catalogue_row = html[html.index('data-area="catalogue"') :]
    assert 'data-flag="' not in catalogue_row[: catalogue_row.index("</tr>")]
    assert 'id="zone-map"' in html and "vendor/leaflet/leaflet.js" in html


def test_the_province_edits_the_tolerance_in_the_admin(demo: Any) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="province_admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    rule = AreaRuleSet.objects.get(effective_year=2000)
    assert rule.declared_tolerance_pct == 5  # the migration's default
    response = client.post(
        f"/admin/zones/arearuleset/{rule.pk}/change/", {"effective_year": "2000", "declared_tolerance_pct": "150"}
    )
    assert response.status_code == 200 and AreaRuleSet.objects.get(pk=rule.pk).declared_tolerance_pct == 5
    client.post(
        f"/admin/zones/arearuleset/{rule.pk}/change/", {"effective_year": "2000", "declared_tolerance_pct": "15"}
    )
    assert AreaRuleSet.objects.get(pk=rule.pk).declared_tolerance_pct == 15
    assert as_flags(client) == []


def as_flags(client: Client) -> list[str]:
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(get_user("auditor"))
    return codes(api.get(f"{COASTAL}controlled/").json())


def get_user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)

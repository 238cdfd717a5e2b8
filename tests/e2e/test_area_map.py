"""Browser: the zone page's map and the province map draw the polygons; an area is edited by
pasting GeoJSON, and a polygon drawn on the map fills the GeoJSON field."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import expect

from zones.models import ZoneArea


def overlay_paths(page: Any, map_id: str) -> int:
    return page.locator(f"#{map_id} .leaflet-overlay-pane path").count()


def test_zone_page_and_province_maps_show_the_polygons(login: Any) -> None:
    page = login("province_admin")
    page.goto("/zones/yingkou-coastal/")
    page.wait_for_selector("#zone-map .leaflet-overlay-pane path.leaflet-interactive")
    drawn = ZoneArea.objects.filter(zone__code="yingkou-coastal").exclude(geometry=None).count()
    # four areas, plus the graticule lines (also paths, but not interactive)
    assert drawn == 4
    expect(page.locator("#zone-map .leaflet-overlay-pane path.leaflet-interactive")).to_have_count(drawn)
    assert "目录核准面积" in page.get_by_test_id("map-legend").inner_text()
    controlled = page.locator('[data-area="controlled"]')
    expect(controlled.locator('[data-flag="declared_mismatch"]')).to_be_visible()
    assert "超过 5% 的容差" in controlled.inner_text()

    page.get_by_role("link", name="地图").click()
    page.wait_for_selector('#province-map[data-loaded="1"]')
    zones = int(page.get_attribute("#province-map", "data-zone-count"))
    assert zones == 14
    expect(page.locator("#province-map path.leaflet-interactive")).to_have_count(zones)
    assert "省级经济开发区" in page.get_by_test_id("map-legend").inner_text()
    page.get_by_test_id("colour-by").select_option("status")
    expect(page.get_by_test_id("map-legend")).to_contain_text("正常")
    assert overlay_paths(page, "province-map") >= 14


def test_a_city_officer_sees_only_their_zones_on_the_map(login: Any) -> None:
    page = login("city_dalian")
    page.goto("/zones/map/")
    page.wait_for_selector('#province-map[data-loaded="1"]')
    expect(page.locator("#province-map path.leaflet-interactive")).to_have_count(4)


def test_an_area_is_edited_by_pasting_geojson_and_by_drawing(login: Any) -> None:
    page = login("city_yingkou")
    page.goto("/zones/yingkou-coastal/")
    page.locator('[data-area="planned"]').get_by_role("link", name="修改").click()
    page.get_by_label("边界 GeoJSON").fill('{"type": "Polygon", "coordinates": [[[40.6, 122.1], [40.7, 122.1]]]}')
    page.get_by_role("button", name="保存").click()
    assert "至少需要 4 个坐标点" in page.get_by_test_id("error-geometry_text").inner_text()
    assert ZoneArea.objects.get(zone__code="yingkou-coastal", slug="planned").geometry_version == 1

    square = [[122.15, 40.56], [122.25, 40.56], [122.25, 40.65], [122.15, 40.65], [122.15, 40.56]]
    page.get_by_label("边界 GeoJSON").fill(json.dumps({"type": "Polygon", "coordinates": [square]}))
    page.get_by_label("四至范围").fill("东起庄林公路，南到大清河北支流，西至海岸线及近海海域，北起民兴河")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/zones/yingkou-coastal/#areas")
    expect(page.get_by_text("区域已保存。")).to_be_visible()
    planned = ZoneArea.objects.get(zone__code="yingkou-coastal", slug="planned")
    assert planned.geometry == {"type": "Polygon", "coordinates": [square]} and planned.geometry_version == 2

    # drawing: three clicks on the map and "完成绘制" fill the GeoJSON field with a closed ring
    page.goto("/zones/yingkou-coastal/areas/chemical-park/edit/")
    page.get_by_role("button", name="在地图上绘制").click()
    page.get_by_test_id("draw-map").scroll_into_view_if_needed()
    box = page.get_by_test_id("draw-map").bounding_box()
    for dx, dy in ((0.4, 0.4), (0.6, 0.4), (0.5, 0.6)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
    page.get_by_role("button", name="完成绘制").click()
    drawn = json.loads(page.get_by_label("边界 GeoJSON").input_value())
    ring = drawn["coordinates"][0]
    assert drawn["type"] == "Polygon" and len(ring) == 4 and ring[0] == ring[-1]
    assert all(121 < lon < 123.5 and 40 < lat < 41.2 for lon, lat in ring)

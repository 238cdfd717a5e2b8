"""Browser: the province map has a base layer (province, city and county outlines with names), a
list of the zones beside it, zones reachable by keyboard, formatted areas, no console error."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS


def test_the_province_map_has_a_base_layer_a_list_and_keyboard_access(login: Any) -> None:
    page = login("province_admin")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/zones/map/")
    page.wait_for_selector('#province-map[data-loaded="1"]')
    page.wait_for_selector("#province-map[data-base-features]", timeout=30_000)

    # base layer: 1 province + 14 cities + ~100 counties drawn in their own pane, with names
    assert int(page.get_attribute("#province-map", "data-base-features")) >= 115
    assert page.locator("#province-map .leaflet-base-pane path").count() >= 115
    cities = page.locator(".leaflet-tooltip.place-label.city")
    expect(cities).to_have_count(14)
    expect(cities.filter(has_text="营口市")).to_be_visible()
    expect(page.locator(".leaflet-tooltip.place-label.county").first).to_be_hidden()  # only from zoom 9
    # the zones still sit on top, one interactive outline each
    zones = int(page.get_attribute("#province-map", "data-zone-count"))
    assert zones == 14
    expect(page.locator("#province-map path.leaflet-interactive")).to_have_count(zones)

    # the list beside the map: every zone, its status and a formatted area
    rows = page.get_by_test_id("zone-map-list").locator("tbody tr")
    expect(rows).to_have_count(zones)
    yingkou = rows.filter(has_text="辽宁(营口)沿海产业基地")
    expect(yingkou.locator("td.num")).to_have_text(re.compile(r"^\d[\d,]*\.\d\d km²$"))

    # keyboard: Tab from the colour select reaches a zone outline, Enter opens its popup
    page.get_by_test_id("colour-by").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.classList.contains('zone-shape')"):
            break
    else:
        raise AssertionError("no zone outline took the keyboard focus")
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(name)
    text = popup.inner_text()
    assert re.search(r"申报面积 \d[\d,]*\.\d\d km²", text), text
    assert not re.search(r"\d\.\d{3,}", text), text  # never "77.2700"

    # "show on the map" from the list opens the zone's popup
    yingkou.get_by_role("button", name="在地图上显示").click()
    expect(popup.filter(has_text="辽宁(营口)沿海产业基地")).to_be_visible()
    expect(popup).to_have_count(1)  # the previous one closed

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "province-map.png"), full_page=True)
    assert errors == []


def test_county_names_appear_when_zoomed_in(login: Any) -> None:
    page = login("city_yingkou")
    page.goto("/zones/map/")
    page.wait_for_selector('#province-map[data-loaded="1"]')
    page.locator("#province-map").evaluate("el => el.classList.contains('show-county-labels')")
    page.wait_for_selector("#province-map[data-base-features]", timeout=30_000)
    page.get_by_test_id("zone-map-list").get_by_role("button", name="在地图上显示").first.click()
    expect(page.locator("#province-map.show-county-labels")).to_have_count(1)
    expect(page.locator(".leaflet-tooltip.place-label.county").filter(has_text="鲅鱼圈区")).to_be_visible()

"""Browser: the top bar on a phone (414 px), the skip link, the focus ring, the language menu in
each language's own name, and the print stylesheet of a record page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_the_top_bar_reflows_on_a_phone_and_the_skip_link_works(login: Any) -> None:
    page = login("province_admin")
    page.set_viewport_size({"width": 414, "height": 860})
    page.goto("/zones/")
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    for link in [*page.locator(".mainnav a").all(), page.locator(".brand")]:
        box = link.bounding_box()
        assert box is not None and box["height"] < 1.6 * line, link.inner_text()  # one line each
        assert box["x"] + box["width"] <= 414
    assert page.evaluate("document.documentElement.scrollWidth") <= 414  # no sideways scrolling

    page.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"  # the visible focus ring
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_language_menu_names_each_language_in_itself(login: Any) -> None:
    page = login("province_admin")
    options = page.get_by_label("语言").locator("option")
    expect(options).to_have_text(["简体中文", "English"])


def test_a_record_page_prints_without_the_portal_around_it(login: Any) -> None:
    page = login("province_admin")
    page.goto("/zones/yingkou-coastal/")
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".footer")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".topbar")).to_be_visible()


def test_no_home_scrolls_sideways_in_either_language_on_a_phone_or_a_desk(page: Any, demo_live: Any) -> None:
    """The longest menus and panels (the province admin's; English words) still fit: the menu
    wraps, a panel's table scrolls inside its card, a 12-month table inside its box."""
    for language in ("zh-hans", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": demo_live.url}])
        for username in ("province_admin", "city_yingkou"):
            page.context.clear_cookies(name="sessionid")
            page.goto("/login/")
            page.locator("input[name=username]").fill(username)
            page.locator("input[name=password]").fill("devzone-demo")
            page.locator("main button[type=submit]").click()
            expect(page.get_by_test_id("current-user")).to_be_visible()
            for url in ("/", "/finance/zones/yingkou-coastal/statement/2025/", "/powers/zones/yingkou-coastal/"):
                page.goto(url)
                for width in (1280, 414):
                    page.set_viewport_size({"width": width, "height": 860})
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    assert wide <= width, (language, username, url, width, wide)

"""Each demo role logs in on the Chinese login page and sees its home page and only its zones."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from devzone.tenancy import visible_zones
from tests.conftest import DEMO_USERS
from zones.models import Zone


def test_login_page_is_chinese_and_refuses_bad_password(page: Any) -> None:
    page.goto("/")
    assert "/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("用户名").fill("province_admin")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码不正确")


@pytest.mark.parametrize("username", DEMO_USERS)
def test_each_role_sees_its_home_and_only_its_zones(login: Any, username: str) -> None:
    page = login(username)
    expect(page.get_by_test_id("roles")).to_be_visible()
    user = get_user_model().objects.get(username=username)
    expected = set(visible_zones(user).values_list("name", flat=True))
    page.goto("/zones/")
    shown = set(page.get_by_test_id("zone-list").locator("tbody tr td:first-child a").all_inner_texts())
    assert shown == expected
    foreign = Zone.objects.exclude(name__in=expected).first()
    if foreign is not None:
        response = page.goto(f"/zones/{foreign.code}/")
        assert response is not None and response.status == 404


def test_zone_officer_home_lists_exactly_its_zone(login: Any) -> None:
    page = login("zone_yingkou_hr")
    rows = page.get_by_test_id("home-zones").locator("tbody tr").all_inner_texts()
    assert len(rows) == 1 and "辽宁(营口)沿海产业基地" in rows[0]


def test_language_switch_to_english(login: Any) -> None:
    page = login("province_admin")
    with page.expect_navigation():
        page.get_by_label("语言").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_an_english_browser_still_gets_the_chinese_portal(browser: Any, demo_live: Any) -> None:
    context = browser.new_context(locale="en-US", base_url=demo_live.url)
    page = context.new_page()
    page.goto("/login/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_label("语言").input_value() == "zh-hans"
    context.close()

"""In a real browser: a city officer imports zones from the list page, and fixes a bad file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.imports.workbooks import ZONE_HEADERS, read, xlsx, zone_row
from zones.models import Zone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def page(live_server: Any, demo: None) -> Iterator[Any]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the test's own ORM reads are still synchronous.
    # Django keeps connections per context: close them on each side of Playwright's, or one is
    # left open and the test database cannot be dropped.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    connections.close_all()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(locale="zh-CN", accept_downloads=True)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.goto(f"{live_server.url}/login/")
        tab.fill("#id_username", "city_yingkou")
        tab.fill("#id_password", "devzone-demo")
        tab.click("button[type=submit]")
        tab.wait_for_url(f"{live_server.url}/")
        yield tab
        connections.close_all()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def choose(tab: Any, content: bytes, name: str) -> None:
    tab.set_input_files("input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": content}])
    tab.click("text=上传并导入")


def test_import_from_the_zone_list_then_fix_a_bad_file(live_server: Any, page: Any, tmp_path: Path) -> None:
    page.goto(f"{live_server.url}/zones/")
    page.click("text=导入 Excel")
    choose(page, xlsx([ZONE_HEADERS, zone_row("yingkou-browser", "营口浏览器园区", planned=6.5)]), "新园区.xlsx")
    assert page.inner_text("[data-testid=import-summary]") == "导入完成：新增 1，更新 0，未变 0。"
    assert Zone.objects.get(code="yingkou-browser").areas.get(slug="planned").declared_km2 == 6.5

    page.click("text=再导入一个文件")
    bad = xlsx([ZONE_HEADERS, zone_row("yingkou-browser2", "营口浏览器二园区", city="大连市")])
    choose(page, bad, "有错误.xlsx")
    assert "文件中有 1 处错误，未导入任何数据。" in page.inner_text("[data-testid=import-summary]")
    cells = page.locator("[data-testid=import-errors] tbody tr td").all_inner_texts()
    assert cells == ["2", "所在市", "大连市", "您无权在大连市新增开发区。"]
    with page.expect_download() as download:
        page.click("[data-testid=error-report]")
    saved = tmp_path / "report.xlsx"
    download.value.save_as(saved)
    assert read(saved.read_bytes())[1] == [2, "所在市", "大连市", "您无权在大连市新增开发区。"]
    assert not Zone.objects.filter(code="yingkou-browser2").exists()

    page.goto(f"{live_server.url}/zones/")
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    codes = sorted(row[0] for row in read(saved.read_bytes())[1:])
    assert codes == ["yingkou-browser", "yingkou-coastal", "yingkou-etdz", "yingkou-hitech"]

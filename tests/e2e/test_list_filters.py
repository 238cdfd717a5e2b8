"""In a real browser: the zone list's filter form narrows the rows, and the Excel export and the
PDF link then hold exactly the filtered zones (ADR 0010)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.test_imports_browser import download
from tests.imports.workbooks import read


def test_filtering_by_county_then_exporting(login: Any, tmp_path: Path) -> None:
    page = login("province_admin")
    page.goto("/zones/")
    page.get_by_label("所在县(市、区)").select_option("210106")  # 沈阳市铁西区
    rows = page.get_by_test_id("zone-list").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("沈阳经济技术开发区")
    export = page.get_by_role("link", name="导出 Excel")
    expect(export).to_have_attribute("href", re.compile(r"^/imports/zones/export\.xlsx\?.*\bcounty=210106\b"))
    exported = download(page, export, tmp_path / "export.xlsx")
    assert [row[0] for row in read(exported)[1:]] == ["shenyang-etdz"]
    expect(page.get_by_test_id("zone-list-pdf")).to_have_attribute("href", re.compile(r"\bcounty=210106\b"))

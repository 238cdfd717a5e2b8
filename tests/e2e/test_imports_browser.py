"""In a real browser: a city officer imports zones from the list page, and fixes a bad file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.imports.workbooks import ZONE_HEADERS, read, xlsx, zone_row
from zones.models import Zone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choose(page: Any, content: bytes, name: str) -> None:
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": content}]
    )
    page.get_by_role("button", name="上传并导入").click()


def download(page: Any, link: Any, target: Path) -> bytes:
    with page.expect_download() as event:
        link.click()
    event.value.save_as(target)
    return target.read_bytes()


def test_import_from_the_zone_list_then_fix_a_bad_file(login: Any, tmp_path: Path) -> None:
    page = login("city_yingkou")
    page.goto("/zones/")
    page.get_by_role("link", name="导入 Excel").click()
    choose(page, xlsx([ZONE_HEADERS, zone_row("yingkou-browser", "营口浏览器园区", planned=6.5)]), "新园区.xlsx")
    assert page.get_by_test_id("import-summary").inner_text() == "导入完成：新增 1，更新 0，未变 0。"
    assert Zone.objects.get(code="yingkou-browser").areas.get(slug="planned").declared_km2 == Decimal("6.5")

    page.get_by_role("link", name="再导入一个文件").click()
    choose(page, xlsx([ZONE_HEADERS, zone_row("yingkou-browser2", "营口浏览器二园区", city="大连市")]), "有错误.xlsx")
    assert "文件中有 1 处错误，未导入任何数据。" in page.get_by_test_id("import-summary").inner_text()
    cells = page.get_by_test_id("import-errors").locator("tbody tr td").all_inner_texts()
    assert cells == ["2", "所在市", "大连市", "您无权在大连市新增开发区。"]
    report = download(page, page.get_by_test_id("error-report"), tmp_path / "report.xlsx")
    assert read(report)[1] == [2, "所在市", "大连市", "您无权在大连市新增开发区。"]
    assert not Zone.objects.filter(code="yingkou-browser2").exists()

    page.goto("/zones/")
    exported = download(page, page.get_by_role("link", name="导出 Excel"), tmp_path / "export.xlsx")
    codes = sorted(row[0] for row in read(exported)[1:])
    assert codes == ["yingkou-browser", "yingkou-coastal", "yingkou-etdz", "yingkou-hitech"]

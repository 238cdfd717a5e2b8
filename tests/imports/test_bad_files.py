"""Bad files: each gets a clear Chinese message, a 400 (never a 500), and changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from devzone.imports import registry
from devzone.imports.base import UNCHANGED, Importer, ImportPlan, Problems, Row
from devzone.imports.columns import DateColumn, IntColumn, TextColumn
from devzone.imports.models import ImportRun, RunState
from tests.imports.conftest import snapshot
from tests.imports.workbooks import ZONE_HEADERS, xlsx, zone_row
from zones.models import Zone

pytestmark = pytest.mark.django_db


def refused(response: Any, *fragments: str) -> str:
    assert response.status_code == 400, (response.status_code, getattr(response, "data", response.content))
    detail = response.data["detail"]
    for fragment in fragments:
        assert fragment in detail, detail
    return detail


# -- not an Excel file at all ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"code,name\nyingkou-x,Test\n", "zones.xlsx", "内容是纯文本"),
        ("代码,名称\n营口,测试\n".encode("gb18030"), "zones.xlsx", "内容是纯文本"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "report.xlsx", "这是 PDF 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xlsx", "旧版 Excel(.xls)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x01\x02" * 40, "picture.xlsx", "不是 Excel(.xlsx) 文件"),
        (b"", "empty.xlsx", "文件是空的"),
    ],
    ids=["txt", "gb18030-csv", "pdf", "xls-or-encrypted", "png", "empty"],
)
def test_a_file_that_is_not_an_xlsx_is_refused(
    demo: None, post_import: Any, content: bytes, name: str, fragment: str
) -> None:
    before = snapshot()
    detail = refused(post_import("province_admin", content, name), fragment)
    assert snapshot() == before
    run = ImportRun.objects.get()
    assert (run.state, run.detail, run.payload, run.file_name) == (RunState.REJECTED, detail, None, name)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


def test_a_word_document_renamed_xlsx_is_refused(demo: None, post_import: Any) -> None:
    content = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    before = snapshot()
    refused(post_import("province_admin", content), "这是 Word 文档")
    assert snapshot() == before


def test_a_plain_zip_renamed_xlsx_is_refused(demo: None, post_import: Any) -> None:
    refused(post_import("province_admin", _zip({"readme.txt": b"hello"})), "压缩包，但不是 Excel 工作簿")


def test_a_truncated_workbook_is_refused(demo: None, post_import: Any) -> None:
    content = xlsx([ZONE_HEADERS, zone_row("yingkou-a", "营口甲园区")])
    before = snapshot()
    refused(post_import("province_admin", content[: len(content) // 2]), "文件已损坏")
    assert snapshot() == before


def test_a_zip_with_a_broken_workbook_inside_is_refused(demo: None, post_import: Any) -> None:
    content = _zip({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"<workbook><sheets>"})
    refused(post_import("province_admin", content), "文件已损坏或不是有效的 .xlsx 工作簿")


@override_settings(IMPORT_MAX_BYTES=4096)
def test_a_file_over_the_size_limit_is_refused(demo: None, post_import: Any) -> None:
    content = xlsx([ZONE_HEADERS] + [zone_row(f"z-{i}", f"园区{i}") for i in range(300)])
    assert len(content) > 4096
    refused(post_import("province_admin", content), "文件过大", "不能超过 0 MB")  # 4 KB shown as 0 MB


@override_settings(IMPORT_MAX_UNPACKED_BYTES=200_000)
def test_a_zip_bomb_is_refused_before_it_is_unpacked(demo: None, post_import: Any) -> None:
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    sheet += b" " * 5_000_000 + b"</sheetData></worksheet>"
    content = _zip(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": sheet}
    )
    assert len(content) < 50_000
    refused(post_import("province_admin", content), "文件解压后过大")


def test_no_file_is_a_400(demo: None, api_as: Any) -> None:
    response = api_as("province_admin").post("/api/v1/imports/zones/", {}, format="multipart")
    assert response.status_code == 400
    assert response.data == {
        "detail": "请选择要导入的 Excel(.xlsx) 文件。",
        "errors": {"file": ["请选择要导入的 Excel(.xlsx) 文件。"]},
        "rows": [],
    }


# -- an Excel file in the wrong shape -------------------------------------------------------


def test_missing_unknown_and_duplicated_headers_are_listed(demo: None, post_import: Any) -> None:
    headers = ["代码", "类型", "级别", "所在市", "备注", "管理模式", "类型"]
    content = xlsx([headers, ["yingkou-a", "省级经济开发区", "省级", "210800", "x", "管委会+公司", "省级经济开发区"]])
    before = snapshot()
    response = post_import("province_admin", content)
    detail = refused(response, "缺少必填的列：名称。", "列名重复：“类型”（B、G 列）", "无法识别的列：E 列“备注”")
    assert "第 1 行应为表头" in detail and "目录核准面积(平方公里)" in detail
    assert response.data["rows"] == []
    assert snapshot() == before


def test_headers_match_despite_spaces_full_width_brackets_and_required_marks(demo: None, post_import: Any) -> None:
    headers = [" 代码* ", "名 称", "类型＊", "级别", "所在市", "所在县（市、区）", "管理模式"]
    content = xlsx([headers, zone_row("yingkou-a", "营口甲园区")[:7]])
    response = post_import("province_admin", content)
    assert response.status_code == 200, response.data
    assert response.data["created"] == 1


def test_an_empty_sheet_and_a_header_only_sheet_are_refused(demo: None, post_import: Any) -> None:
    refused(post_import("province_admin", xlsx([])), "是空的", "第一行应为表头：代码、名称")
    refused(post_import("province_admin", xlsx([ZONE_HEADERS, [None] * 10, []])), "只有表头，没有数据行")


def test_merged_cells_are_refused(demo: None, post_import: Any) -> None:
    content = xlsx(
        [ZONE_HEADERS, zone_row("yingkou-a", "营口甲园区"), zone_row("yingkou-b", "营口乙园区")], merge="E2:E3"
    )
    before = snapshot()
    refused(post_import("province_admin", content), "合并单元格（E2:E3）", "请取消合并")
    assert snapshot() == before


def test_a_title_row_merged_over_the_headers_is_refused(demo: None, post_import: Any) -> None:
    content = xlsx([["开发区名单"], ZONE_HEADERS, zone_row("yingkou-a", "营口甲园区")], merge="A1:J1")
    refused(post_import("province_admin", content), "合并单元格（A1:J1）")


def test_formulas_are_refused_cell_by_cell(demo: None, post_import: Any) -> None:
    row = zone_row("yingkou-a", "营口甲园区", planned="=SUM(10,2)")
    row[1] = '=CONCAT("营口","甲园区")'
    before = snapshot()
    response = post_import("province_admin", xlsx([ZONE_HEADERS, row]))
    refused(response, "2 处错误")
    assert [(r["row"], r["column"], r["value"]) for r in response.data["rows"]] == [
        (2, "名称", '=CONCAT("营口","甲园区")'),
        (2, "规划面积(平方公里)", "=SUM(10,2)"),
    ]
    assert all("是公式" in r["message"] and "选择性粘贴" in r["message"] for r in response.data["rows"])
    assert snapshot() == before


def test_excel_error_values_are_refused(demo: None, post_import: Any) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ZONE_HEADERS)
    sheet.append(zone_row("yingkou-a", "营口甲园区"))
    sheet["I2"] = "#DIV/0!"
    sheet["I2"].data_type = "e"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post_import("province_admin", buffer.getvalue())
    refused(response)
    assert response.data["rows"][0]["message"] == "单元格显示错误值 #DIV/0!，请改正。"


def test_blank_rows_are_skipped_wherever_they_are(demo: None, post_import: Any) -> None:
    blank = [None] * 10
    content = xlsx(
        [
            ZONE_HEADERS,
            blank,
            zone_row("yingkou-a", "营口甲园区"),
            blank,
            ["  "] * 3,
            zone_row("yingkou-b", "营口乙园区"),
        ]
        + [blank] * 50
    )
    response = post_import("province_admin", content)
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["total"], response.data["skipped_blank"]) == (2, 2, 3)
    assert set(Zone.objects.filter(code__in=["yingkou-a", "yingkou-b"]).values_list("name", flat=True)) == {
        "营口甲园区",
        "营口乙园区",
    }


def test_data_in_a_column_without_a_header_is_a_row_error(demo: None, post_import: Any) -> None:
    response = post_import("province_admin", xlsx([ZONE_HEADERS, [*zone_row("yingkou-a", "营口甲园区"), None, "备注"]]))
    refused(response, "1 处错误")
    assert response.data["rows"][0]["column"] == "L 列（无表头）"
    assert response.data["rows"][0]["value"] == "备注"


def test_a_hundred_thousand_rows_are_refused_quickly(demo: None, post_import: Any) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("开发区")
    sheet.append(ZONE_HEADERS)
    for i in range(100_000):
        sheet.append([f"bulk-{i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = snapshot()
    started = time.monotonic()
    response = post_import("province_admin", buffer.getvalue())
    elapsed = time.monotonic() - started
    refused(response, "数据行超过上限：一次最多导入 20000 行", "拆分")
    assert elapsed < 10, f"refusing took {elapsed:.1f}s"
    assert snapshot() == before
    assert ImportRun.objects.get().payload is None


def test_cells_of_the_wrong_type_are_reported(demo: None, post_import: Any) -> None:
    rows = [
        ZONE_HEADERS,
        zone_row("营口 新区", "营口甲园区"),
        zone_row("yingkou-b", "营口乙园区", planned="十二", catalogue=1.23456, controlled=True),
        zone_row("yingkou-c", "x" * 129, level=dt.datetime(2020, 1, 1)),
    ]
    response = post_import("province_admin", xlsx(rows))
    refused(response, "6 处错误")
    got = [(r["row"], r["column"], r["message"]) for r in response.data["rows"]]
    assert got == [
        (2, "代码", "代码只能包含英文字母、数字、连字符和下划线，如 yingkou-coastal。"),
        (3, "目录核准面积(平方公里)", "最多 4 位小数。"),
        (3, "规划面积(平方公里)", "应为数字。"),
        (3, "实控面积(平方公里)", "应为数字，不能是逻辑值（TRUE/FALSE）。"),
        (4, "名称", "最多 128 个字符（现为 129 个）。"),
        (4, "级别", "应填写文本，不能是日期或时间。"),
    ]


def test_invisible_control_characters_are_refused(demo: None, post_import: Any) -> None:
    response = post_import("province_admin", xlsx([ZONE_HEADERS, zone_row("yingkou-a", "营口\x7f园区")]))
    refused(response, "1 处错误")
    assert response.data["rows"][0]["message"] == "含有不可见的控制字符，请删除后重新输入。"


# -- dates, through a probe importer with a date column -------------------------------------


class ProbeImporter(Importer):
    """Checks cells and changes nothing: the framework's parsing, seen from outside."""

    name = "probe"
    title = "探针"
    sheet_title = "探针"
    natural_key = ("ref",)
    columns = (
        TextColumn("ref", "编号", required=True, max_length=10),
        DateColumn("signed", "签订日期", required=True),
        IntColumn("year", "年度", min_value=2000, max_value=2100),
    )
    seen: list[dict[str, Any]] = []

    def permitted(self) -> bool:
        return self.user.is_authenticated

    def plan(self, row: Row, problems: Problems) -> ImportPlan:
        ProbeImporter.seen.append(dict(row.values))
        return ImportPlan(row, UNCHANGED)


@pytest.fixture
def probe() -> Iterator[type[ProbeImporter]]:
    registry.register(ProbeImporter)
    ProbeImporter.seen = []
    yield ProbeImporter
    registry._importers.pop("probe")


def test_dates_given_as_text_are_refused_with_a_way_out(demo: None, post_import: Any, probe: Any) -> None:
    rows = [
        ["编号", "签订日期", "年度"],
        ["A1", dt.date(2024, 3, 1), 2024],
        ["A2", "2024-03-01", "2024"],
        ["A3", "2024年3月1日", 2024.0],
        ["A4", "下月初", 1999],
        ["A5", dt.datetime(2024, 3, 1, 9, 30), 2024.5],
    ]
    response = post_import("province_staff", xlsx(rows, title="探针"), importer="probe")
    refused(response, "6 处错误")
    got = [(r["row"], r["column"], r["value"], r["message"]) for r in response.data["rows"]]
    assert got[0] == (
        3,
        "签订日期",
        "2024-03-01",
        "“2024-03-01”是文本形式的日期。请把该单元格设置为日期格式（或使用 DATEVALUE 转换后粘贴为数值）。",
    )
    assert got[1][:3] == (4, "签订日期", "2024年3月1日") and "文本形式的日期" in got[1][3]
    assert got[2] == (5, "签订日期", "下月初", "应为日期（Excel 日期格式的单元格）。")
    assert got[3] == (5, "年度", "1999", "不能小于 2000。")
    assert got[4] == (6, "签订日期", "2024-03-01 09:30:00", "应为日期，不能带时间。")
    assert got[5] == (6, "年度", "2024.5", "应为整数。")
    # rows 2 and 3 parsed as they should: a real date, and numbers given as text accepted
    assert probe.seen == [{"ref": "A1", "signed": dt.date(2024, 3, 1), "year": 2024}]


def test_the_probe_accepts_good_dates(demo: None, post_import: Any, probe: Any) -> None:
    rows = [["编号", "签订日期"], ["A1", dt.date(2024, 3, 1)], ["A2", dt.datetime(2023, 12, 31)]]
    response = post_import("province_staff", xlsx(rows), importer="probe")
    assert response.status_code == 200, response.data
    assert response.data["unchanged"] == 2
    assert [v["signed"] for v in probe.seen] == [dt.date(2024, 3, 1), dt.date(2023, 12, 31)]


def test_an_unknown_importer_is_a_404(demo: None, post_import: Any) -> None:
    assert post_import("province_admin", b"x", importer="nothing").status_code == 404


# -- whatever bytes arrive, never a 500 ----------------------------------------------------

GOOD = xlsx([ZONE_HEADERS, zone_row("fuzz-a", "模糊测试园区")])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_workbooks_never_cause_a_500(demo: None, post_import: Any, data: Any) -> None:
    content = bytearray(GOOD)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(content) // 2, len(content)))
    response = post_import("province_admin", bytes(content[:cut]))
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.data["detail"]

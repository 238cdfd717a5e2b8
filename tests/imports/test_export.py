"""Export and template: the import's own columns, scoped, and an export re-imports unchanged."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from devzone.tenancy import visible_zones
from tests.conftest import DEMO_USERS
from tests.imports.conftest import snapshot
from tests.imports.workbooks import ZONE_HEADERS, read, xlsx, zone_row
from zones.demo import OTHER_CATALOGUE
from zones.models import Zone

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(api_as: Any, username: str, query: str = "") -> Any:
    response = api_as(username).get(f"/api/v1/exports/zones.xlsx{query}")
    assert response.status_code == 200, getattr(response, "data", response.status_code)
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    return response.content


@pytest.mark.parametrize("username", DEMO_USERS)
def test_an_export_holds_exactly_the_zones_the_user_may_see(demo: None, api_as: Any, username: str) -> None:
    rows = read(export(api_as, username))
    assert rows[0] == ZONE_HEADERS
    user = get_user_model().objects.get(username=username)
    assert sorted(r[0] for r in rows[1:]) == sorted(visible_zones(user).values_list("code", flat=True))


def test_an_export_shows_labels_codes_and_declared_areas(demo: None, api_as: Any) -> None:
    rows = {r[0]: r for r in read(export(api_as, "city_yingkou"))[1:]}
    assert rows["yingkou-coastal"] == [
        "yingkou-coastal",
        "辽宁(营口)沿海产业基地",
        "省级经济开发区",
        "省级",
        "营口市（210800）",  # the name a person reads, with the code that identifies it
        "西市区（210803）",
        "管委会+公司",
        77.27,
        120,
        144.41,
    ]
    # the demo declares only a catalogue area for the other zones (zones/demo.py OTHER_CATALOGUE)
    assert rows["yingkou-etdz"][7:] == [float(OTHER_CATALOGUE["yingkou-etdz"][0]), None, None]


def test_an_export_follows_the_list_filters(demo: None, api_as: Any) -> None:
    rows = read(export(api_as, "province_admin", "?city=210200&level=national"))
    assert sorted(r[0] for r in rows[1:]) == ["dalian-changxing", "dalian-etdz", "dalian-hitech"]
    response = api_as("province_admin").get("/api/v1/exports/zones.xlsx?kind=bogus")
    assert response.status_code == 400
    assert "bogus" in response.data["detail"]


def test_an_export_reimports_unchanged(demo: None, api_as: Any, post_import: Any) -> None:
    content = export(api_as, "province_admin")
    before = snapshot()
    response = post_import("province_admin", content, "导出.xlsx")
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["updated"]) == (0, 0)
    assert response.data["unchanged"] == Zone.objects.count()
    assert snapshot() == before


def test_an_edited_export_updates_just_what_was_edited(demo: None, api_as: Any, post_import: Any) -> None:
    book = load_workbook(io.BytesIO(export(api_as, "city_dalian")))
    sheet = book["开发区"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "dalian-changxing":
            row[8].value = 50.125  # 规划面积
            row[6].value = "企业化管理"
    buffer = io.BytesIO()
    book.save(buffer)
    response = post_import("city_dalian", buffer.getvalue())
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["updated"], response.data["unchanged"]) == (0, 1, 3)
    zone = Zone.objects.get(code="dalian-changxing")
    assert zone.management_model == "enterprise"
    assert zone.areas.get(slug="planned").declared_km2 == Decimal("50.125")


def test_text_that_looks_like_a_formula_is_exported_as_text(demo: None, api_as: Any, post_import: Any) -> None:
    Zone.objects.filter(code="yingkou-etdz").update(name='=HYPERLINK("http://example.invalid","营口")')
    content = export(api_as, "city_yingkou")
    book = load_workbook(io.BytesIO(content))
    cells = next(row for row in book["开发区"].iter_rows(min_row=2) if row[0].value == "yingkou-etdz")
    assert cells[1].data_type == "s"
    assert post_import("city_yingkou", content).data["unchanged"] == 3


def test_the_template_has_the_headers_dropdowns_and_instructions(demo: None, api_as: Any, post_import: Any) -> None:
    response = api_as("auditor").get("/api/v1/imports/zones/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "开发区"
    sheet = book["开发区"]
    assert [c.value for c in sheet[1]] == ZONE_HEADERS
    assert sheet.max_row == 1
    assert sheet["A1"].comment is not None and "必填" in sheet["A1"].comment.text
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"C2:C20001", "D2:D20001", "G2:G20001"}
    options = book["选项"]
    assert options.sheet_state == "hidden"
    kinds = [options.cell(row=i, column=1).value for i in range(2, 7)]
    assert kinds == [
        "国家级经济技术开发区",
        "国家级高新技术产业开发区",
        "省级经济开发区",
        "省级高新技术产业开发区",
        "边(跨)境经济合作区",
    ]
    instructions = [r[0] for r in read(response.content, "填写说明") if r[0]]
    assert "管理模式" in instructions
    assert any("一次最多导入 20000 行" in str(line) for line in instructions)
    regions = read(response.content, "区划代码")
    assert ["210800", "营口市", "地级市", "辽宁省"] in regions
    assert ["210804", "鲅鱼圈区", "县(市、区)", "营口市"] in regions

    # the template, filled in, imports
    sheet.append(zone_row("yingkou-template", "营口模板园区", county="210804", planned=8))
    buffer = io.BytesIO()
    book.save(buffer)
    imported = post_import("city_yingkou", buffer.getvalue())
    assert imported.status_code == 200, imported.data
    assert imported.data["created"] == 1


def test_anonymous_gets_no_template_nor_export(demo: None, api_as: Any) -> None:
    assert api_as(None).get("/api/v1/imports/zones/template.xlsx").status_code == 401
    assert api_as(None).get("/api/v1/exports/zones.xlsx").status_code == 401
    assert api_as("auditor").get("/api/v1/exports/nothing.xlsx").status_code == 404


def test_an_empty_workbook_written_by_another_tool_still_reads(demo: None, post_import: Any) -> None:
    # openpyxl writes no dimension in write-only mode, as some tools do: rows are read anyway
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(ZONE_HEADERS)
    sheet.append(zone_row("yingkou-streamed", "营口流式园区"))
    buffer = io.BytesIO()
    book.save(buffer)
    assert post_import("city_yingkou", buffer.getvalue()).data["created"] == 1
    assert (
        post_import("city_yingkou", xlsx([ZONE_HEADERS, zone_row("yingkou-x", "营口X园区")], title="Sheet1")).data[
            "created"
        ]
        == 1
    )


def test_region_cells_carry_the_name_and_the_code() -> None:
    from devzone.imports.columns import region_code_in

    assert region_code_in("营口市（210800）") == "210800"
    assert region_code_in(" 西市区 (210803) ") == "210803"
    assert region_code_in("210800") == "210800" and region_code_in("营口市") == "营口市"

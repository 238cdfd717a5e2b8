"""Land plots from Excel (issue 4): all or nothing, idempotent, scoped per row, history on the import path."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from devzone.imports.models import ImportRun
from tests.imports.workbooks import read, xlsx
from zones.models import LandPlot

pytestmark = pytest.mark.django_db

PLOT_HEADERS = [
    "开发区代码",
    "地块编号",
    "用途",
    "所在区域",
    "面积(亩)",
    "企业",
    "年度税收(元)",
    "年度产值(元)",
    "数据年度",
    "是否必要配套",
    "备注",
]
USE_WORDS = {"industrial": "产业", "supporting": "配套", "non_industrial": "非产业"}


def plot_snapshot() -> dict[str, Any]:
    return {
        "plots": list(LandPlot.objects.order_by("zone_id", "code").values()),
        "history": LandPlot.history.count(),
    }


def plot_row(zone: str, code: str, use: str = "产业", area_mu: Any = 12.5, **extra: Any) -> list[Any]:
    row = {
        "area": None,
        "enterprise": None,
        "tax": None,
        "output": None,
        "year": None,
        "needed": None,
        "note": None,
    }
    row.update(extra)
    return [
        zone,
        code,
        use,
        row["area"],
        area_mu,
        row["enterprise"],
        row["tax"],
        row["output"],
        row["year"],
        row["needed"],
        row["note"],
    ]


def current_plot_row(zone: str, code: str) -> list[Any]:
    """A plot as it is stored now, in import layout (what the export writes)."""
    plot = LandPlot.objects.select_related("zone", "area").get(zone__code=zone, code=code)
    return plot_row(
        zone,
        code,
        USE_WORDS[plot.use],
        plot.area_mu,
        area=plot.area.slug if plot.area else None,
        enterprise=plot.enterprise or None,
        tax=plot.annual_tax,
        output=plot.annual_output,
        year=plot.figures_year,
        needed="是" if plot.needed_supporting else "否",
        note=plot.note or None,
    )


def last_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year - 1


def good_file() -> bytes:
    idle = current_plot_row("yingkou-coastal", "YK-CY-005")
    idle[5], idle[6], idle[7] = "辛新材料有限公司", 180000, 21000000  # the idle plot found a tenant
    return xlsx(
        [
            PLOT_HEADERS,
            plot_row(
                "yingkou-coastal",
                "YK-CY-101",
                "产业用地",  # the model's label reads as well as the short word
                "88.5",
                area="chemical-park",
                enterprise="壬化学品有限公司",
                tax=1327500,
                output=221250000,
                year=last_year(),
            ),
            plot_row("yingkou-etdz", "YE-PT-001", "supporting", 40, needed="是", note="职工宿舍"),
            idle,
            current_plot_row("yingkou-coastal", "YK-FC-001"),
        ],
        title="地块",
    )


def test_good_file_is_applied_on_the_import_path_and_moves_the_per_mu_figures(demo: None, post_import: Any) -> None:
    from zones.plots import selectors as plots_selectors
    from zones.profile import selectors

    coastal = selectors.zone_profile(user=get_user_model().objects.get(username="city_yingkou"), code="yingkou-coastal")
    tax_before = plots_selectors.plots_summary(coastal).per_mu.tax_per_mu
    unchanged_history = LandPlot.history.filter(code="YK-FC-001").count()

    response = post_import("city_yingkou", good_file(), "地块.xlsx", importer="plots")
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["updated"], response.data["unchanged"]) == (2, 1, 1)

    new = LandPlot.objects.select_related("area").get(zone__code="yingkou-coastal", code="YK-CY-101")
    assert (new.use, new.area_mu, new.area.slug, new.enterprise, new.annual_tax, new.figures_year) == (
        "industrial",
        Decimal("88.5"),
        "chemical-park",
        "壬化学品有限公司",
        Decimal("1327500"),
        last_year(),
    )
    supporting = LandPlot.objects.get(zone__code="yingkou-etdz", code="YE-PT-001")
    assert (supporting.use, supporting.needed_supporting, supporting.note, supporting.area) == (
        "supporting",
        True,
        "职工宿舍",
        None,
    )
    idle = LandPlot.objects.get(zone__code="yingkou-coastal", code="YK-CY-005")
    assert (idle.enterprise, idle.annual_tax, idle.annual_output) == ("辛新材料有限公司", 180000, 21000000)

    user = get_user_model().objects.get(username="city_yingkou")
    created = LandPlot.history.get(code="YK-CY-101")
    assert (created.history_type, created.change_path, created.history_user) == ("+", "import", user)
    changed = LandPlot.history.filter(code="YK-CY-005").latest("history_id")
    assert (changed.history_type, changed.change_path, changed.history_user) == ("~", "import", user)
    assert changed.prev_record.enterprise == ""
    assert LandPlot.history.filter(code="YK-FC-001").count() == unchanged_history  # unchanged: no history

    coastal = selectors.zone_profile(user=user, code="yingkou-coastal")
    assert plots_selectors.plots_summary(coastal).per_mu.tax_per_mu != tax_before  # the new figures count


def test_reimporting_the_same_file_changes_nothing(demo: None, post_import: Any) -> None:
    content = good_file()
    assert post_import("city_yingkou", content, importer="plots").status_code == 200
    before = plot_snapshot()
    again = post_import("city_yingkou", content, importer="plots")
    assert again.status_code == 200, again.data
    assert (again.data["created"], again.data["updated"], again.data["unchanged"]) == (0, 0, 4)
    assert plot_snapshot() == before


def test_bad_rows_reject_the_whole_file_with_row_messages(demo: None, post_import: Any) -> None:
    before = plot_snapshot()
    rows = [
        PLOT_HEADERS,
        plot_row("yingkou-coastal", "YK-OK-001"),  # fine on its own
        plot_row("yingkou-coastal", "YK-BAD-001", "仓储"),  # unknown use
        plot_row("yingkou-coastal", "YK-BAD-002", area_mu=-3),  # negative area
        plot_row("dalian-etdz", "DK-CY-001"),  # a zone of another city: exists, but not for this user
        plot_row("no-such-zone", "X-1"),  # a zone that does not exist reads the same
        plot_row("yingkou-coastal", "YK-OK-001", area_mu=7),  # the same plot twice in the file
        plot_row("yingkou-coastal", "YK-BAD-003", area="nowhere", tax=5),  # unknown area, figures without a year
        plot_row("yingkou-coastal", "YK-BAD-004", needed="是"),  # only supporting plots are needed support
    ]
    response = post_import("city_yingkou", xlsx(rows), importer="plots")
    assert response.status_code == 400, response.data
    assert response.data["detail"].startswith("文件中有 8 处错误，未导入任何数据")
    got = [(r["row"], r["column"], r["message"]) for r in response.data["rows"]]
    assert got == [
        (3, "用途", "“仓储”不是可选项。可选：产业、配套、非产业。"),
        (7, "开发区代码", "与第 2 行重复：同一“开发区代码、地块编号”在一个文件中只能出现一次。"),
        (4, "面积(亩)", "地块面积须大于 0 亩。"),
        (5, "开发区代码", "开发区代码“dalian-etdz”不存在或对您不可用。"),
        (6, "开发区代码", "开发区代码“no-such-zone”不存在或对您不可用。"),
        (8, "所在区域", "本开发区没有标识为 nowhere 的区域。"),
        (8, "数据年度", "填写税收或产值时须注明数据年度。"),
        (9, "是否必要配套", "只有配套用地可标记为必要配套。"),
    ]
    assert "大连经济技术开发区" not in str(response.data)  # the foreign zone is never named
    assert plot_snapshot() == before
    run = ImportRun.objects.get(pk=response.data["run"])
    assert run.state == "rejected"


@pytest.mark.parametrize("username", ["province_staff", "zone_yingkou_hr", "dept_market", "auditor"])
def test_users_without_registry_edit_rights_may_not_import_plots(demo: None, post_import: Any, username: str) -> None:
    before = plot_snapshot()
    response = post_import(username, xlsx([PLOT_HEADERS, plot_row("yingkou-coastal", "YK-X")]), importer="plots")
    assert response.status_code == 403
    assert response.data["detail"] == "您无权导入地块数据：导入地块需要开发区档案的编辑权限。"
    assert plot_snapshot() == before


def test_a_missing_optional_column_leaves_those_values_alone(demo: None, post_import: Any) -> None:
    content = xlsx([["开发区代码", "地块编号", "用途", "面积(亩)"], ["yingkou-coastal", "YK-CY-001", "产业", 430]])
    response = post_import("province_admin", content, importer="plots")
    assert response.status_code == 200, response.data
    assert response.data["updated"] == 1
    plot = LandPlot.objects.select_related("area").get(zone__code="yingkou-coastal", code="YK-CY-001")
    assert (plot.area_mu, plot.enterprise, plot.annual_tax, plot.area.slug) == (
        Decimal("430"),
        "甲有色金属压延有限公司",
        Decimal("9660000"),
        "catalogue",
    )


def export(api_as: Any, username: str, query: str = "") -> bytes:
    response = api_as(username).get(f"/api/v1/exports/plots.xlsx{query}")
    assert response.status_code == 200, getattr(response, "data", response.status_code)
    return response.content


def test_export_round_trips_and_is_scoped(demo: None, api_as: Any, post_import: Any) -> None:
    rows = read(export(api_as, "city_yingkou"))
    assert rows[0] == PLOT_HEADERS
    assert {r[0] for r in rows[1:]} == {"yingkou-coastal"}  # only 营口's plots (dalian's stay out)
    by_code = {r[1]: r for r in rows[1:]}
    assert by_code["YK-PT-001"] == current_plot_row("yingkou-coastal", "YK-PT-001")
    assert by_code["YK-PT-001"][9] == "是" and by_code["YK-CY-001"][3] == "catalogue"

    content = export(api_as, "province_admin")
    assert len(read(content)) - 1 == LandPlot.objects.count()
    before = plot_snapshot()
    response = post_import("province_admin", content, "地块导出.xlsx", importer="plots")
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["updated"], response.data["unchanged"]) == (
        0,
        0,
        LandPlot.objects.count(),
    )
    assert plot_snapshot() == before

    # edited export: just the edited plot changes
    book = load_workbook(io.BytesIO(content))
    for row in book["地块"].iter_rows(min_row=2):
        if row[1].value == "YK-PT-002":
            row[9].value = "是"
    buffer = io.BytesIO()
    book.save(buffer)
    edited = post_import("province_admin", buffer.getvalue(), importer="plots")
    assert (edited.data["created"], edited.data["updated"]) == (0, 1), edited.data
    assert LandPlot.objects.get(code="YK-PT-002").needed_supporting is True


def test_export_of_one_zone_and_a_zone_out_of_scope(demo: None, api_as: Any) -> None:
    rows = read(export(api_as, "zone_yingkou_hr", "?zone=yingkou-coastal"))
    assert sorted(r[1] for r in rows[1:]) == sorted(
        LandPlot.objects.filter(zone__code="yingkou-coastal").values_list("code", flat=True)
    )
    response = api_as("city_yingkou").get("/api/v1/exports/plots.xlsx?zone=dalian-etdz")
    assert response.status_code == 400
    assert response.data["detail"].endswith("开发区代码“dalian-etdz”不存在或对您不可用。")
    assert "大连经济技术开发区" not in str(response.data)


def test_the_template_has_the_columns_and_use_dropdown(demo: None, api_as: Any) -> None:
    response = api_as("auditor").get("/api/v1/imports/plots/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["地块"]
    assert [c.value for c in sheet[1]] == PLOT_HEADERS
    options = book["选项"]
    assert [options.cell(row=i, column=1).value for i in range(1, 5)] == ["用途", "产业", "配套", "非产业"]


def test_zone_profile_links_import_template_and_that_zones_export(demo: None) -> None:
    from django.test import Client

    def page(username: str) -> str:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get("/zones/yingkou-coastal/")
        assert response.status_code == 200
        return response.content.decode()

    editor = page("city_yingkou")
    assert 'href="/imports/plots/"' in editor
    assert 'href="/imports/plots/template.xlsx"' in editor
    assert 'href="/imports/plots/export.xlsx?zone=yingkou-coastal"' in editor
    reader = page("zone_yingkou_hr")
    assert 'href="/imports/plots/"' not in reader  # officers read only: no import link
    assert 'href="/imports/plots/export.xlsx?zone=yingkou-coastal"' in reader

"""Importing zones from Excel: applied whole in one transaction, or refused whole with a report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from devzone.imports.models import ImportRun, RunState
from devzone.imports.services import process_run
from tests.imports.conftest import snapshot
from tests.imports.workbooks import ZONE_HEADERS, read, xlsx, zone_row
from zones.models import Zone, ZoneArea

pytestmark = pytest.mark.django_db


def current_row(code: str) -> list[Any]:
    """A zone exactly as it is now, in import layout (what an export would write)."""
    zone = Zone.objects.select_related("city", "county").get(code=code)
    areas = {a.slug: a.declared_km2 for a in zone.areas.all()}
    return [
        zone.code,
        zone.name,
        zone.get_kind_display(),
        zone.get_level_display(),
        zone.city.code,
        zone.county.code if zone.county else None,
        zone.get_management_model_display(),
        areas.get("catalogue"),
        areas.get("planned"),
        areas.get("controlled"),
    ]


def good_file() -> bytes:
    etdz = current_row("yingkou-etdz")
    etdz[6] = "三合一管委会"
    etdz[8] = 30
    return xlsx(
        [
            ZONE_HEADERS,
            zone_row("yingkou-new", "营口新区产业园", county="210804", catalogue=10.5, planned=12, controlled=13.25),
            etdz,
            current_row("dalian-etdz"),
        ]
    )


def test_good_file_is_applied_with_history_on_the_import_path_by_the_uploader(demo: None, post_import: Any) -> None:
    before_dalian = Zone.history.filter(code="dalian-etdz").count()
    before_areas = set(ZoneArea.history.values_list("history_id", flat=True))  # the demo's (ADR 0164)
    response = post_import("province_admin", good_file())
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["updated"], response.data["unchanged"]) == (1, 1, 1)
    assert response.data["state"] == "applied"

    new = Zone.objects.get(code="yingkou-new")
    assert (new.name, new.kind, new.level, new.city.code, new.county.code, new.management_model) == (
        "营口新区产业园",
        "provincial_edz",
        "provincial",
        "210800",
        "210804",
        "committee_company",
    )
    assert {a.slug: a.declared_km2 for a in new.areas.all()} == {
        "catalogue": Decimal("10.5"),
        "planned": Decimal("12"),
        "controlled": Decimal("13.25"),
    }
    etdz = Zone.objects.get(code="yingkou-etdz")
    assert etdz.management_model == "three_in_one"
    assert etdz.areas.get(slug="planned").declared_km2 == Decimal(30)

    admin = get_user_model().objects.get(username="province_admin")
    created = Zone.history.get(code="yingkou-new")
    assert (created.history_type, created.change_path, created.history_user) == ("+", "import", admin)
    changed = Zone.history.filter(code="yingkou-etdz").latest("history_id")
    assert (changed.history_type, changed.change_path, changed.history_user) == ("~", "import", admin)
    assert changed.prev_record.management_model == "zone_government"
    area_history = ZoneArea.history.filter(zone_id__in=[new.pk, etdz.pk]).exclude(history_id__in=before_areas)
    assert area_history.count() == 4
    assert set(area_history.values_list("change_path", "history_user")) == {("import", admin.pk)}
    # the unchanged row wrote nothing
    assert Zone.history.filter(code="dalian-etdz").count() == before_dalian

    run = ImportRun.objects.get(pk=response.data["run"])
    assert (run.user, run.state, run.total_rows, run.payload) == (admin, RunState.APPLIED, 3, None)


def test_reimporting_the_same_file_changes_nothing(demo: None, post_import: Any) -> None:
    content = good_file()
    assert post_import("province_admin", content).status_code == 200
    before = snapshot()
    again = post_import("province_admin", content)
    assert again.status_code == 200, again.data
    assert (again.data["created"], again.data["updated"], again.data["unchanged"]) == (0, 0, 3)
    assert "新增 0 条，更新 0 条，未变 3 条" in again.data["detail"]
    assert snapshot() == before


def test_one_bad_row_rejects_the_whole_file_with_a_row_report(demo: None, post_import: Any) -> None:
    before = snapshot()
    content = xlsx(
        [
            ZONE_HEADERS,
            zone_row("yingkou-a", "营口甲园区"),
            zone_row("yingkou-b", "营口乙园区", kind="国家级开发区"),
            zone_row("yingkou-c", "营口丙园区", planned=-3),
        ]
    )
    response = post_import("province_admin", content)
    assert response.status_code == 400
    assert response.data["detail"].startswith("文件中有 2 处错误，未导入任何数据")
    assert response.data["errors"] == {"file": [response.data["detail"]]}
    rows = response.data["rows"]
    assert [(r["row"], r["column"], r["value"]) for r in rows] == [
        (3, "类型", "国家级开发区"),
        (4, "规划面积(平方公里)", "-3"),
    ]
    assert "不是可选项" in rows[0]["message"] and "国家级经济技术开发区" in rows[0]["message"]
    assert rows[1]["message"] == "不能小于 0。"
    assert snapshot() == before


def test_error_report_download_lists_row_column_value_message(demo: None, post_import: Any, api_as: Any) -> None:
    content = xlsx([ZONE_HEADERS, zone_row("yingkou-a", "营口甲园区", city="999999")])
    response = post_import("city_yingkou", content)
    assert response.status_code == 400
    report = api_as("city_yingkou").get(response.data["report_url"])
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    rows = read(report.content, "错误报告")
    assert rows[0] == ["行号", "列", "值", "错误说明"]
    assert rows[1] == [2, "所在市", "999999", "没有代码或名称为“999999”的地级市。"]
    # someone else's run is not revealed
    assert api_as("city_dalian").get(response.data["report_url"]).status_code == 404
    assert api_as("city_dalian").get(response.data["status_url"]).status_code == 404


def test_a_file_of_a_few_hundred_rows_is_applied_in_the_request(demo: None, post_import: Any, settings: Any) -> None:
    settings.IMPORT_ASYNC_ROWS = 500
    rows = [ZONE_HEADERS] + [
        zone_row(f"bulk-{i:03d}", f"批量园区{i:03d}", city="210200", planned=i) for i in range(300)
    ]
    response = post_import("city_dalian", xlsx(rows))
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["progress"]) == (300, 300)
    assert Zone.objects.filter(code__startswith="bulk-", city__code="210200").count() == 300
    assert ZoneArea.objects.get(zone__code="bulk-299", slug="planned").declared_km2 == 299
    again = post_import("city_dalian", xlsx(rows))
    assert again.data["unchanged"] == 300


def test_a_finished_run_delivered_again_is_left_alone(demo: None, post_import: Any) -> None:
    response = post_import("city_yingkou", xlsx([ZONE_HEADERS, zone_row("yingkou-once", "营口一次园区")]))
    before = snapshot()
    run = process_run(run_id=response.data["run"])
    assert (run.state, run.created_count) == (RunState.APPLIED, 1)
    assert snapshot() == before

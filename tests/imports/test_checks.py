"""Row checks against the database and within the file; all-or-nothing even when a write fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from devzone.imports import registry
from devzone.imports.base import ImportPlan
from tests.imports.conftest import snapshot
from tests.imports.test_zone_import import current_row
from tests.imports.workbooks import ZONE_HEADERS, xlsx, zone_row
from zones.models import Zone
from zones.profile.imports import ZoneImporter

pytestmark = pytest.mark.django_db


def test_zone_rules_and_uniqueness_are_checked_for_every_row(demo: None, post_import: Any) -> None:
    rows = [
        ZONE_HEADERS,
        zone_row("yingkou-a", "营口甲园区", kind="国家级经济技术开发区"),  # level 省级 does not match
        zone_row("yingkou-b", "营口乙园区", county="210213"),  # 金州区 lies in 大连
        zone_row("yingkou-c", "营口经济技术开发区"),  # the name of an existing zone
        zone_row("yingkou-d", "营口丁园区", city="营口市", county="铁西区"),  # 铁西区 exists twice
        zone_row("yingkou-b", "营口戊园区"),  # the same code twice
        zone_row("yingkou-f", "营口丁园区"),  # the same name twice
    ]
    before = snapshot()
    response = post_import("province_admin", xlsx(rows))
    assert response.status_code == 400
    got = [(r["row"], r["column"], r["message"]) for r in response.data["rows"]]
    assert got == [
        (6, "代码", "与第 3 行重复：同一“代码”在一个文件中只能出现一次。"),
        (7, "名称", "与第 5 行的“名称”重复。"),
        (5, "所在县(市、区)", "名称“铁西区”不唯一，请改填区划代码（210106、210303）。"),
        (2, "级别", "开发区类型与级别不一致。"),
        (3, "所在县(市、区)", "所在县(市、区)不属于所选的市。"),
        (4, "名称", "名称“营口经济技术开发区”不可用，请换用其他名称。"),
    ]
    assert snapshot() == before


def test_regions_may_be_given_by_unique_name_and_choices_by_value(demo: None, post_import: Any) -> None:
    row = zone_row("yingkou-named", "营口命名园区", city="营口市", county="鲅鱼圈区", kind="provincial_edz")
    response = post_import("city_yingkou", xlsx([ZONE_HEADERS, row]))
    assert response.status_code == 200, response.data
    zone = Zone.objects.get(code="yingkou-named")
    assert (zone.city.code, zone.county.code, zone.kind) == ("210800", "210804", "provincial_edz")


def test_missing_optional_columns_leave_fields_alone_and_blank_areas_keep_areas(demo: None, post_import: Any) -> None:
    coastal = current_row("yingkou-coastal")
    renamed = [*coastal[:7]]
    renamed[1] = "辽宁(营口)沿海产业基地（新）"
    headers = ZONE_HEADERS[:5] + ZONE_HEADERS[6:7]  # no county column, no area columns
    response = post_import("city_yingkou", xlsx([headers, renamed[:5] + renamed[6:7]]))
    assert response.status_code == 200, response.data
    zone = Zone.objects.get(code="yingkou-coastal")
    assert zone.name == "辽宁(营口)沿海产业基地（新）"
    assert zone.county.code == "210803"
    assert zone.areas.count() == 4

    blank_areas = current_row("yingkou-coastal")
    blank_areas[7:10] = [None, None, None]
    response = post_import("city_yingkou", xlsx([ZONE_HEADERS, blank_areas]))
    assert response.data["unchanged"] == 1
    assert zone.areas.count() == 4


class FailingZoneImporter(ZoneImporter):
    """Like the zones importer, but the service refuses the third write (as a race would)."""

    name = "zones-failing"
    applied = 0

    def apply(self, plan: ImportPlan) -> None:
        FailingZoneImporter.applied += 1
        if FailingZoneImporter.applied == 3:
            raise ValidationError({"name": ["写入时被拒绝。"]})
        super().apply(plan)


@pytest.fixture
def failing() -> Iterator[None]:
    registry.register(FailingZoneImporter)
    FailingZoneImporter.applied = 0
    yield
    registry._importers.pop("zones-failing")


def test_a_write_refused_mid_way_undoes_every_earlier_write(demo: None, post_import: Any, failing: None) -> None:
    rows = [ZONE_HEADERS] + [zone_row(f"yingkou-{i}", f"营口{i}号园区", planned=i + 1) for i in range(4)]
    before = snapshot()
    response = post_import("province_admin", xlsx(rows), importer="zones-failing")
    assert FailingZoneImporter.applied == 3  # two zones (and their areas) were written, then refused
    assert response.status_code == 400
    assert response.data["rows"] == [{"row": 4, "column": "名称", "value": "营口2号园区", "message": "写入时被拒绝。"}]
    assert snapshot() == before

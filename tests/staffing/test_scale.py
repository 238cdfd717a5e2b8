"""At 2 000 staff: the roster (page and API), the establishment (page and API) answer in a fixed
number of queries; a 2 000-row roster import takes seconds; export → re-import changes nothing;
one bad row rejects the whole file."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from staffing.models import Staff
from tests.imports.workbooks import read, response_bytes, upload, xlsx
from tests.staffing import factories as f
from tests.staffing.test_privacy_and_scope import page_client

pytestmark = pytest.mark.django_db

HEADERS = [
    "开发区代码",
    "身份证号",
    "姓名",
    "学历",
    "档案身份",
    "档案职务/职级",
    "岗位职务",
    "部门",
    "状态",
    "聘期开始",
    "聘期结束",
]


def grow_to(zone: Any, n: int) -> None:
    """Raise the cap and add serving staff until the zone has ``n``."""
    est = zone.establishment
    est.headcount_cap = n + 100
    est.save()
    f.fill(zone, n - Staff.objects.filter(zone=zone).count())


def queries(fn: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_fixed_queries_at_2000_staff(demo: None, api_as: Any) -> None:
    zone = f.zone()
    api = api_as("zone_yingkou_hr")
    web = page_client("zone_yingkou_hr")
    paths_api = [
        f"/api/v1/staffing/staff/?zone={zone.code}&page_size=500",
        f"/api/v1/staffing/establishments/{zone.code}/",
    ]
    paths_web = [f"/staffing/zones/{zone.code}/staff/", f"/staffing/zones/{zone.code}/"]
    for p in paths_api:  # warm up (sessions, permission caches)
        api.get(p)
    for p in paths_web:
        web.get(p)
    small = [queries(lambda p=p: api.get(p)) for p in paths_api] + [queries(lambda p=p: web.get(p)) for p in paths_web]
    grow_to(zone, 2000)
    big = [queries(lambda p=p: api.get(p)) for p in paths_api] + [queries(lambda p=p: web.get(p)) for p in paths_web]
    assert big == small
    assert max(big) < 40
    r = api.get(f"/api/v1/staffing/establishments/{zone.code}/").json()
    assert r["serving_headcount"] == 2000


def roster_rows(zone: str, n: int, start: int = 0) -> list[list[Any]]:
    return [
        [
            zone,
            f.ident(),
            f"导入{k}",
            "本科",
            "事业",
            "管理八级",
            "专员",
            "党政综合工作部",
            "在聘",
            date(2026, 1, 1),
            date(2027, 12, 31),
        ]
        for k in range(start, start + n)
    ]


def test_a_2000_row_import_takes_seconds_and_is_all_or_nothing(demo: None, api_as: Any, settings: Any) -> None:
    settings.IMPORT_ASYNC_ROWS = 100000  # in this request, not on the worker
    zone = f.zone()
    est = zone.establishment
    est.headcount_cap = 2500
    est.save()
    hr = api_as("zone_yingkou_hr")
    before = Staff.objects.filter(zone=zone).count()
    bad = xlsx(
        [
            HEADERS,
            *roster_rows(zone.code, 5),
            [zone.code, "210802199001011234", "坏号", "本科", "事业", "", "", "", "在聘", "", ""],
        ],
        title="人员名册",
    )
    r = hr.post("/api/v1/imports/staffing-roster/", {"file": upload(bad, "人员名册.xlsx")}, format="multipart")
    assert r.status_code == 400
    assert Staff.objects.filter(zone=zone).count() == before
    content = xlsx([HEADERS, *roster_rows(zone.code, 2000)], title="人员名册")
    started = time.monotonic()
    r = hr.post("/api/v1/imports/staffing-roster/", {"file": upload(content, "人员名册.xlsx")}, format="multipart")
    took = time.monotonic() - started
    assert r.status_code in (200, 202), r.content
    assert Staff.objects.filter(zone=zone).count() == before + 2000
    # about 8 s here when the machine was quiet, 73 s with six other suites running: bounded for the
    # shared machine; bench/run.py times it alone
    assert took < 180, took
    # export (masked IDs) → re-import changes nothing
    exported = hr.get(f"/api/v1/exports/staffing-roster.xlsx?zone={zone.code}")
    rows = read(response_bytes(exported))
    assert all("*" in str(row[1]) for row in rows[1:])
    again = hr.post(
        "/api/v1/imports/staffing-roster/",
        {"file": upload(response_bytes(exported), "人员名册.xlsx")},
        format="multipart",
    )
    assert again.status_code in (200, 202), read(response_bytes(hr.get(again.json()["report_url"])))[:4]
    assert Staff.objects.filter(zone=zone).count() == before + 2000


def test_the_import_keeps_to_the_cap(demo: None, api_as: Any) -> None:
    zone = f.zone()
    free = f.free_places(zone)
    content = xlsx([HEADERS, *roster_rows(zone.code, free + 1)], title="人员名册")
    before = Staff.objects.filter(zone=zone).count()
    r = api_as("zone_yingkou_hr").post(
        "/api/v1/imports/staffing-roster/", {"file": upload(content, "人员名册.xlsx")}, format="multipart"
    )
    assert r.status_code == 400
    report = read(response_bytes(api_as("zone_yingkou_hr").get(r.json()["report_url"])))
    assert any("员额已满" in str(row) for row in report), report[:5]
    assert Staff.objects.filter(zone=zone).count() == before

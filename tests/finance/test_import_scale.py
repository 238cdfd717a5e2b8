"""A province's year of revenue — 100 zones × 12 months × 10 tax types = 12 000 rows — imports
all or nothing in seconds (bulk apply), each row with its history row; a re-import changes
nothing; one corrected figure is one new version."""

from __future__ import annotations

import io
import time
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from openpyxl import Workbook

from devzone.imports.services import start_import
from finance.models import Revenue
from tests.finance import helpers
from zones.models import Region, Zone

pytestmark = pytest.mark.django_db
LABELS = [
    "增值税",
    "企业所得税",
    "个人所得税",
    "房产税",
    "城镇土地使用税",
    "土地增值税",
    "契税",
    "城市维护建设税",
    "印花税",
    "其他",
]


def book(codes: list[str], bump: str | None = None) -> io.BytesIO:
    wb = Workbook()
    sheet: Any = wb.active
    sheet.title = "税收收入"
    sheet.append(["开发区代码", "年度", "月份", "税种", "收入(元)"])
    for n, code in enumerate(codes):
        for month in range(1, 13):
            for k, label in enumerate(LABELS):
                amount = Decimal(1000 + n * 7 + month * 3 + k) + Decimal("0.01")
                if bump == code and month == 1 and k == 0:
                    amount += 1
                sheet.append([code, 2019, month, label, amount])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


@override_settings(IMPORT_ASYNC_ROWS=20_000)  # in this process, like the bench
def test_a_province_year_imports_in_seconds(demo: Any) -> None:
    city = Region.objects.get(code="210800")
    Zone.objects.bulk_create(
        Zone(code=f"scale-{k:03d}", name=f"规模测试开发区{k}", kind="provincial_edz", level="provincial", city=city)
        for k in range(100)
    )
    codes = [f"scale-{k:03d}" for k in range(100)]
    user = helpers.admin()
    started = time.perf_counter()
    run = start_import(user=user, importer_name="finance-revenues", fileobj=book(codes), file_name="省.xlsx")
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.state == "applied", run.detail
    assert run.created_count == 12_000
    assert Revenue.objects.filter(year=2019).count() == 12_000
    assert Revenue.history.filter(year=2019).count() == 12_000
    assert seconds < 60, f"{seconds:.1f}s"  # a few seconds alone; generous for a busy CI machine
    again = start_import(
        user=user, importer_name="finance-revenues", fileobj=book(codes, bump="scale-007"), file_name="省.xlsx"
    )
    again.refresh_from_db()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 1, 11_999)
    row = Revenue.objects.get(zone__code="scale-007", year=2019, month=1, tax_type="vat")
    assert row.version == 2 and row.history.count() == 2

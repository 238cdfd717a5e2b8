"""Nationwide-scale finance data for the benchmarks (issue 12 "Scale").

``generate_finance`` gives every zone of the bench database an agreement over the shared tax
types and ``years`` years of monthly revenue in all ten tax types, in bulk (no services: data
for timing reads). ``time_import`` imports a province's year — 100 zones × 12 months × 10 tax
types = 12 000 rows — through the platform importer in this process; ``targets`` are the reads
the bench times (revenue list, shares, statement page, agreements).
"""

from __future__ import annotations

import io
import random
import time
from datetime import date
from decimal import Decimal
from typing import Any

TAX_TYPES = [
    "vat",
    "corporate_income",
    "individual_income",
    "property",
    "land_use",
    "land_appreciation",
    "deed",
    "urban_construction",
    "stamp",
    "other",
]
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
SHARED = TAX_TYPES[:6]


def generate_finance(years: int = 3, seed: int = 12) -> dict[str, Any]:
    from finance.models import Agreement, Revenue
    from zones.models import Zone

    rng = random.Random(seed)
    last = date.today().year - 1
    first = last - years + 1
    zone_ids = list(Zone.objects.values_list("pk", flat=True))
    Agreement.objects.bulk_create(
        (
            Agreement(
                zone_id=zone_id,
                name=f"基准协议{zone_id}",
                tax_types=SHARED,
                base_year=first - 1,
                base_amount=Decimal(rng.randrange(10**8, 10**10)) / 100,
                base_ratios={"city": "40.00", "county": "20.00", "zone": "40.00"},
                increment_ratios={"city": "20.00", "county": "10.00", "zone": "70.00"},
                shortfall_rule="proportional",
                effective_from=first,
            )
            for zone_id in zone_ids
        ),
        batch_size=2000,
    )
    made = 0
    for zone_id in zone_ids:
        rows = [
            Revenue(
                zone_id=zone_id,
                year=year,
                month=month,
                tax_type=tax_type,
                amount=Decimal(rng.randrange(10**5, 10**9)) / 100,
            )
            for year in range(first, last + 1)
            for month in range(1, 13)
            for tax_type in TAX_TYPES
        ]
        Revenue.objects.bulk_create(rows, batch_size=5000)
        made += len(rows)
    return {"agreements": len(zone_ids), "revenues": made, "years": (first, last)}


def targets(user: Any) -> list[str]:
    from devzone.tenancy import visible_zones

    zone = visible_zones(user).order_by("pk").first()
    year = date.today().year - 1
    paths = [f"/api/v1/finance/revenues/?year={year}&page_size=500", "/api/v1/finance/agreements/?page_size=500"]
    if zone is not None:
        paths += [
            f"/api/v1/finance/shares/?zone={zone.code}&year={year}",
            f"/finance/zones/{zone.code}/statement/{year}/",
            f"/finance/zones/{zone.code}/?year={year}",
        ]
    return paths


def time_import(user: Any, zones: int = 100) -> dict[str, Any]:
    """Import a province's year of revenue (``zones`` zones × 12 months × 10 tax types) from one
    workbook, all or nothing, through the platform importer; returns the seconds it took."""
    from openpyxl import Workbook

    from devzone.imports.services import start_import
    from devzone.tenancy import visible_zones

    chosen = list(visible_zones(user).order_by("code").values_list("code", flat=True)[:zones])
    year = date.today().year
    rng = random.Random(7)
    book = Workbook()
    sheet: Any = book.active
    sheet.title = "税收收入"
    sheet.append(["开发区代码", "年度", "月份", "税种", "收入(元)"])
    for code in chosen:
        for month in range(1, 13):
            for label in LABELS:
                sheet.append([code, year, month, label, rng.randrange(10**5, 10**9) / 100])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    started = time.perf_counter()
    run = start_import(user=user, importer_name="finance-revenues", fileobj=buffer, file_name="bench.xlsx")
    run.refresh_from_db()
    return {"rows": len(chosen) * 120, "state": run.state, "seconds": time.perf_counter() - started}


def time_statement(user: Any, repeat: int = 5) -> dict[str, Any]:
    """The statement of every zone in the user's scope for last year, computed ``repeat`` times
    (two queries each): the median seconds for all of them."""
    import statistics

    from devzone.tenancy import visible_zones
    from finance import selectors

    zones = list(visible_zones(user))
    year = date.today().year - 1
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        statements = selectors.statements(zones, year)
        timings.append(time.perf_counter() - started)
    total = sum((s.revenue_total for s in statements.values()), Decimal(0))
    shares = sum((s.shares_total for s in statements.values()), Decimal(0))
    assert total == shares, "the shares must sum exactly to the revenue"
    return {"zones": len(zones), "seconds": statistics.median(timings)}


# --- the bench convention (bench/__init__.py) ---------------------------------------------------


def generate(zones: int) -> dict[str, Any]:
    import os

    return generate_finance(years=int(os.environ.get("BENCH_FINANCE_YEARS", "3")))


def urls(user: Any) -> list[str]:
    return targets(user)


def jobs() -> dict[str, Any]:
    """The province's statements and a year of revenue imported for 100 zones, in child processes."""

    def admin() -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(username="bench_province_admin")

    def statements() -> dict[str, Any]:
        return {k: v for k, v in time_statement(admin(), repeat=1).items() if k != "seconds"}

    def import_revenue() -> dict[str, Any]:
        from django.test import override_settings

        with override_settings(IMPORT_ASYNC_ROWS=12_001):  # in this process
            result = time_import(admin(), 100)
        return {k: v for k, v in result.items() if k != "seconds"}

    return {"finance_statements": statements, "import_revenue": import_revenue}

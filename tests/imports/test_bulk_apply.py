"""Imports apply in bulk: a constant number of queries per batch, whatever the batch holds (issue 9)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from devzone.imports.services import start_import
from tests.imports.test_plots_import import PLOT_HEADERS, plot_row
from tests.imports.workbooks import xlsx
from zones.models import LandPlot

pytestmark = pytest.mark.django_db


def plots_file(first: int, n: int, area_mu: Any = 10) -> bytes:
    rows = [plot_row("yingkou-coastal", f"BULK-{k:05d}", "产业", area_mu) for k in range(first, first + n)]
    return xlsx([PLOT_HEADERS, *rows], title="地块")


def run_import(content: bytes, *, importer: str = "plots", username: str = "city_yingkou") -> tuple[Any, list[str]]:
    user = get_user_model().objects.get(username=username)
    with CaptureQueriesContext(connection) as ctx:
        run = start_import(user=user, importer_name=importer, fileobj=io.BytesIO(content), file_name="x.xlsx")
    return run, [q["sql"] for q in ctx.captured_queries]


def writes(sql: list[str], table: str) -> int:
    return sum(table in q and not q.startswith("SELECT") for q in sql)


@override_settings(IMPORT_ASYNC_ROWS=10_000, IMPORT_BATCH_ROWS=100)
@pytest.mark.parametrize("n", [10, 100])
def test_plot_rows_are_written_in_one_batch_at_fixed_queries(demo: None, n: int) -> None:
    created, sql = run_import(plots_file(0, n))
    assert created.state == "applied", created.errors
    assert created.created_count == n
    # One insert of the plots, one of their history rows: the same for 10 rows as for 100.
    assert writes(sql, "zones_landplot") == 1
    assert writes(sql, "zones_historicallandplot") == 1
    assert sum("zones_landplot" in q for q in sql) <= 3  # the preload and the insert(s)
    history = LandPlot.history.filter(code="BULK-00000").get()
    assert (history.history_type, history.change_path, history.history_user.username) == ("+", "import", "city_yingkou")

    updated, sql = run_import(plots_file(0, n, area_mu=11))
    assert (updated.state, updated.updated_count) == ("applied", n)
    assert writes(sql, "zones_landplot") == 1
    assert writes(sql, "zones_historicallandplot") == 1
    assert LandPlot.history.filter(code="BULK-00000", history_type="~", change_path="import").count() == 1
    assert LandPlot.objects.filter(code__startswith="BULK-", area_mu=11).count() == n


@override_settings(IMPORT_ASYNC_ROWS=10_000, IMPORT_BATCH_ROWS=50)
def test_queries_grow_per_batch_not_per_row(demo: None) -> None:
    counts = []
    for first, n in [(0, 50), (1000, 150)]:
        run, sql = run_import(plots_file(first, n))
        assert run.state == "applied"
        counts.append(sum("landplot" in q for q in sql))
    one_batch, three_batches = counts
    # Per batch: the plots' insert and the history insert; the preload is once per file.
    assert three_batches - one_batch == 2 * 2


def delegations_file(user: Any, first: int, n: int) -> bytes:
    from datetime import date

    from devzone.tenancy import visible_zones
    from powers.models import PowerItem

    zone = visible_zones(user).order_by("code").first()
    assert zone is not None
    items = PowerItem.objects.bulk_create(
        PowerItem(
            code=f"BQ-{k:05d}",
            name=f"批量导入事项{k}",
            type="licence",
            granting_level="province",
            granting_department="发展改革",
            domain="investment",
        )
        for k in range(first, first + n)
    )
    header = ["开发区代码", "事项编码", "赋权方式", "状态", "文号", "生效日期"]
    rows = [
        [zone.code, i.code, "直接下放", "已承接", f"批量〔2025〕{k}号", date(2025, 3, 1)] for k, i in enumerate(items)
    ]
    return xlsx([header, *rows], title="赋权清单")


@override_settings(IMPORT_ASYNC_ROWS=10_000, IMPORT_BATCH_ROWS=100)
def test_delegation_rows_are_written_per_batch_with_their_log_and_history(demo: None) -> None:
    from powers.models import Delegation, DelegationTransition

    user = get_user_model().objects.get(username="province_admin")
    counts = []
    for first, n in [(0, 5), (100, 60)]:
        run, sql = run_import(delegations_file(user, first, n), importer="power-delegations", username=user.username)
        assert (run.state, run.created_count) == ("applied", n), run.errors
        counts.append(
            (
                writes(sql, 'powers_delegation"'),
                writes(sql, "powers_historicaldelegation"),
                writes(sql, "powers_delegationtransition"),
            )
        )
    assert counts[0] == counts[1] == (1, 1, 1)
    made = Delegation.objects.get(item__code="BQ-00100")
    assert made.status == "taken_on"
    assert list(DelegationTransition.objects.filter(delegation=made).values_list("to_state", flat=True).order_by("pk"))
    assert made.history.get().change_path == "import"


@override_settings(IMPORT_ASYNC_ROWS=10_000, IMPORT_BATCH_ROWS=100)
def test_zone_updates_and_their_areas_are_written_per_batch(demo: None) -> None:
    from tests.imports.workbooks import ZONE_HEADERS, zone_row
    from zones.models import Zone, ZoneArea

    counts = []
    for n in (2, 30):
        codes = [f"bulkz-{n}-{i}" for i in range(n)]
        made, _sql = run_import(
            xlsx([ZONE_HEADERS, *[zone_row(c, f"批量{c}", planned=1) for c in codes]]), importer="zones"
        )
        assert (made.state, made.created_count) == ("applied", n), (made.errors, made.detail)
        rows = [zone_row(c, f"批量{c}", model="区政合一", planned=2, controlled=3) for c in codes]
        run, sql = run_import(xlsx([ZONE_HEADERS, *rows]), importer="zones")
        assert (run.state, run.updated_count) == ("applied", n), run.errors
        counts.append(
            (
                writes(sql, 'zones_zone"'),
                writes(sql, 'zones_historicalzone"'),
                writes(sql, 'zones_zonearea"'),
                writes(sql, "zones_historicalzonearea"),
            )
        )
        assert set(Zone.objects.filter(code__in=codes).values_list("management_model", flat=True)) == {
            "zone_government"
        }
        assert ZoneArea.objects.filter(zone__code__in=codes, slug="controlled", declared_km2=3).count() == n
        changed = Zone.history.filter(code=codes[0], history_type="~").latest("history_date")
        assert (changed.change_path, changed.history_user.username) == ("import", "city_yingkou")
    # the zones' update, the new areas' insert and the changed areas' update, each with history
    assert counts[0] == counts[1] == (1, 1, 2, 2)

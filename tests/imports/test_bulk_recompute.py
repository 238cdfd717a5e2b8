"""A bulk import owes the same recomputes as the single-row path (issue 9).

``bulk_create``/``bulk_update`` send no ``post_save``, so assessment's receivers (a plot's
figures, a delegation: ADR 0502) would not hear of an imported change; ``bulk_written`` brings
them every row of a batch at once, at a constant number of queries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from assessment.models import AssessmentYear, IndicatorSystem, YearState
from assessment.services import KIND
from devzone.recompute.models import Outbox
from tests.imports.test_bulk_apply import delegations_file, run_import
from tests.imports.test_plots_import import PLOT_HEADERS, last_year, plot_row
from tests.imports.workbooks import xlsx
from zones.models import Zone
from zones.plots import services as plot_services

pytestmark = pytest.mark.django_db


def owed() -> dict[tuple[str, int | None], int]:
    """Assessment's outbox: (group, year) → requested version."""
    return {(o.scope, o.year): o.requested_version for o in Outbox.objects.filter(kind=KIND)}


def bumped(before: dict[tuple[str, int | None], int]) -> set[tuple[str, int | None]]:
    return {key for key, version in owed().items() if version > before.get(key, 0)}


def open_years(group: str) -> set[tuple[str, int | None]]:
    closed = set(AssessmentYear.objects.filter(state=YearState.CLOSED).values_list("year", flat=True))
    return {(group, y) for y in IndicatorSystem.objects.filter(group=group).values_list("year", flat=True)} - {
        (group, y) for y in closed
    }


def plots(zone: str, first: int, n: int, **extra: Any) -> bytes:
    rows = [plot_row(zone, f"OWE-{k:04d}", "产业", 10, **extra) for k in range(first, first + n)]
    return xlsx([PLOT_HEADERS, *rows], title="地块")


@override_settings(IMPORT_ASYNC_ROWS=10_000, IMPORT_BATCH_ROWS=100)
def test_plots_with_figures_owe_their_zones_group_for_that_year_like_a_single_save(demo: None) -> None:
    zone = Zone.objects.get(code="yingkou-coastal")
    year = last_year()
    assert (zone.level, year) in open_years(zone.level), "the demo has an open system for last year"

    # the single-row path, for comparison: one plot saved through the service
    before = owed()
    user = get_user_model().objects.get(username="city_yingkou")
    plot_services.upsert_plot(
        user=user,
        zone=zone,
        code="OWE-SINGLE",
        use="industrial",
        area_mu=Decimal(10),
        annual_tax=Decimal(100),
        figures_year=year,
    )
    single = bumped(before)
    assert single == {(zone.level, year)}

    before = owed()
    run, _sql = run_import(plots("yingkou-coastal", 0, 30, tax=1000, year=year))
    assert (run.state, run.created_count) == ("applied", 30), run.errors
    assert bumped(before) == single  # created in bulk: the same debt

    before = owed()
    run, _sql = run_import(plots("yingkou-coastal", 0, 30, tax=2000, year=year))
    assert (run.state, run.updated_count) == ("applied", 30), run.errors
    assert bumped(before) == single  # updated in bulk: the same debt

    before = owed()
    run, _sql = run_import(plots("yingkou-coastal", 100, 30))  # no figures: nothing to recompute
    assert run.state == "applied", run.errors
    assert bumped(before) == set()


@override_settings(IMPORT_ASYNC_ROWS=10_000, IMPORT_BATCH_ROWS=50)
def test_the_debt_costs_the_same_queries_for_one_batch_as_for_three(demo: None) -> None:
    year = last_year()
    counts = []
    for first, n in [(0, 50), (1000, 150)]:
        run, sql = run_import(plots("yingkou-coastal", first, n, tax=1000, year=year))
        assert run.state == "applied", run.errors
        counts.append(sum("recompute_outbox" in q or "assessment_" in q for q in sql))
    one_batch, three_batches = counts
    assert one_batch > 0
    # per batch: the zones' levels, the systems, the closed years, and the bump of one owed row
    assert three_batches - one_batch <= 2 * (one_batch + 1)
    assert three_batches < 3 * one_batch + 3


@override_settings(IMPORT_ASYNC_ROWS=10_000, IMPORT_BATCH_ROWS=100)
def test_imported_delegations_owe_their_zones_group_for_every_open_year(demo: None) -> None:
    from devzone.tenancy import visible_zones

    user = get_user_model().objects.get(username="province_admin")
    zone = visible_zones(user).order_by("code").first()
    assert zone is not None
    expected = open_years(zone.level)
    assert expected

    before = owed()
    run, _sql = run_import(delegations_file(user, 0, 20), importer="power-delegations", username=user.username)
    assert (run.state, run.created_count) == ("applied", 20), run.errors
    assert bumped(before) == expected


def test_revenue_written_in_bulk_owes_what_one_entry_owes(demo: None) -> None:
    """Finance's revenue import writes in bulk (``finance.services.apply_revenue_rows``); the
    assessment systems that read revenue are owed a recompute just as for one entry."""
    from finance import services as finance_services

    zone = Zone.objects.get(code="yingkou-coastal")
    year = last_year()
    assert (zone.level, year) in open_years(zone.level)
    user = get_user_model().objects.get(username="city_yingkou")

    before = owed()
    finance_services.record_revenue(user=user, zone=zone, year=year, month=1, tax_type="vat", amount=Decimal(7))
    single = bumped(before)
    assert single == {(zone.level, year)}

    for amount in (Decimal(11), Decimal(13)):  # a correction, then new months, in bulk
        before = owed()
        rows = [(zone, year, month, "vat", amount) for month in (1, 2, 3)]
        finance_services.apply_revenue_rows(user=user, rows=rows)
        assert bumped(before) == single

"""Every read assessment makes of another app, in one place (ADR 0501).

Each function answers for many zones at once (one or two queries), so a group of 2 543 zones
costs the same few queries as a group of four:

* ``revenue`` — finance's revenue (``finance.selectors.revenue_of``): Σ of every tax type over the
  year's months entered, in 万元 (ADR 0504; before finance landed: the plots' annual tax).
* ``tax_per_mu`` — zones' plots (ADR 0153), 万元/亩; stays with zones.
* ``headcount`` — staffing's serving count (``staffing.sources.serving_counts``: serving or on
  leave, what counts against the cap); it prefills a benchmark's headcount and feeds a headcount
  indicator (ADR 0504; before staffing landed: the establishment's cap).
* ``powers_taken_on`` — powers' register: delegations taken on (承接) in force at the year's end.

A computed source that has no figure for a zone falls back on the zone's entered value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from finance.selectors import revenue_of
from powers.models import Delegation
from powers.rules import TAKEN_ON
from powers.selectors import in_force
from staffing.sources import serving_counts
from zones.plots.models import LandPlot
from zones.plots.rules import INDUSTRIAL
from zones.registry.models import Zone, ZoneStatus

WAN = Decimal(10000)
PLACES = Decimal("0.0001")

# Zone statuses that take part in the assessment (a delisted or merged zone no longer does).
ASSESSED_STATUSES = (ZoneStatus.ACTIVE, ZoneStatus.WARNED, ZoneStatus.RECTIFYING)


def zones_in_group(group: str) -> list[Zone]:
    """The zones of a comparison group (national / provincial = the zone's level)."""
    return list(Zone.objects.filter(level=group, status__in=ASSESSED_STATUSES).order_by("code"))


def _plot_sums(zone_ids: Iterable[int], year: int) -> dict[int, tuple[Decimal, Decimal]]:
    rows = (
        LandPlot.objects.filter(zone_id__in=list(zone_ids), use=INDUSTRIAL, figures_year=year, annual_tax__isnull=False)
        .values("zone_id")
        .annotate(tax=Sum("annual_tax"), mu=Sum("area_mu"))
    )
    return {r["zone_id"]: (r["tax"], r["mu"]) for r in rows}


def revenue(zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    rows = revenue_of(list(zone_ids), [year])
    return {
        zone: (sum((a for months in by_type.values() for a in months.values()), Decimal(0)) / WAN).quantize(PLACES)
        for (zone, _year), by_type in rows.items()
    }


def tax_per_mu(zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    return {z: (tax / WAN / mu).quantize(PLACES) for z, (tax, mu) in _plot_sums(zone_ids, year).items() if mu}


def headcount(zone_ids: Iterable[int], year: int | None = None) -> dict[int, int]:
    return serving_counts(zone_ids)


def headcount_figure(zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    return {z: Decimal(n) for z, n in headcount(zone_ids, year).items()}


def powers_taken_on(zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    day = date(year, 12, 31)
    rows = (
        in_force(Delegation.objects.filter(zone_id__in=list(zone_ids)), day)
        .filter(status_then=TAKEN_ON)  # type: ignore[misc]  # annotated by in_force
        .values("zone_id")
        .annotate(n=Count("pk", filter=Q()))
    )
    return {r["zone_id"]: Decimal(r["n"]) for r in rows}


COMPUTED = {
    "revenue": revenue, "tax_per_mu": tax_per_mu, "headcount": headcount_figure, "powers_taken_on": powers_taken_on,
}  # fmt: skip


def computed(source: str, zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    return COMPUTED[source](zone_ids, year)

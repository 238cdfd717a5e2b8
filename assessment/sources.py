"""Every read assessment makes of another app, in one place (ADR 0501).

Each function answers for many zones at once (one or two queries), so a group of 2 543 zones
costs the same few queries as a group of four. When staffing and finance land, switch here:

* ``revenue`` — today Σ annual tax of the zone's industrial plots of that year (zones' plots,
  ADR 0153), in 万元; later ``finance`` revenues (Σ of the year's months).
* ``tax_per_mu`` — zones' plots (ADR 0153), 万元/亩; stays with zones.
* ``headcount`` — today the approved establishment's cap (``zones.ZoneEstablishment``); later
  staffing's filled headcount (``staffing/sources.py``).
* ``powers_taken_on`` — powers' register: delegations taken on (承接) in force at the year's end.

A computed source that has no figure for a zone falls back on the zone's entered value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from powers.models import Delegation
from powers.rules import TAKEN_ON
from powers.selectors import in_force
from zones.plans.models import ZoneEstablishment
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
    return {z: (tax / WAN).quantize(PLACES) for z, (tax, _mu) in _plot_sums(zone_ids, year).items()}


def tax_per_mu(zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    return {z: (tax / WAN / mu).quantize(PLACES) for z, (tax, mu) in _plot_sums(zone_ids, year).items() if mu}


def headcount(zone_ids: Iterable[int], year: int | None = None) -> dict[int, int]:
    return dict(ZoneEstablishment.objects.filter(zone_id__in=list(zone_ids)).values_list("zone_id", "headcount_cap"))


def powers_taken_on(zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    day = date(year, 12, 31)
    rows = (
        in_force(Delegation.objects.filter(zone_id__in=list(zone_ids)), day)
        .filter(status_then=TAKEN_ON)  # type: ignore[misc]  # annotated by in_force
        .values("zone_id")
        .annotate(n=Count("pk", filter=Q()))
    )
    return {r["zone_id"]: Decimal(r["n"]) for r in rows}


COMPUTED = {"revenue": revenue, "tax_per_mu": tax_per_mu, "powers_taken_on": powers_taken_on}


def computed(source: str, zone_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    return COMPUTED[source](zone_ids, year)

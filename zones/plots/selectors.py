"""Reads of land plots: the plot list, per-mu figures, the 调出 list and the roll-up of merged zones."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from devzone.domain import NotFound
from devzone.domain.filters import filtered
from devzone.tenancy.scope import scoped
from devzone.types import User
from zones.registry.models import Zone

from . import rules
from .filters import LandPlotExportFilterSet, LandPlotFilterSet
from .models import LandPlot


def zone_plot(*, zone: Zone, code: str) -> LandPlot:
    """The plot ``code`` of ``zone``, or ``NotFound``."""
    plot = LandPlot.objects.filter(zone=zone, code=code).first()
    if plot is None:
        raise NotFound
    return plot


def plot_rules(plot: LandPlot) -> rules.Plot:
    return rules.Plot(
        use=plot.use,
        area_mu=plot.area_mu,
        annual_tax=plot.annual_tax,
        annual_output=plot.annual_output,
        figures_year=plot.figures_year,
        needed_supporting=plot.needed_supporting,
        enterprise=plot.enterprise,
        code=plot.code,
    )


@dataclass(frozen=True)
class PlotsSummary:
    plot_count: int
    area_mu_by_use: dict[str, Decimal]
    move_out_count: int
    move_out_area_mu: Decimal
    per_mu: rules.PerMu
    per_enterprise: dict[str, rules.PerMu]
    move_out: list[LandPlot]


def plots_summary(zone: Zone) -> PlotsSummary:
    """Per-mu figures of a zone and its 调出 list, from its (prefetched) plots."""
    plots = list(zone.plots.all())
    figures = [plot_rules(p) for p in plots]
    out = [p for p, f in zip(plots, figures, strict=True) if rules.must_move_out(f)]
    per_mu = rules.zone_per_mu(figures)
    return PlotsSummary(
        plot_count=len(plots),
        area_mu_by_use=rules.area_by_use(figures),
        move_out_count=len(out),
        move_out_area_mu=sum((p.area_mu for p in out), Decimal(0)),
        per_mu=per_mu,
        per_enterprise=rules.per_enterprise(figures, per_mu.year),
        move_out=out,
    )


def zone_rollup(zone: Zone) -> rules.Rollup | None:
    """The zone's totals with its sub-parks and merged zones (None when it has none).

    Works on a zone from ``with_registry`` (no further queries): declared areas, plot area by
    use and per-mu figures over the zone and every zone whose ``parent_zone`` it is.
    """
    members = [zone, *zone.sub_parks.all()]
    if len(members) == 1:
        return None
    return rules.rollup(
        {
            m.code: (
                [(a.kind, a.declared_km2) for a in m.areas.all()],
                [plot_rules(p) for p in m.plots.all()],
            )
            for m in members
        }
    )


def plot_list(*, zone: Zone, filters: Mapping[str, Any] | None = None) -> QuerySet[LandPlot]:
    """A zone's plots, filtered by ``LandPlotFilterSet`` (``Invalid`` for a bad value)."""
    qs = LandPlot.objects.filter(zone=zone).select_related("area", "zone")
    if filters:
        qs = filtered(LandPlotFilterSet, filters, qs)
    return qs.order_by("code")


def plot_export_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[LandPlot]:
    """The plots of the user's zones for the Excel export: the list's filters plus ``zone``."""
    qs = scoped(LandPlot.objects.select_related("zone", "area"), user)
    return filtered(LandPlotExportFilterSet, filters, qs, user=user).order_by("zone__code", "code")


@dataclass(frozen=True)
class RevenuePerMu:
    """亩均税收 on the revenue basis: the zone's tax revenue for ``year`` (as reported by finance)
    ÷ the area of its industrial plots."""

    year: int
    tax_total: Decimal
    industrial_area_mu: Decimal
    tax_per_mu: Decimal | None
    source: str


def revenue_per_mu(zone: Zone, year: int | None = None) -> RevenuePerMu | None:
    """The latest (or ``year``'s) revenue-based 亩均税收 of ``zone``; None without a figure. Uses
    the zone's (prefetched) plots and one query."""
    from .models import ZoneTaxFigure

    figures = ZoneTaxFigure.objects.filter(zone=zone)
    if year is not None:
        figures = figures.filter(year=year)
    figure = figures.order_by("-year").first()
    if figure is None:
        return None
    area = rules.area_by_use([plot_rules(p) for p in zone.plots.all()]).get(rules.INDUSTRIAL, Decimal(0))
    return RevenuePerMu(
        year=figure.year,
        tax_total=figure.tax_total,
        industrial_area_mu=area,
        tax_per_mu=rules.per_mu(figure.tax_total, area),
        source=figure.source,
    )

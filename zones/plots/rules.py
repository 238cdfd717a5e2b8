"""Pure plot rules (no ORM, no Django): per-mu figures (亩产论英雄), the 调出 list, the roll-up of merged zones.

The string values are the database values of ``zones.plots.models.PlotUse``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# --- land plots and per-mu figures -----------------------------------------------------------

INDUSTRIAL = "industrial"
SUPPORTING = "supporting"
NON_INDUSTRIAL = "non_industrial"
PLOT_USES = (INDUSTRIAL, SUPPORTING, NON_INDUSTRIAL)

CENTS = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Plot:
    """What the rules need of a land plot. Money in yuan, area in 亩 (mu)."""

    use: str
    area_mu: Decimal
    annual_tax: Decimal | None = None
    annual_output: Decimal | None = None
    figures_year: int | None = None
    needed_supporting: bool = False
    enterprise: str = ""
    code: str = ""


@dataclass(frozen=True)
class PerMu:
    """Zone (or enterprise, or roll-up) per-mu figures for one year.

    ``tax_per_mu = tax_total / tax_area_mu`` over the industrial plots whose tax for ``year``
    is entered; likewise for output. ``industrial_area_mu`` is every industrial plot's area;
    ``plots_without_figures`` counts the industrial plots with no tax or no output for ``year``.
    """

    year: int | None
    industrial_area_mu: Decimal
    tax_total: Decimal
    tax_area_mu: Decimal
    tax_per_mu: Decimal | None
    output_total: Decimal
    output_area_mu: Decimal
    output_per_mu: Decimal | None
    plots_without_figures: int


def per_mu(value: Decimal | None, area_mu: Decimal) -> Decimal | None:
    """A figure per mu, rounded half-up to the cent; None without a figure or an area."""
    if value is None or area_mu <= 0:
        return None
    return (value / area_mu).quantize(CENTS, rounding=ROUND_HALF_UP)


def latest_figures_year(plots: Iterable[Plot]) -> int | None:
    """The newest year for which any industrial plot has a figure entered."""
    years = [
        p.figures_year
        for p in plots
        if p.use == INDUSTRIAL
        and p.figures_year is not None
        and (p.annual_tax is not None or p.annual_output is not None)
    ]
    return max(years) if years else None


def zone_per_mu(plots: Iterable[Plot], year: int | None = None) -> PerMu:
    """亩均税收 and 亩均产值 of a set of plots (a zone, an enterprise, a roll-up).

    Only industrial (产业) plots count. ``year`` defaults to the latest year with figures. A
    figure entered for another year does not count for ``year``; an idle plot is entered with
    figures 0 (it lowers the average), a plot without figures is left out and counted.
    """
    plots = list(plots)
    if year is None:
        year = latest_figures_year(plots)
    industrial = [p for p in plots if p.use == INDUSTRIAL]
    tax_total = tax_area = output_total = output_area = ZERO
    missing = 0
    for p in industrial:
        in_year = year is not None and p.figures_year == year
        has_tax = in_year and p.annual_tax is not None
        has_output = in_year and p.annual_output is not None
        if has_tax:
            tax_total += p.annual_tax  # type: ignore[operator]
            tax_area += p.area_mu
        if has_output:
            output_total += p.annual_output  # type: ignore[operator]
            output_area += p.area_mu
        if not (has_tax and has_output):
            missing += 1
    return PerMu(
        year=year,
        industrial_area_mu=sum((p.area_mu for p in industrial), ZERO),
        tax_total=tax_total,
        tax_area_mu=tax_area,
        tax_per_mu=per_mu(tax_total, tax_area) if tax_area > 0 else None,
        output_total=output_total,
        output_area_mu=output_area,
        output_per_mu=per_mu(output_total, output_area) if output_area > 0 else None,
        plots_without_figures=missing,
    )


def per_enterprise(plots: Iterable[Plot], year: int | None = None) -> dict[str, PerMu]:
    """Per-mu figures per enterprise (its industrial plots), for the zone's figures year."""
    plots = list(plots)
    if year is None:
        year = latest_figures_year(plots)
    by_enterprise: dict[str, list[Plot]] = {}
    for p in plots:
        if p.use == INDUSTRIAL and p.enterprise:
            by_enterprise.setdefault(p.enterprise, []).append(p)
    return {name: zone_per_mu(group, year) for name, group in sorted(by_enterprise.items())}


# 调出 (000 §1) as data, read by must_move_out and by the selectors' query (the one copy of the
# rule): plots of MOVE_OUT_USES always move out; plots of MOVE_OUT_UNLESS_NEEDED move out unless
# flagged ``needed_supporting``. Industrial plots stay.
MOVE_OUT_USES: frozenset[str] = frozenset({NON_INDUSTRIAL})
MOVE_OUT_UNLESS_NEEDED: frozenset[str] = frozenset({SUPPORTING})


def must_move_out(plot: Plot) -> bool:
    """调出 (000 §1): non-industrial plots, and supporting plots beyond the needed support area
    (those not flagged ``needed_supporting``). Industrial plots stay."""
    if plot.use in MOVE_OUT_USES:
        return True
    return plot.use in MOVE_OUT_UNLESS_NEEDED and not plot.needed_supporting


def move_out(plots: Iterable[Plot]) -> list[Plot]:
    return [p for p in plots if must_move_out(p)]


def area_by_use(plots: Iterable[Plot]) -> dict[str, Decimal]:
    totals = dict.fromkeys(PLOT_USES, ZERO)
    for p in plots:
        totals[p.use] = totals.get(p.use, ZERO) + p.area_mu
    return totals


# --- roll-up of merged zones and sub-parks ----------------------------------------------------

# Area kinds whose declared km² add up across the members of a merged zone (sub-areas lie
# inside these and are not added again).
ROLLUP_AREA_KINDS = ("catalogue", "planned", "controlled")


@dataclass(frozen=True)
class Rollup:
    members: tuple[str, ...]
    declared_km2: dict[str, Decimal]
    plot_area_mu: dict[str, Decimal]
    move_out_area_mu: Decimal
    per_mu: PerMu


def rollup(members: Mapping[str, tuple[Iterable[tuple[str, Decimal]], Iterable[Plot]]]) -> Rollup:
    """Totals of a zone together with its sub-parks and merged zones.

    ``members`` maps a zone code to (its areas as (kind, declared km²), its plots). Declared
    areas add up per kind; plots are pooled, so the per-mu figures are the pooled ratios (not
    an average of the members' ratios).
    """
    declared = dict.fromkeys(ROLLUP_AREA_KINDS, ZERO)
    pooled: list[Plot] = []
    for areas, plots in members.values():
        for kind, km2 in areas:
            if kind in declared:
                declared[kind] += km2
        pooled.extend(plots)
    return Rollup(
        members=tuple(members),
        declared_km2=declared,
        plot_area_mu=area_by_use(pooled),
        move_out_area_mu=sum((p.area_mu for p in move_out(pooled)), ZERO),
        per_mu=zone_per_mu(pooled),
    )

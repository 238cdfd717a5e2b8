"""zones.rules: status transitions, per-mu figures, the 调出 list, roll-up (unit + hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from zones.models import CompanyTier, PlotUse, ZoneStatus
from zones.plots import rules
from zones.registry import rules as registry_rules

D = Decimal


def plot(
    use: str = rules.INDUSTRIAL, mu: str = "100", tax: str | None = None, out: str | None = None, **kw
) -> rules.Plot:
    return rules.Plot(
        use=use,
        area_mu=D(mu),
        annual_tax=D(tax) if tax is not None else None,
        annual_output=D(out) if out is not None else None,
        **kw,
    )


# --- data agrees with the models -------------------------------------------------------------


def test_rule_constants_are_the_model_choice_values() -> None:
    assert set(registry_rules.STATUS_TRANSITIONS) == set(ZoneStatus.values)
    assert set(rules.PLOT_USES) == set(PlotUse.values)
    assert set(registry_rules.PARENT_TIERS) == set(CompanyTier.values)


# --- status ----------------------------------------------------------------------------------


def test_status_transitions() -> None:
    assert registry_rules.status_change_allowed("active", "warned")
    assert registry_rules.status_change_allowed("warned", "rectifying")
    assert registry_rules.status_change_allowed("rectifying", "active")
    assert registry_rules.status_change_allowed("active", "delisted")
    # terminal states: only a reinstatement
    assert registry_rules.STATUS_TRANSITIONS["delisted"] == {"active"}
    assert registry_rules.STATUS_TRANSITIONS["merged"] == {"active"}
    assert not registry_rules.status_change_allowed("delisted", "warned")
    assert not registry_rules.status_change_allowed("merged", "rectifying")
    # merged is reached only by a merge, never by a plain status change
    assert not any(registry_rules.status_change_allowed(s, "merged") for s in ZoneStatus.values)
    assert not any(registry_rules.status_change_allowed(s, s) for s in ZoneStatus.values)
    assert "merged" not in registry_rules.MERGEABLE and "delisted" not in registry_rules.MERGEABLE


def test_every_status_can_get_back_to_active() -> None:
    for status in ZoneStatus.values:
        if status != "active":
            assert registry_rules.status_change_allowed(status, "active"), status


# --- per mu ----------------------------------------------------------------------------------


def test_per_mu_of_a_plot() -> None:
    assert rules.per_mu(D("9660000"), D("420")) == D("23000.00")
    assert rules.per_mu(D("1"), D("3")) == D("0.33")
    assert rules.per_mu(D("2"), D("3")) == D("0.67")  # half-up
    assert rules.per_mu(None, D("10")) is None
    assert rules.per_mu(D("10"), D("0")) is None


def test_zone_per_mu_counts_industrial_plots_of_the_year_only() -> None:
    plots = [
        plot(mu="420", tax="9660000", out="1260000000", figures_year=2024),
        plot(mu="310", tax="4030000", out="527000000", figures_year=2024),
        plot(mu="95", tax="0", out="0", figures_year=2024),  # idle: counts, lowers the average
        plot(mu="500", tax="999999999", out="1", figures_year=2023),  # other year: left out
        plot(mu="40"),  # no figures: left out, counted as missing
        plot(use=rules.SUPPORTING, mu="60", tax="5000000", out="5", figures_year=2024),  # not industrial
        plot(use=rules.NON_INDUSTRIAL, mu="140"),
    ]
    figures = rules.zone_per_mu(plots)
    assert figures.year == 2024
    assert figures.tax_total == D("13690000")
    assert figures.tax_area_mu == D("825")
    assert figures.tax_per_mu == D("16593.94")  # 13 690 000 / 825
    assert figures.output_per_mu == D("2166060.61")  # 1 787 000 000 / 825
    assert figures.industrial_area_mu == D("1365")
    assert figures.plots_without_figures == 2
    older = rules.zone_per_mu(plots, year=2023)
    assert older.tax_per_mu == D("2000000.00") and older.plots_without_figures == 4


def test_zone_per_mu_without_figures() -> None:
    empty = rules.zone_per_mu([])
    assert empty.year is None and empty.tax_per_mu is None and empty.output_per_mu is None
    only_area = rules.zone_per_mu([plot(mu="10")])
    assert only_area.tax_per_mu is None and only_area.plots_without_figures == 1


def test_tax_and_output_have_their_own_denominators() -> None:
    figures = rules.zone_per_mu(
        [plot(mu="100", tax="100000", figures_year=2024), plot(mu="300", tax="300000", out="900000", figures_year=2024)]
    )
    assert figures.tax_per_mu == D("1000.00")
    assert figures.output_area_mu == D("300") and figures.output_per_mu == D("3000.00")
    assert figures.plots_without_figures == 1


def test_per_enterprise() -> None:
    plots = [
        plot(mu="560", tax="15120000", figures_year=2024, enterprise="丙"),
        plot(mu="180", tax="2700000", figures_year=2024, enterprise="丙"),
        plot(mu="310", tax="4030000", figures_year=2024, enterprise="乙"),
        plot(use=rules.SUPPORTING, mu="10", tax="1", figures_year=2024, enterprise="丁"),
    ]
    by = rules.per_enterprise(plots)
    assert set(by) == {"乙", "丙"}
    assert by["丙"].tax_per_mu == D("24081.08") and by["丙"].industrial_area_mu == D("740")
    assert by["乙"].tax_per_mu == D("13000.00")


# --- 调出 ------------------------------------------------------------------------------------


def test_move_out_definition() -> None:
    assert rules.must_move_out(plot(use=rules.NON_INDUSTRIAL))
    assert rules.must_move_out(plot(use=rules.SUPPORTING, needed_supporting=False))
    assert not rules.must_move_out(plot(use=rules.SUPPORTING, needed_supporting=True))
    assert not rules.must_move_out(plot(use=rules.INDUSTRIAL))


# --- hypothesis --------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)
area = st.decimals(min_value=D("0.01"), max_value=10**5, places=2, allow_nan=False, allow_infinity=False)
plots_strategy = st.lists(
    st.builds(
        rules.Plot,
        use=st.sampled_from(rules.PLOT_USES),
        area_mu=area,
        annual_tax=st.none() | money,
        annual_output=st.none() | money,
        figures_year=st.none() | st.integers(min_value=2020, max_value=2024),
        needed_supporting=st.booleans(),
        enterprise=st.sampled_from(["", "甲", "乙", "丙"]),
    ),
    max_size=30,
)


@given(money, area)
def test_per_mu_times_area_gives_back_the_figure(value: Decimal, mu: Decimal) -> None:
    ratio = rules.per_mu(value, mu)
    assert ratio is not None and ratio >= 0
    assert abs(ratio * mu - value) <= mu * D("0.005")


@given(plots_strategy)
def test_zone_per_mu_lies_between_the_plots_and_ignores_order(plots: list[rules.Plot]) -> None:
    figures = rules.zone_per_mu(plots)
    assert rules.zone_per_mu(list(reversed(plots))) == figures
    counted = [
        p for p in plots if p.use == rules.INDUSTRIAL and p.figures_year == figures.year and p.annual_tax is not None
    ]
    if not counted or figures.tax_area_mu == 0:
        assert figures.tax_per_mu is None
        return
    ratios = [p.annual_tax / p.area_mu for p in counted]  # type: ignore[operator]
    assert figures.tax_per_mu is not None
    assert min(ratios) - D("0.005") <= figures.tax_per_mu <= max(ratios) + D("0.005")
    assert figures.tax_total == sum(p.annual_tax for p in counted)  # type: ignore[misc]


@given(plots_strategy)
def test_doubling_every_plot_keeps_the_per_mu_figures(plots: list[rules.Plot]) -> None:
    once, twice = rules.zone_per_mu(plots), rules.zone_per_mu(plots + plots)
    assert (once.tax_per_mu, once.output_per_mu, once.year) == (twice.tax_per_mu, twice.output_per_mu, twice.year)
    assert twice.industrial_area_mu == 2 * once.industrial_area_mu


@given(plots_strategy, plots_strategy)
def test_non_industrial_plots_never_change_the_figures(plots: list[rules.Plot], extra: list[rules.Plot]) -> None:
    others = [p for p in extra if p.use != rules.INDUSTRIAL]
    assert rules.zone_per_mu(plots) == rules.zone_per_mu(plots + others)


@given(plots_strategy)
def test_move_out_is_exactly_the_non_industrial_and_unneeded_supporting(plots: list[rules.Plot]) -> None:
    out = rules.move_out(plots)
    assert all(p.use != rules.INDUSTRIAL for p in out)
    assert len(out) == sum(
        1 for p in plots if p.use == rules.NON_INDUSTRIAL or (p.use == rules.SUPPORTING and not p.needed_supporting)
    )
    totals = rules.area_by_use(plots)
    assert sum(totals.values()) == sum((p.area_mu for p in plots), D(0))


@settings(max_examples=50)
@given(plots_strategy, plots_strategy, st.lists(st.tuples(st.sampled_from(["catalogue", "planned", "sub_area"]), area)))
def test_rollup_pools_the_members(a: list[rules.Plot], b: list[rules.Plot], areas: list[tuple[str, Decimal]]) -> None:
    totals = rules.rollup({"main": (areas, a), "park": (areas, b)})
    assert totals.members == ("main", "park")
    assert totals.per_mu == rules.zone_per_mu(a + b)
    for use, mu in totals.plot_area_mu.items():
        assert mu == rules.area_by_use(a)[use] + rules.area_by_use(b)[use]
    assert totals.declared_km2["catalogue"] == 2 * sum((km2 for kind, km2 in areas if kind == "catalogue"), D(0))
    assert "sub_area" not in totals.declared_km2  # sub-areas lie inside and are not added again
    assert totals.move_out_area_mu == sum((p.area_mu for p in rules.move_out(a + b)), D(0))


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000))
def test_shareholding_bounds(pct: Decimal) -> None:
    assert registry_rules.shareholding_valid(pct) == (D(0) <= pct <= D(100))
    assert registry_rules.shareholding_valid(None)

"""finance/rules.py: sharing on a base and an increment, the shortfall rules, the above-plan
reward and the incentive stages — property tests, and one agreement computed by hand to the fen."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance import rules
from finance.rules import Share, Terms

D = Decimal
TYPES = ("vat", "corporate_income", "individual_income", "property", "stamp")

fen = st.integers(min_value=0, max_value=10**11).map(lambda f: D(f) / 100)
percent_sets = st.lists(st.integers(min_value=0, max_value=10000), min_size=3, max_size=3).filter(
    lambda xs: sum(xs) > 0
)


def to_percent(xs: list[int]) -> dict[str, Decimal]:
    """Three non-negative integers as city/county/zone percentages summing to exactly 100.00."""
    parts = rules.allocate_list(D("100.00"), [D(x) for x in xs])
    return dict(zip(rules.PARTIES, parts, strict=True))


terms_strategy = st.builds(
    lambda types, base, b, i, rule, per_type, bases: Terms(
        key="a",
        tax_types=tuple(types),
        base_amount=base if not per_type else sum(bases[: len(types)], D(0)),
        base_ratios=to_percent(b),
        increment_ratios=to_percent(i),
        shortfall_rule=rule,
        base_amounts=dict(zip(types, bases, strict=False)) if per_type else None,
    ),
    st.lists(st.sampled_from(TYPES), min_size=1, max_size=5, unique=True),
    fen,
    percent_sets,
    percent_sets,
    st.sampled_from(rules.SHORTFALL_RULES),
    st.booleans(),
    st.lists(fen, min_size=5, max_size=5),
)
revenue_strategy = st.dictionaries(st.sampled_from(TYPES), fen, max_size=5)


@given(terms_strategy, revenue_strategy)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])  # a busy CI machine
def test_parts_sum_exactly_to_the_revenue_per_tax_type_and_in_total(terms: Terms, revenue: dict[str, Decimal]) -> None:
    result = rules.share_year([terms], revenue)
    assert result.total() == sum(revenue.values(), D(0))
    for tax_type, amount in revenue.items():
        assert result.by_tax_type().get(tax_type, D(0)) == amount
    for share in result.shares:
        assert share.base_part == share.base_part.quantize(D("0.01"))
        assert share.increment_part == share.increment_part.quantize(D("0.01"))


@given(terms_strategy, revenue_strategy)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])  # a busy CI machine
def test_no_part_is_negative_unless_the_shortfall_rule_says_so(terms: Terms, revenue: dict[str, Decimal]) -> None:
    result = rules.share_year([terms], revenue)
    negative = [s for s in result.shares if s.base_part < 0 or s.increment_part < 0]
    if negative:
        assert terms.shortfall_rule in rules.NEGATIVE_PARTS
        assert any(w.shortfall for w in result.workings)
    if terms.shortfall_rule == rules.PROPORTIONAL:
        assert not negative


@given(terms_strategy, revenue_strategy, st.randoms(use_true_random=False))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_the_result_does_not_depend_on_input_order(
    terms: Terms, revenue: dict[str, Decimal], rnd: random.Random
) -> None:
    items = list(revenue.items())
    rnd.shuffle(items)
    ratios = list(terms.base_ratios.items())
    rnd.shuffle(ratios)
    types = list(terms.tax_types)
    rnd.shuffle(types)
    shuffled = Terms(
        key=terms.key,
        tax_types=tuple(types),
        base_amount=terms.base_amount,
        base_ratios=dict(ratios),
        increment_ratios=dict(reversed(list(terms.increment_ratios.items()))),
        shortfall_rule=terms.shortfall_rule,
        base_amounts=terms.base_amounts,
    )
    a = rules.share_year([terms], revenue).shares
    b = rules.share_year([shuffled], dict(items)).shares
    assert sorted(a, key=repr) == sorted(b, key=repr)


def test_two_agreements_and_uncovered_revenue() -> None:
    first = Terms("1", ("vat",), D("100.00"), to_percent([1, 1, 1]), to_percent([0, 0, 1]))
    second = Terms("2", ("stamp",), D("0.00"), to_percent([1, 0, 1]), to_percent([1, 0, 1]))
    revenue = {"vat": D("200.00"), "stamp": D("0.03"), "deed": D("7.77")}
    one = rules.share_year([first, second], revenue)
    two = rules.share_year([second, first], dict(reversed(list(revenue.items()))))
    assert one.shares == two.shares
    assert one.total() == D("207.80")
    assert one.by_party()[rules.UNSHARED]["total"] == D("7.77")
    with pytest.raises(ValueError):
        rules.share_year([first, Terms("3", ("vat",), D(0), first.base_ratios, first.increment_ratios)], revenue)


# --- one agreement by hand -----------------------------------------------------------------------
#
# 增值税 and 企业所得税, one base for both: 10 000 000.00 (base year 2023); base ratios city 40 %,
# county 20 %, zone 40 %; increment ratios 20 / 10 / 70 ("增量以园区为主"); a shortfall is shared
# by the increment ratios (negative increment).

HAND = Terms(
    key="hand",
    tax_types=("vat", "corporate_income"),
    base_amount=D("10000000.00"),
    base_ratios={"city": D("40.00"), "county": D("20.00"), "zone": D("40.00")},
    increment_ratios={"city": D("20.00"), "county": D("10.00"), "zone": D("70.00")},
    shortfall_rule=rules.INCREMENT_RATIOS,
)


def table(result: rules.Statement) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    return {(s.tax_type, s.party): (s.base_part, s.increment_part) for s in result.shares}


def test_hand_computed_normal_year() -> None:
    """2025: 增值税 9 000 000.00 + 企业所得税 3 000 000.01 = 12 000 000.01 ≥ base.

    Base over the types ∝ revenue, in fen: 1e9 × 9e8 / 1 200 000 001 = 749 999 999.375 and
    1e9 × 300 000 001 / 1 200 000 001 = 250 000 000.625; the one fen left goes to the larger
    remainder (企业所得税): bases 7 499 999.99 and 2 500 000.01; increments 1 500 000.01 and 500 000.00.
    增值税 base 749 999 999 fen × 40/20/40 → 299 999 999.6 / 149 999 999.8 / 299 999 999.6: two fen
    left, to county (.8), then to city (tie with zone at .6 and equal weight: the smaller key).
    增值税 increment 150 000 001 fen × 20/10/70 → .2/.1/.7: the fen to the zone.
    企业所得税 base 250 000 001 fen → 100 000 000.4 / 50 000 000.2 / 100 000 000.4: the fen to city.
    """
    result = rules.share_year([HAND], {"vat": D("9000000.00"), "corporate_income": D("3000000.01")})
    assert table(result) == {
        ("vat", "city"): (D("3000000.00"), D("300000.00")),
        ("vat", "county"): (D("1500000.00"), D("150000.00")),
        ("vat", "zone"): (D("2999999.99"), D("1050000.01")),
        ("corporate_income", "city"): (D("1000000.01"), D("100000.00")),
        ("corporate_income", "county"): (D("500000.00"), D("50000.00")),
        ("corporate_income", "zone"): (D("1000000.00"), D("350000.00")),
    }
    (working,) = result.workings
    assert working.base_by_type == {"vat": D("7499999.99"), "corporate_income": D("2500000.01")}
    assert not working.shortfall
    assert working.increment_total == D("2000000.01")
    parties = result.by_party()
    assert parties["city"] == {"base": D("4000000.01"), "increment": D("400000.00"), "total": D("4400000.01")}
    assert parties["county"] == {"base": D("2000000.00"), "increment": D("200000.00"), "total": D("2200000.00")}
    assert parties["zone"] == {"base": D("3999999.99"), "increment": D("1400000.01"), "total": D("5400000.00")}
    assert result.total() == D("12000000.01")


def test_hand_computed_shortfall_year() -> None:
    """2024: 增值税 6 000 000.01 + 企业所得税 1 999 999.99 = 8 000 000.00 < base 10 000 000.00.

    Base over the types: 750 000 001.25 and 249 999 998.75 fen → 7 500 000.01 and 2 499 999.99
    (the fen to .75); increments −1 500 000.00 and −500 000.00, shared by 20/10/70.
    增值税 base 750 000 001 fen → .4/.2/.4: the fen to city. 企业所得税 base 249 999 999 fen →
    99 999 999.6 / 49 999 999.8 / 99 999 999.6: county, then city.
    """
    result = rules.share_year([HAND], {"vat": D("6000000.01"), "corporate_income": D("1999999.99")})
    assert table(result) == {
        ("vat", "city"): (D("3000000.01"), D("-300000.00")),
        ("vat", "county"): (D("1500000.00"), D("-150000.00")),
        ("vat", "zone"): (D("3000000.00"), D("-1050000.00")),
        ("corporate_income", "city"): (D("1000000.00"), D("-100000.00")),
        ("corporate_income", "county"): (D("500000.00"), D("-50000.00")),
        ("corporate_income", "zone"): (D("999999.99"), D("-350000.00")),
    }
    (working,) = result.workings
    assert working.shortfall and working.rule == rules.INCREMENT_RATIOS
    assert working.increment_total == D("-2000000.00")
    totals = {p: v["total"] for p, v in result.by_party().items()}
    assert totals == {"city": D("3600000.01"), "county": D("1800000.00"), "zone": D("2599999.99")}


def test_the_other_shortfall_rules_by_hand() -> None:
    revenue = {"vat": D("90.00")}
    base = Terms(
        "s",
        ("vat",),
        D("100.00"),
        {"city": D("50"), "zone": D("50")},
        {"city": D("10"), "zone": D("90")},
        rules.PROPORTIONAL,
    )
    assert table(rules.share_year([base], revenue)) == {
        ("vat", "city"): (D("45.00"), D("0.00")),
        ("vat", "zone"): (D("45.00"), D("0.00")),
    }
    zone_first = Terms(**{**base.__dict__, "shortfall_rule": rules.ZONE_FIRST})
    assert table(rules.share_year([zone_first], revenue)) == {
        ("vat", "city"): (D("50.00"), D("0.00")),
        ("vat", "zone"): (D("40.00"), D("0.00")),
    }
    assert table(rules.share_year([zone_first], {"vat": D("30.00")}))[("vat", "zone")] == (D("-20.00"), D("0.00"))


def test_base_per_tax_type() -> None:
    terms = Terms(
        "p",
        ("vat", "stamp"),
        D("150.00"),
        {"city": D("30"), "zone": D("70")},
        {"city": D("0"), "zone": D("100")},
        rules.PROPORTIONAL,
        base_amounts={"vat": D("100.00"), "stamp": D("50.00")},
    )
    got = table(rules.share_year([terms], {"vat": D("120.00"), "stamp": D("10.00")}))
    assert got[("vat", "city")] == (D("30.00"), D("0.00"))
    assert got[("vat", "zone")] == (D("70.00"), D("20.00"))
    assert got[("stamp", "city")] == (D("3.00"), D("0.00"))  # stamp short of its own base: proportional
    assert got[("stamp", "zone")] == (D("7.00"), D("0.00"))


@given(
    st.dictionaries(st.sampled_from(rules.PARTIES), fen, min_size=1),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12),
)
def test_months_sum_both_ways(parties: dict[str, Decimal], month_weights: list[int]) -> None:
    total = sum(parties.values(), D(0))
    spread = rules.allocate_list(total, [D(w) for w in month_weights]) if any(month_weights) else None
    if spread is None:
        return
    months = {i + 1: v for i, v in enumerate(spread)}
    out = rules.by_month(parties, months)
    for m, amount in months.items():
        assert sum(out[m].values(), D(0)) == amount
    for p, amount in parties.items():
        assert sum((out[m][p] for m in out), D(0)) == amount


def test_ratio_sets_must_sum_to_exactly_100() -> None:
    assert rules.ratios_problem({"city": D("30.00"), "zone": D("70.00")}) is None
    assert rules.ratios_problem({"city": D("30.00"), "zone": D("69.99")}) == "sum"
    assert rules.ratios_problem({"city": D("30.001"), "zone": D("69.999")}) == "places"
    assert rules.ratios_problem({"city": D("-1"), "zone": D("101")}) == "negative"
    assert rules.ratios_problem({"province": D("100")}) == "unknown_party"


# --- the above-plan reward and the stages ------------------------------------------------------


def test_reward_by_hand() -> None:
    """City-level tax 4 400 000.01 after 3 600 000.01, planned growth 8 %: planned
    3 888 000.0108 → 3 888 000.01; excess 512 000.00; half of it 256 000.00."""
    w = rules.above_plan_reward(
        city_tax=D("4400000.01"),
        prior_city_tax=D("3600000.01"),
        planned_growth_percent=D("8"),
        reward_percent=D("50"),
    )
    assert (w.planned_city_tax, w.excess, w.reward) == (D("3888000.01"), D("512000.00"), D("256000.00"))
    odd = rules.above_plan_reward(
        city_tax=D("100.01"), prior_city_tax=D("100.00"), planned_growth_percent=D("0"), reward_percent=D("50")
    )
    assert odd.reward == D("0.00")  # 0.01 split 50/50: the tie goes to the part kept ("rest" < "reward")
    none = rules.above_plan_reward(
        city_tax=D("90"), prior_city_tax=D("100"), planned_growth_percent=D("5"), reward_percent=D("50")
    )
    assert none.reward == D("0.00")


def test_top_share_and_reward_years() -> None:
    assert rules.qualifies(23, 230, D("10"))
    assert not rules.qualifies(24, 230, D("10"))
    assert rules.qualifies(5, 100, D("5")) and not rules.qualifies(6, 100, D("5"))
    assert rules.reward_years(2024, 3) == [2025, 2026, 2027]


@given(fen, st.lists(st.integers(min_value=0, max_value=100), min_size=4, max_size=4).filter(lambda xs: sum(xs) > 0))
def test_stage_amounts_sum_to_the_award(award: Decimal, weights: list[int]) -> None:
    percents = dict(zip(rules.STAGES, rules.allocate_list(D("100.00"), [D(w) for w in weights]), strict=True))
    due = rules.stage_amounts(award, percents)
    assert sum(due.values(), D(0)) == award
    assert all(v >= 0 for v in due.values())


def test_pay_order() -> None:
    paid = dict.fromkeys(rules.STAGES, False)
    args = {"due": D("1"), "paid_so_far": D("0"), "award": D("4")}
    assert rules.pay_problem(rules.STARTED, reached=True, paid=paid, **args) == "previous_unpaid"
    assert rules.pay_problem(rules.LANDED, reached=False, paid=paid, **args) == "not_reached"
    assert rules.pay_problem(rules.LANDED, reached=True, paid=paid, **args) is None
    paid[rules.LANDED] = True
    assert rules.pay_problem(rules.LANDED, reached=True, paid=paid, **args) == "already_paid"
    assert (
        rules.pay_problem(rules.STARTED, reached=True, paid=paid, **{**args, "paid_so_far": D("3.5")}) == "over_award"
    )


def test_shares_are_plain_values() -> None:
    assert Share("city", "vat", D("1.00"), D("-0.50")).total == D("0.50")

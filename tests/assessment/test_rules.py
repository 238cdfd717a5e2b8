"""assessment/rules.py: pure Decimal arithmetic, unit and property tests (DESIGN "Recompute")."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from assessment import rules

money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
coef = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)
scores = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=4),
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=30,
)


def test_hand_computed_example_to_the_fen() -> None:
    specs = [
        rules.IndicatorSpec("a", D(60), dimension=1),
        rules.IndicatorSpec("b", D(40), dimension=2, method="ratio", benchmark=D(20)),
    ]
    values = {"z1": {"a": D(100), "b": D(10)}, "z2": {"a": D(50), "b": D(25)}, "z3": {"a": D(0), "b": None}}
    s = rules.score_group(specs, values, D(60))
    assert {z: v.total for z, v in s.items()} == {"z1": D("80.00"), "z2": D("88.00"), "z3": D("36.00")}
    assert s["z3"].lines[1].note == "missing"
    ranks = rules.competition_ranks({z: v.total for z, v in s.items()})
    assert ranks == {"z2": 1, "z1": 2, "z3": 3}
    g = rules.GradeRules()
    assert [rules.grade_of(s[z].total, ranks[z], 3, g)[0] for z in ("z1", "z2", "z3")] == ["good", "good", "fail"]
    total = rules.benchmark_total(D("12345.67"), 7)
    assert total == D("86419.69")
    p = rules.pool(total, D(3), D(5))
    assert (p.uncapped_total, p.cap_total, p.pool_total, p.capped) == (
        D("259259.07"), D("432098.45"), D("259259.07"), False,
    )  # fmt: skip
    capped = rules.pool(total, D(6), D(5))  # a coefficient above the 5× cap
    assert (capped.uncapped_total, capped.pool_total, capped.capped) == (D("518518.14"), D("432098.45"), True)


def test_efficacy_edges() -> None:
    assert rules.efficacy_pct(D(5), D(5), D(5), D(60), lower_is_better=False) == 100  # max = min
    assert rules.efficacy_pct(D(0), D(0), D(10), D(60), lower_is_better=True) == 100  # lowest is best
    assert rules.efficacy_pct(D(10), D(0), D(10), D(60), lower_is_better=True) == 60
    ded = rules.indicator_points(
        rules.IndicatorSpec("e", D(40), method="deduction", deduction_per_unit=D(10)), D(5), [], D(60)
    )
    assert ded.points == 0  # never below zero


def test_competition_ranks_share_and_skip() -> None:
    assert rules.competition_ranks({"a": D(90), "b": D(80), "c": D(80), "d": D(70)}) == {"a": 1, "b": 2, "c": 2, "d": 4}
    # declared tie-break: the first dimension's score, then shared
    tie = rules.competition_ranks({"b": D(80), "c": D(80)}, {"b": D(10), "c": D(20)})
    assert tie == {"c": 1, "b": 2}


def test_consequences_read_the_years_they_name() -> None:
    specs = [
        rules.ConsequenceSpec("bottom", D(3), 2, "delisting", "摘牌"),
        rules.ConsequenceSpec("bottom", D(10), 1, "interview", "约谈"),
        rules.ConsequenceSpec("top_pct", D(5), 1, "commendation", "表扬"),
        rules.ConsequenceSpec("failing", D(0), 2, "leave_status", "退出"),
    ]
    bottom_twice = {2024: rules.Standing(19, 20, "pass"), 2025: rules.Standing(20, 20, "fail")}
    codes = [c.code for c in rules.consequences(2025, bottom_twice, specs)]
    assert codes == ["delisting", "interview"]
    once = {2025: rules.Standing(20, 20, "fail")}
    assert [c.code for c in rules.consequences(2025, once, specs)] == ["interview"]
    failing = {2024: rules.Standing(1, 20, "fail"), 2025: rules.Standing(1, 20, "fail")}
    assert {c.code for c in rules.consequences(2025, failing, specs)} == {"commendation", "leave_status"}
    assert rules.consequences(2025, bottom_twice, specs)[0].years == (2024, 2025)
    # bottom 3 of a group of 3 would name everyone: a bottom rule needs a longer ranking
    small = {2024: rules.Standing(3, 3, "pass"), 2025: rules.Standing(3, 3, "pass")}
    assert [c.code for c in rules.consequences(2025, small, specs[:1])] == []


@given(money, coef, st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False))
def test_pool_never_above_cap(total: D, coefficient: D, cap_multiple: D) -> None:
    p = rules.pool(total, coefficient, cap_multiple)
    assert p.pool_total <= p.cap_total
    assert p.pool_total == min(p.uncapped_total, p.cap_total)
    assert p.capped == (p.uncapped_total > p.cap_total)
    if p.capped:
        assert p.pool_total == rules.q2(total * cap_multiple)


@given(scores)
def test_ranks_are_a_competition_ranking(s: dict[str, D]) -> None:
    ranks = rules.competition_ranks(s)
    assert set(ranks) == set(s)
    for z, r in ranks.items():
        assert r == 1 + sum(1 for other in s.values() if other > s[z])


@given(scores, st.integers(min_value=1, max_value=5))
def test_consequences_depend_only_on_named_years(s: dict[str, D], years: int) -> None:
    spec = [rules.ConsequenceSpec("bottom", D(3), years, "x", "x")]
    ranks = rules.competition_ranks(s)
    n = len(s)
    for r in ranks.values():
        hist = {2020 + k: rules.Standing(r, n, "pass") for k in range(10)}
        noisy = {**hist, 2000: rules.Standing(1, n, "excellent")}  # a year no rule names
        assert rules.consequences(2029, hist, spec) == rules.consequences(2029, noisy, spec)


@given(
    st.lists(
        st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=20,
    )
)
def test_efficacy_within_floor_and_100(xs: list[D]) -> None:
    for x in xs:
        for lower in (True, False):
            pct = rules.efficacy_pct(x, min(xs), max(xs), D(60), lower_is_better=lower)
            assert D(60) <= pct <= D(100)

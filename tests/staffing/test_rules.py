"""Staffing's pure rules (staffing/rules.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from staffing import rules

digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


def valid_id(n: int, birth: date = date(1990, 1, 1)) -> str:
    return rules.with_check(f"210802{birth:%Y%m%d}{n % 1000:03d}")


def test_a_known_id_number_checks_out() -> None:
    # GB 11643's worked example.
    assert rules.id_problem("11010519491231002X") is None
    assert rules.id_problem("110105194912310021") is not None  # wrong check character
    assert rules.id_problem("11010519491331002X") is not None  # month 13
    assert rules.id_problem("1101051949") is not None


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31)), st.integers(0, 999))
def test_every_generated_number_validates_and_one_wrong_digit_fails(birth: date, n: int) -> None:
    good = valid_id(n, birth)
    assert rules.id_problem(good) is None
    assert rules.birth_date(good) == birth
    for i in range(17):
        bad = good[:i] + str((int(good[i]) + 1) % 10) + good[i + 1 :]
        if rules.id_problem(bad) is None:
            pytest.fail(f"a one-digit change at {i} passed: {bad}")


@given(digits17)
def test_masking_shows_four_and_four(first17: str) -> None:
    value = rules.with_check(first17)
    masked = rules.mask_id(value)
    assert len(masked) == 18
    assert masked[:4] == value[:4] and masked[-4:] == value[-4:]
    assert masked[4:14] == "*" * 10
    assert value not in masked


@given(st.integers(0, 200), st.integers(0, 200), st.integers(0, 200), st.integers(1, 5))
def test_the_ledger_never_goes_over_the_cap(cap: int, serving: int, reserved: int, n: int) -> None:
    ledger = rules.Ledger(cap, serving, reserved)
    if ledger.can_take(n):
        after = ledger.reserve(n)
        assert after.serving + after.reserved <= cap
        assert after.free == ledger.free - n
        assert after.use(n).serving == serving + n
        assert after.release(n) == ledger
    else:
        with pytest.raises(ValueError):
            ledger.reserve(n)


def test_posts_sums_name_the_numbers() -> None:
    assert rules.posts_problems(150, 5, [(100, False), (50, False), (5, True)])[0][2] == {"total": 155, "cap": 150}
    problems = rules.posts_problems(150, 5, [(10, False), (6, True)])
    assert [p[2] for p in problems] == [{"total": 6, "cap": 5}]
    assert rules.posts_problems(150, 5, [(145, False), (5, True)]) == []


def test_a_revised_plan_is_checked_against_serving_reserved_and_bodies() -> None:
    problems = rules.plan_problems(120, 118, 3, {"A"}, {"A": 2, "B": 1})
    assert [p[0] for p in problems] == ["headcount_cap", "internal_bodies"]
    assert problems[1][2] == {"name": "B", "count": 1}
    assert rules.plan_problems(121, 118, 3, {"A", "B"}, {"A": 2, "B": 1}) == []


def test_eligibility_gives_reasons() -> None:
    req = rules.Requirements(min_education="bachelor", max_age=35, internal_only=True)
    who = rules.Candidate("college", date(1980, 5, 1), internal=False)
    reasons = rules.eligibility(req, who, date(2026, 1, 1))
    assert len(reasons) == 3
    assert reasons[2][1] == {"age": 45, "max": 35}
    assert rules.eligibility(req, rules.Candidate("master", date(1995, 5, 1), internal=True), date(2026, 1, 1)) == []


scores = st.decimals(min_value=0, max_value=100, places=2)


@given(scores, scores, st.decimals(min_value=0, max_value=1, places=2))
def test_weighted_total_is_exact_and_within_the_scores(written: Decimal, interview: Decimal, w: Decimal) -> None:
    total = rules.weighted_total(written, interview, w, 1 - w)
    assert min(written, interview) - Decimal("0.01") <= total <= max(written, interview) + Decimal("0.01")
    assert rules.weights_problem(w, 1 - w) is None
    assert rules.weights_problem(w, 1 - w + Decimal("0.01")) is not None


T0 = datetime(2026, 3, 1, 9, 0)


def test_ranking_ties_break_by_interview_then_written_then_time() -> None:
    rows = [
        rules.Scored(1, Decimal(80), Decimal(90), T0 + timedelta(minutes=3), Decimal(86)),
        rules.Scored(2, Decimal(90), Decimal(80), T0, Decimal(86)),  # same total, lower interview
        rules.Scored(3, Decimal(80), Decimal(90), T0, Decimal(86)),  # same as 1, applied earlier
        rules.Scored(4, Decimal(99), Decimal(99), T0, Decimal(99)),
    ]
    assert rules.ranking(rows, rules.TIE_BREAK_KEYS) == [(4, 1), (3, 2), (1, 3), (2, 4)]
    # another rule set: written first
    assert rules.ranking(rows, ("written", "interview", "applied_at"))[1] == (2, 2)


@given(
    st.lists(
        st.tuples(scores, scores, st.integers(0, 1000)),
        min_size=1,
        max_size=30,
    )
)
def test_ranking_is_a_total_order_independent_of_input_order(data: list[tuple[Decimal, Decimal, int]]) -> None:
    rows = [
        rules.Scored(i, w, v, T0 + timedelta(seconds=s), rules.weighted_total(w, v, Decimal("0.4"), Decimal("0.6")))
        for i, (w, v, s) in enumerate(data)
    ]
    a = rules.ranking(rows, rules.TIE_BREAK_KEYS)
    b = rules.ranking(list(reversed(rows)), rules.TIE_BREAK_KEYS)
    assert a == b
    assert sorted(r for _k, r in a) == list(range(1, len(rows) + 1))
    totals = {r.key: r.total for r in rows}
    ordered = [totals[k] for k, _r in a]
    assert ordered == sorted(ordered, reverse=True)


def test_allocation_honours_preferences() -> None:
    # Post 10 (1 place), post 20 (1 place). Ann ranks first on both, prefers 20; Bob second on both.
    bids = [
        rules.Bid(1, "ann", 10, 2, 1),
        rules.Bid(2, "ann", 20, 1, 1),
        rules.Bid(3, "bob", 10, 1, 2),
        rules.Bid(4, "bob", 20, 2, 2),
    ]
    assert rules.allocate(bids, {10: 1, 20: 1}) == {2: 20, 3: 10}
    # Ann declined post 20: she takes 10 and Bob moves to 20.
    assert rules.allocate(bids, {10: 1, 20: 1}, excluded={2}) == {1: 10, 4: 20}


@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3), st.integers(1, 3)), min_size=1, max_size=40),
    st.lists(st.integers(0, 3), min_size=4, max_size=4),
)
def test_allocation_places_nobody_twice_and_keeps_to_places(raw: list[tuple[int, int, int]], caps: list[int]) -> None:
    seen: set[tuple[int, int]] = set()
    bids = []
    prefs: dict[int, set[int]] = {}
    for i, (person, post, pref) in enumerate(raw):
        if (person, post) in seen or pref in prefs.setdefault(person, set()):
            continue
        seen.add((person, post))
        prefs[person].add(pref)
        bids.append(rules.Bid(i, str(person), post, pref, 0))
    # ranks per post: by key
    bids = [rules.Bid(b.key, b.person, b.post, b.preference, b.key + 1) for b in bids]
    places = dict(enumerate(caps))
    out = rules.allocate(bids, places)
    persons = [b.person for b in bids if b.key in out]
    assert len(persons) == len(set(persons))
    for post, cap in places.items():
        assert sum(1 for p in out.values() if p == post) <= cap
    # stability: nobody unplaced at a post is ranked better than someone placed there while
    # preferring that post to where they are
    by_key = {b.key: b for b in bids}
    where = {by_key[k].person: by_key[k] for k in out}
    for b in bids:
        if b.key in out:
            continue
        mine = where.get(b.person)
        if mine is not None and mine.preference < b.preference:
            continue
        holders = [by_key[k] for k, p in out.items() if p == b.post]
        if len(holders) < places.get(b.post, 0):
            pytest.fail(f"free place at {b.post} left while {b.person} wanted it")
        assert all(h.rank < b.rank for h in holders)


def test_contract_term() -> None:
    assert rules.contract_end(date(2026, 1, 1), 2) == date(2027, 12, 31)
    assert rules.contract_end(date(2024, 2, 29), 2) == date(2026, 2, 27)


def test_bottom_ten_percent_two_years_running_proposes_dismissal() -> None:
    rs = rules.StaffingRules()
    assert rules.in_bottom(91, 100, Decimal(10)) and not rules.in_bottom(90, 100, Decimal(10))
    assert not rules.in_bottom(9, 9, Decimal(10))  # fewer than 10 people: no bottom 10 %
    bottom = [rules.YearGrade(2025, "D", 95, 100), rules.YearGrade(2026, "D", 99, 100)]
    assert rules.renewal_proposal(bottom, rs) == rules.DISMISS_PROPOSAL
    once = [rules.YearGrade(2025, "C", 50, 100), rules.YearGrade(2026, "D", 99, 100)]
    assert rules.renewal_proposal(once, rs) == rules.RENEW
    assert rules.renewal_proposal(bottom[:1], rs) == rules.RENEW


def test_placement_follows_file_identity() -> None:
    assert rules.placement_for("civil_servant") == "按公务员身份安排岗位"
    assert rules.placement_for("society") == "以社会自然人身份退出"


def test_the_tie_break_text_is_checked() -> None:
    assert rules.parse_tie_break("written, interview") == ("written", "interview")
    with pytest.raises(ValueError):
        rules.parse_tie_break("age")

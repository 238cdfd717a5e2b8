"""The register's pure rules (powers/rules.py)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from powers import rules


def test_every_move_names_its_document_and_defer_its_fallback() -> None:
    assert all("document_no" in needs for needs in rules.TRANSITION_REQUIRES.values())
    assert rules.transition_problems("defer", {"document_no": "营政发〔2025〕1号", "reason": "人员不足"}) == {
        "fallback_mode": "required"
    }
    assert rules.transition_problems("defer", {"document_no": "x", "reason": "y", "fallback_mode": "direct"}) == {
        "fallback_mode": "not_fallback"
    }
    assert rules.transition_problems("take_on", {"document_no": "  "}) == {"document_no": "required"}
    assert rules.transition_problems("delegate", {"document_no": "营政发〔2025〕1号"}) == {}


def test_the_life_cycle_table() -> None:
    leaves = {action: sources for action, (sources, _target) in rules.DELEGATION_TRANSITIONS.items()}
    assert rules.WITHDRAWN not in set().union(*leaves.values())  # withdrawn is final
    assert rules.DEFERRED in leaves["take_on"]  # a deferred power can still be taken on later
    assert rules.PROPOSED not in leaves["take_on"]


@given(st.dates(), st.dates(), st.dates())
def test_in_force_is_half_open(day: date, start: date, end: date) -> None:
    if end < start:
        start, end = end, start
    assert rules.in_force_on(day, start, end) == (start <= day < end)
    assert rules.in_force_on(day, start, None) == (start <= day)
    assert not rules.in_force_on(day, None, None)


def test_periods_and_due_dates() -> None:
    assert rules.period_of(date(2025, 7, 1)) == "2025"
    assert rules.period_bounds("2025") == (date(2025, 1, 1), date(2025, 12, 31))
    assert rules.due_on("2025") == date(2026, 3, 31)
    assert rules.previous_period(date(2026, 2, 1)) == "2025"
    assert rules.is_overdue("2025", date(2026, 4, 1)) and not rules.is_overdue("2025", date(2026, 3, 31))
    half = rules.EvaluationRules(months=6, grace_days=30)
    assert rules.period_of(date(2025, 7, 1), half) == "2025H2"
    assert rules.period_bounds("2025H2", half) == (date(2025, 7, 1), date(2025, 12, 31))
    assert not rules.is_period("2025Q1") and not rules.is_period("20x5") and rules.is_period("2025")


def test_an_evaluation_is_owed_for_a_period_the_delegation_was_in_force() -> None:
    assert rules.evaluation_owed("2025", date(2025, 12, 31), None)
    assert not rules.evaluation_owed("2025", date(2026, 1, 1), None)
    assert not rules.evaluation_owed("2025", date(2024, 1, 1), date(2025, 1, 1))
    assert rules.evaluation_owed("2025", date(2024, 1, 1), date(2025, 1, 2))


def test_full_chain_coverage() -> None:
    assert not all(rules.stage_coverage({"project", "construction"}).values())
    assert all(rules.stage_coverage(set(rules.APPROVAL_STAGES)).values())

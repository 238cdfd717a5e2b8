"""The delegated-power register's rules as data (SPEC §2; ADR 0201). No Django, no ORM.

- ``DELEGATION_TRANSITIONS``: the life-cycle of a delegation, ``{action: (from-states, to-state)}``
  (read by ``powers.services.delegation_flow``).
- ``TRANSITION_REQUIRES``: what each move must carry (文号 always; the reason and the fallback where
  the move needs them) — checked by :func:`transition_problems`.
- ``IN_FORCE_STATES``: the states in which a zone holds the power (or its fallback).
- The evaluation period (default yearly) and when an evaluation falls overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PROPOSED = "proposed"
DELEGATED = "delegated"
TAKEN_ON = "taken_on"
DEFERRED = "deferred"
WITHDRAWN = "withdrawn"

DELEGATION_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "delegate": ({PROPOSED}, DELEGATED),
    "take_on": ({DELEGATED, DEFERRED}, TAKEN_ON),
    "defer": ({DELEGATED}, DEFERRED),
    "withdraw": ({PROPOSED, DELEGATED, TAKEN_ON, DEFERRED}, WITHDRAWN),
}

# Who moves: the granting side (department, province) or the zone that receives the power.
GRANTING_MOVES = frozenset({"delegate", "withdraw"})
ZONE_MOVES = frozenset({"take_on", "defer"})

# What a move must carry besides who and when. Every move names its document (文号).
TRANSITION_REQUIRES: dict[str, tuple[str, ...]] = {
    "delegate": ("document_no",),
    "take_on": ("document_no",),
    "defer": ("document_no", "reason", "fallback_mode"),
    "withdraw": ("document_no", "reason"),
}

# A zone that cannot take a power on yet gets one of these instead (seed 000 §3).
FALLBACK_MODES = frozenset({"dual_plate", "stationed"})

# States in which the delegation is part of the zone's register (valid time open).
IN_FORCE_STATES = frozenset({DELEGATED, TAKEN_ON, DEFERRED})
# States still "active": a second delegation of the same item to the same zone is refused.
ACTIVE_STATES = frozenset({PROPOSED, DELEGATED, TAKEN_ON, DEFERRED})


def transition_problems(action: str, values: dict[str, object]) -> dict[str, str]:
    """``{field: code}`` for each thing ``action`` requires that ``values`` lacks."""
    problems: dict[str, str] = {}
    for name in TRANSITION_REQUIRES[action]:
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems[name] = "required"
    fallback = values.get("fallback_mode")
    if action == "defer" and fallback and fallback not in FALLBACK_MODES:
        problems["fallback_mode"] = "not_fallback"
    return problems


def dates_problem(effective_from: date | None, effective_to: date | None) -> str | None:
    """``"reversed"`` when the validity ends before it starts."""
    if effective_from is not None and effective_to is not None and effective_to < effective_from:
        return "reversed"
    return None


def in_force_on(day: date, effective_from: date | None, effective_to: date | None) -> bool:
    """Valid time is half-open: in force from ``effective_from`` up to, not including, ``effective_to``."""
    if effective_from is None or effective_from > day:
        return False
    return effective_to is None or day < effective_to


# --- Evaluations ("谁赋权、谁指导") -----------------------------------------------------------


@dataclass(frozen=True)
class EvaluationRules:
    """The evaluation rule set: a period every ``months`` months, due ``grace_days`` after it ends."""

    months: int = 12
    grace_days: int = 90


DEFAULT_EVALUATION_RULES = EvaluationRules()

RECOMMENDATIONS = ("keep", "adjust", "withdraw")
RATINGS = ("excellent", "good", "fair", "poor")


def period_of(day: date, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) -> str:
    """The label of the period holding ``day``: ``2025`` (yearly), ``2025H1`` (half-yearly), ``2025Q3``."""
    if rules.months == 12:
        return str(day.year)
    index = (day.month - 1) // rules.months + 1
    return f"{day.year}{'H' if rules.months == 6 else 'Q'}{index}"


def period_bounds(period: str, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) -> tuple[date, date]:
    """First and last day of a period label (``ValueError`` for a label the rules do not make)."""
    if not period[:4].isdigit():
        raise ValueError(period)
    year = int(period[:4])
    if rules.months == 12:
        if len(period) != 4:
            raise ValueError(period)
        return date(year, 1, 1), date(year, 12, 31)
    marker = "H" if rules.months == 6 else "Q"
    if len(period) != 6 or period[4] != marker:
        raise ValueError(period)
    if not period[5].isdigit():
        raise ValueError(period)
    index = int(period[5])
    if not 1 <= index <= 12 // rules.months:
        raise ValueError(period)
    start_month = (index - 1) * rules.months + 1
    start = date(year, start_month, 1)
    end_month = start_month + rules.months
    end = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)
    return start, end - timedelta(days=1)


def label_bounds(period: str) -> tuple[date, date]:
    """First and last day of any period label a rule set makes — ``2025``, ``2025H1``, ``2025Q3``
    — whatever the rule set in force (``ValueError`` otherwise): a filed evaluation keeps its
    dates when the rules change (ADR 0204)."""
    if len(period) == 4:
        return period_bounds(period, EvaluationRules(months=12))
    if len(period) == 6 and period[4] in "HQ":
        return period_bounds(period, EvaluationRules(months=6 if period[4] == "H" else 3))
    raise ValueError(period)


def period_values(period: str) -> dict[str, object]:
    """The typed fields of a period label: its ``year`` (what an auditor's period is compared
    with) and its first and last day (``period_start``, ``period_end``)."""
    start, end = label_bounds(period)
    return {"year": start.year, "period_start": start, "period_end": end}


def is_period(period: str, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) -> bool:
    try:
        period_bounds(period, rules)
    except ValueError:
        return False
    return True


def due_on(period: str, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) -> date:
    """The day an evaluation of ``period`` is due."""
    return period_bounds(period, rules)[1] + timedelta(days=rules.grace_days)


def previous_period(day: date, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) -> str:
    """The last complete period before the one holding ``day``."""
    start, _end = period_bounds(period_of(day, rules), rules)
    return period_of(start - timedelta(days=1), rules)


def evaluation_owed(
    period: str,
    effective_from: date | None,
    effective_to: date | None,
    rules: EvaluationRules = DEFAULT_EVALUATION_RULES,
) -> bool:
    """A delegation in force on any day of ``period`` owes an evaluation of it."""
    start, end = period_bounds(period, rules)
    if effective_from is None or effective_from > end:
        return False
    return effective_to is None or effective_to > start


def is_overdue(period: str, today: date, rules: EvaluationRules = DEFAULT_EVALUATION_RULES) -> bool:
    return today > due_on(period, rules)


# --- Full-chain coverage (seed 001 §三) --------------------------------------------------------

APPROVAL_STAGES = ("project", "land_planning", "works_planning", "construction", "completion")


def stage_coverage(held: set[str]) -> dict[str, bool]:
    """For each of the five construction approval stages in order: does the zone hold it?"""
    return {stage: stage in held for stage in APPROVAL_STAGES}

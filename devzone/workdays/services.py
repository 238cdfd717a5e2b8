"""Working days on the official calendar, for every app that counts them (e.g. staffing's
publicity period)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from . import rules
from .models import CalendarDay

# Long enough for any period counted in working days (a publicity of 5, a window of 30).
_LOOKAHEAD_DAYS = 366


def announced(start: date, end: date) -> dict[date, bool]:
    """The announced days between ``start`` and ``end`` (one query)."""
    return dict(CalendarDay.objects.filter(day__gte=start, day__lte=end).values_list("day", "working"))


def add_working_days(start: date, days: int) -> date:
    """The last of ``days`` working days from ``start`` on the official calendar."""
    return rules.add_working_days(start, days, announced(start, start + timedelta(days=_LOOKAHEAD_DAYS)))


def load_official(model: Any = CalendarDay) -> None:
    """The shipped notices' days, where the calendar has none for that day (migration; idempotent)."""
    have = set(model._default_manager.values_list("day", flat=True))
    model._default_manager.bulk_create(
        model(day=date.fromisoformat(day), working=working, name=name)
        for day, working, name in rules.OFFICIAL
        if date.fromisoformat(day) not in have
    )

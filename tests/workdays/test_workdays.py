"""Working days on the official calendar (devzone/workdays): weekends, the State Council's
holidays and its make-up working days; the shipped notices; the province's own entries."""

from __future__ import annotations

from datetime import date

import pytest

from devzone.workdays import rules, services
from devzone.workdays.models import CalendarDay


def test_plain_weeks_count_monday_to_friday() -> None:
    assert rules.add_working_days(date(2026, 12, 4), 5, {}) == date(2026, 12, 10)  # Fri → Thu
    assert rules.add_working_days(date(2026, 12, 5), 5, {}) == date(2026, 12, 11)  # Sat starts Monday
    assert rules.add_working_days(date(2026, 12, 7), 1, {}) == date(2026, 12, 7)
    assert rules.add_working_days(date(2026, 12, 7), 0, {}) == date(2026, 12, 7)


def test_a_holiday_is_skipped_and_a_make_up_saturday_counts() -> None:
    announced = {date(2026, 9, 30): False, date(2026, 10, 10): True}
    # Tue 29 Sep, (Wed 30 off), Thu 1 Oct, Fri 2 Oct, Mon 5, Tue 6
    assert rules.add_working_days(date(2026, 9, 29), 5, announced) == date(2026, 10, 6)
    assert rules.is_working(date(2026, 10, 10), announced)
    assert not rules.is_working(date(2026, 10, 11), announced)


def test_the_shipped_notices_are_consistent() -> None:
    days = [date.fromisoformat(d) for d, _w, _n in rules.OFFICIAL]
    assert len(days) == len(set(days))
    for day, working, name in rules.OFFICIAL:
        d = date.fromisoformat(day)
        # a make-up working day is always a weekend day; a holiday on a weekend is announced too
        assert not working or d.weekday() >= 5, (day, name)
        assert working == name.endswith("调休上班"), (day, name)


@pytest.mark.django_db
def test_the_national_day_week_on_the_shipped_calendar() -> None:
    assert CalendarDay.objects.filter(day__year=2026).count() >= 30
    # From Mon 28 Sep 2026: 28, 29, 30 Sep, then 1–7 Oct off, Thu 8 and Fri 9 Oct (the fifth),
    # and Sat 10 Oct, a make-up working day, is the sixth.
    assert services.add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 9)
    assert services.add_working_days(date(2026, 9, 28), 6) == date(2026, 10, 10)
    assert services.add_working_days(date(2026, 9, 25), 1) == date(2026, 9, 28)  # 中秋 Fri starts Monday
    assert services.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 14)  # Fri, then the make-up Sat


@pytest.mark.django_db
def test_a_day_the_province_enters_counts_and_is_on_record() -> None:
    start = date(2027, 3, 1)  # a Monday, past the shipped notices
    assert services.add_working_days(start, 5) == date(2027, 3, 5)
    day = CalendarDay.objects.create(day=date(2027, 3, 3), working=False, name="测试假日")
    assert services.add_working_days(start, 5) == date(2027, 3, 8)
    assert day.history.count() == 1  # type: ignore[attr-defined]
    services.load_official()  # idempotent: shipped rows are not doubled nor the province's touched
    assert CalendarDay.objects.filter(day=date(2027, 3, 3)).get().name == "测试假日"
    assert CalendarDay.objects.count() == len(rules.OFFICIAL) + 1

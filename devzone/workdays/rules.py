"""Working days by China's official calendar: Monday to Friday, except the public holidays the
State Council announces each year, plus the weekend days it makes working days (调休上班).

Pure: the caller passes the announced days (``CalendarDay`` rows) as a mapping day → working.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta


def is_working(day: date, announced: Mapping[date, bool]) -> bool:
    """An announced day is what the notice says; any other day works Monday to Friday."""
    if day in announced:
        return announced[day]
    return day.weekday() < 5


def add_working_days(start: date, days: int, announced: Mapping[date, bool]) -> date:
    """The last day of a period of ``days`` working days starting on ``start`` (or on the next
    working day when ``start`` is not one). ``days`` < 1 counts as 1."""
    d = start
    while not is_working(d, announced):
        d += timedelta(days=1)
    counted = 1
    while counted < days:
        d += timedelta(days=1)
        if is_working(d, announced):
            counted += 1
    return d


# The State Council General Office's notices (国务院办公厅关于…部分节假日安排的通知), shipped as
# the calendar's first rows; the province keeps later years in the admin (history kept).
# (day, working, name)
OFFICIAL: tuple[tuple[str, bool, str], ...] = (
    # 2025 (国办发明电〔2024〕12号)
    ("2025-01-01", False, "元旦"),
    *((f"2025-01-{d:02d}", False, "春节") for d in range(28, 32)),
    *((f"2025-02-{d:02d}", False, "春节") for d in range(1, 5)),
    ("2025-01-26", True, "春节调休上班"),
    ("2025-02-08", True, "春节调休上班"),
    *((f"2025-04-{d:02d}", False, "清明节") for d in range(4, 7)),
    *((f"2025-05-{d:02d}", False, "劳动节") for d in range(1, 6)),
    ("2025-04-27", True, "劳动节调休上班"),
    ("2025-05-31", False, "端午节"),
    ("2025-06-01", False, "端午节"),
    ("2025-06-02", False, "端午节"),
    *((f"2025-10-{d:02d}", False, "国庆节、中秋节") for d in range(1, 9)),
    ("2025-09-28", True, "国庆节调休上班"),
    ("2025-10-11", True, "国庆节调休上班"),
    # 2026 (国办发明电〔2025〕7号)
    *((f"2026-01-{d:02d}", False, "元旦") for d in range(1, 4)),
    ("2026-01-04", True, "元旦调休上班"),
    *((f"2026-02-{d:02d}", False, "春节") for d in range(15, 24)),
    ("2026-02-14", True, "春节调休上班"),
    ("2026-02-28", True, "春节调休上班"),
    *((f"2026-04-{d:02d}", False, "清明节") for d in range(4, 7)),
    *((f"2026-05-{d:02d}", False, "劳动节") for d in range(1, 6)),
    ("2026-05-09", True, "劳动节调休上班"),
    *((f"2026-06-{d:02d}", False, "端午节") for d in range(19, 22)),
    *((f"2026-09-{d:02d}", False, "中秋节") for d in range(25, 28)),
    *((f"2026-10-{d:02d}", False, "国庆节") for d in range(1, 8)),
    ("2026-09-20", True, "国庆节调休上班"),
    ("2026-10-10", True, "国庆节调休上班"),
)

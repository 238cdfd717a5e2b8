"""Cell values as read from a workbook, and their JSON form for a queued import run."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (its text, starting with ``=``)."""

    text: str


@dataclass(frozen=True)
class ErrorValue:
    """A cell showing an Excel error such as ``#N/A`` or ``#DIV/0!``."""

    code: str


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def encode(value: Any) -> Any:
    """A decoded cell value → JSON (kept on the run while it waits for a worker)."""
    if isinstance(value, Formula):
        return {"f": value.text}
    if isinstance(value, ErrorValue):
        return {"e": value.code}
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"t": value.isoformat()}
    return value


def decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "f" in value:
        return Formula(value["f"])
    if "e" in value:
        return ErrorValue(value["e"])
    if "dt" in value:
        return dt.datetime.fromisoformat(value["dt"])
    if "d" in value:
        return dt.date.fromisoformat(value["d"])
    if "t" in value:
        return dt.time.fromisoformat(value["t"])
    return str(value)


def display(value: Any) -> str:
    """How a cell's value is echoed back in an error report."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, ErrorValue):
        return value.code
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time(0, 0) else value.strftime("%Y-%m-%d")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def safe_text(text: str) -> str:
    """Text that openpyxl may write (it refuses control characters)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)

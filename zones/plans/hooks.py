"""Checks other apps run before an approved plan becomes the zone's establishment (ADR 0143).

Zones may not import the apps above it (import-linter layers), so an app that depends on the
establishment — staffing: posts in internal bodies, serving staff and offers under the cap —
registers a check here (in its ``AppConfig.ready``). ``approve_plan`` calls every check with the
zone and the approved figures, inside its transaction and before the establishment is written;
a check refuses by raising a domain error (``Invalid``/``Conflict``), which rolls the approval back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from zones.registry.models import Zone

ApprovalCheck = Callable[[Zone, Mapping[str, Any]], None]
_checks: list[ApprovalCheck] = []


def register_approval_check(check: ApprovalCheck) -> None:
    """Run ``check(zone, figures)`` before each approval writes the establishment (once per check)."""
    if check not in _checks:
        _checks.append(check)


def run_approval_checks(zone: Zone, figures: Mapping[str, Any]) -> None:
    for check in _checks:
        check(zone, figures)

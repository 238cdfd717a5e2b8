"""Browsable change history of the zone-owned inputs (devzone/audit; ADR 0103). Systems, rule
sets and years keep their history too (``history = audit_history()``) but are province-wide, so
they are read in the admin and on the systems page, not in a zone's history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from devzone.audit.registry import register
from zones.registry.history import _parent, _with_zone

from .models import Benchmark, IndicatorValue


def value_label(row: Any) -> str:
    indicator = _parent(row, "indicator")
    name = str(indicator) if indicator is not None else _("已删除的指标")
    return _with_zone(
        row, _("%(year)s 考核指标 %(name)s（%(period)s）") % {"year": row.year, "name": name, "period": row.period}
    )


def benchmark_label(row: Any) -> str:
    return _with_zone(row, _("%(year)s 绩效薪酬基准") % {"year": row.year})


register(IndicatorValue, label=value_label, related=("zone", "indicator"), exclude=("entered_at",))
register(Benchmark, label=benchmark_label, related=("zone",), exclude=("updated_at",))

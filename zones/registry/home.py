"""The zone registry's panel on the role homes: zones by level, kind and status (one query)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from devzone.tenancy import visible_zones
from devzone.types import User
from devzone.web.figures import FigureGroup, count_figures, panel

from .models import ZoneKind, ZoneLevel, ZoneStatus


def _list(**params: str) -> str:
    return f"{reverse('zones:list')}?{urlencode(params)}"


def zone_figures(user: User) -> dict[str, Any] | None:
    """Cards and charts of the zones the user sees; None when they see none."""
    if not user.is_authenticated:
        return None
    rows = visible_zones(user).values("level", "kind", "status").annotate(n=Count("pk")).order_by()
    levels: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for row in rows:
        levels[row["level"]] += row["n"]
        kinds[row["kind"]] += row["n"]
        statuses[row["status"]] += row["n"]
    total = sum(levels.values())
    if not total:
        return None
    groups = [
        FigureGroup(_("按级别"), count_figures(levels, ZoneLevel.choices, lambda v: _list(level=v)), key="level"),
        FigureGroup(
            _("按类型"),
            count_figures(kinds, ZoneKind.choices, lambda v: _list(kind=v), skip_empty=True),
            chart="pie",
            key="kind",
        ),
        FigureGroup(
            _("按状态"),
            count_figures(statuses, ZoneStatus.choices, lambda v: _list(status=v)),
            chart="bar",
            key="status",
        ),
    ]
    return panel(_("开发区"), "home-zone-figures", groups, url=reverse("zones:list"), total=total)

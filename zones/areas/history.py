"""Change history of zone areas (see zones/registry/history.py)."""

from __future__ import annotations

from typing import Any

from devzone.audit.registry import register
from zones.registry.history import _parent

from .models import ZoneArea


def area_label(area: Any) -> str:
    """``辽宁(营口)沿海产业基地 · 规划面积``; works on a live area and on a historical version."""
    zone = _parent(area, "zone") if area.zone_id else None
    own = area.name or area.get_kind_display()
    return f"{zone.name} · {own}" if zone is not None else own


# geometry_version is a counter kept by the service; the geometry itself is shown.
register(ZoneArea, label=area_label, related=("zone",), exclude=("geometry_version",))

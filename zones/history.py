"""Change history of zones and their areas, browsable by those who read a zone's history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from devzone.audit.registry import register

from .models import Zone, ZoneArea


def area_label(area: Any) -> str:
    """``辽宁(营口)沿海产业基地 · 规划面积``; works on a live area and on a historical version."""
    try:
        zone = area.zone if area.zone_id else None
    except ObjectDoesNotExist:  # the zone itself was deleted since
        zone = None
    own = area.name or area.get_kind_display()
    return f"{zone.name} · {own}" if zone is not None else own


register(Zone, zone_path="")
# geometry_version is a counter kept by the service; the geometry itself is shown.
register(ZoneArea, zone_path="zone", label=area_label, related=("zone",), exclude=("geometry_version",))

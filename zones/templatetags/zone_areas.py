"""The zone page's areas section: figures beside each other, flags with messages, map layers.

Works on the areas the profile already prefetched; adds one query (the rule set in force).
"""

from __future__ import annotations

from typing import Any

from django import template

from zones.areas import flags, selectors
from zones.areas.models import AreaKind
from zones.areas.views import zone_map_features
from zones.registry.models import Zone

register = template.Library()


@register.simple_tag
def area_section(zone: Zone) -> dict[str, Any]:
    areas = list(zone.areas.all())
    names = {a.pk: a.name or a.get_kind_display() for a in areas}
    tolerance = selectors.declared_tolerance()
    rows = [
        {
            "area": a,
            "parent": names.get(a.parent_id, "") if a.parent_id is not None else "",
            "deviation": None
            if not a.computed_km2 or not a.declared_km2
            else ((a.computed_km2 - a.declared_km2) / a.declared_km2 * 100),
            "flags": flags.describe(a, tolerance),
        }
        for a in areas
    ]
    return {
        "rows": rows,
        "tolerance_pct": f"{(tolerance * 100).normalize():f}",
        "features": zone_map_features(zone),
        "kinds": {value: str(label) for value, label in AreaKind.choices},
    }

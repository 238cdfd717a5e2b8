"""The zone map drawn into PDFs (no tile server): the areas projected to a page."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from .models import AreaKind

# ---------------------------------------------------------------------------------------------
# The zone profile (SPEC §6 "zone profile", issue 4; ADR 0172): one zone's whole registry on a
# few pages, with a vector map of its area boundaries drawn as inline SVG (no tiles, no images).
# ---------------------------------------------------------------------------------------------

# Map drawing size in SVG user units (the template scales it to the page width).
MAP_WIDTH = 1000.0
MAP_MAX_HEIGHT = 700.0
MAP_PADDING = 20.0
KM_PER_DEGREE = 111.32  # one degree of latitude (and of longitude at the equator), in km
# Largest first, so the smaller areas are drawn on top and stay visible.
MAP_KIND_ORDER = ("controlled", "planned", "catalogue", "sub_area")
MAP_COLOURS = {
    "controlled": ("#9ca3af", "#4b5563"),
    "planned": ("#93c5fd", "#1d4ed8"),
    "catalogue": ("#fcd34d", "#b45309"),
    "sub_area": ("#fca5a5", "#b91c1c"),
}


@dataclass(frozen=True)
class MapPath:
    kind: str
    label: str
    d: str
    fill: str
    stroke: str


@dataclass(frozen=True)
class MapLegend:
    kind: str
    label: str
    fill: str
    stroke: str


@dataclass(frozen=True)
class ZoneMap:
    """The zone's boundaries projected into an SVG viewBox ``0 0 width height``."""

    width: float
    height: float
    paths: list[MapPath]
    legend: list[MapLegend] = dataclass_field(default_factory=list)
    width_km: float = 0.0
    scale_bar_units: float = 0.0
    scale_bar_km: float = 0.0

    @property
    def scale_bar(self) -> tuple[float, float, float]:
        """``(x1, x2, y)`` of the scale bar, along the lower left edge."""
        return MAP_PADDING, round(MAP_PADDING + self.scale_bar_units, 1), round(self.height - MAP_PADDING / 2, 1)


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield from polygon


def _nice_km(limit: float) -> float:
    """The largest 1/2/5 × 10ⁿ km not above ``limit`` (for the scale bar)."""
    if limit <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(limit))
    return next(step * power for step in (5, 2, 1) if step * power <= limit)


def project_map(areas: Sequence[tuple[str, str, dict[str, Any]]]) -> ZoneMap | None:
    """Project ``(kind, label, GeoJSON geometry)`` into SVG paths: one path per area.

    Equirectangular, longitudes scaled by cos(mean latitude) so shapes keep their proportions
    at a zone's size; y grows southwards. Holes and multi-part areas stay in the area's one path
    (drawn with ``fill-rule: evenodd``). Points that fall on the same 0.1 unit are dropped.
    """
    drawn = [(kind, label, geometry) for kind, label, geometry in areas if geometry]
    if not drawn:
        return None
    points = [pt for _k, _l, g in drawn for ring in _rings(g) for pt in ring]
    lons = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    cos_lat = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * cos_lat, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    inner = MAP_WIDTH - 2 * MAP_PADDING
    scale = min(inner / span_x, (MAP_MAX_HEIGHT - 2 * MAP_PADDING) / span_y)
    width = span_x * scale + 2 * MAP_PADDING
    height = span_y * scale + 2 * MAP_PADDING

    def xy(pt: Sequence[float]) -> tuple[float, float]:
        x = MAP_PADDING + (float(pt[0]) - min_lon) * cos_lat * scale
        y = MAP_PADDING + (max_lat - float(pt[1])) * scale
        return round(x, 1), round(y, 1)

    order = {kind: i for i, kind in enumerate(MAP_KIND_ORDER)}
    paths: list[MapPath] = []
    for kind, label, geometry in sorted(drawn, key=lambda a: order.get(a[0], len(order))):
        parts = []
        for ring in _rings(geometry):
            projected: list[tuple[float, float]] = []
            for pt in ring:
                p = xy(pt)
                if not projected or projected[-1] != p:
                    projected.append(p)
            if len(projected) < 3:
                continue
            parts.append("M" + " L".join(f"{x:g},{y:g}" for x, y in projected) + " Z")
        fill, stroke = MAP_COLOURS.get(kind, MAP_COLOURS["sub_area"])
        paths.append(MapPath(kind, label, " ".join(parts), fill, stroke))
    labels = dict(AreaKind.choices)
    legend = [
        MapLegend(kind, str(labels.get(kind, kind)), *MAP_COLOURS.get(kind, MAP_COLOURS["sub_area"]))
        for kind in dict.fromkeys(p.kind for p in paths)
    ]
    km_per_unit = KM_PER_DEGREE / scale
    bar_km = _nice_km(width * km_per_unit / 4)
    return ZoneMap(
        width=round(width, 1),
        height=round(height, 1),
        paths=paths,
        legend=legend,
        width_km=round(width * km_per_unit, 1),
        scale_bar_units=round(bar_km / km_per_unit, 1) if bar_km else 0.0,
        scale_bar_km=bar_km,
    )

"""Checking a zone area's boundary before it is stored (SPEC §1: invalid geometry is refused).

``clean_geometry`` is the one place every boundary passes through (API, pages, imports): it
returns a clean ``{"type", "coordinates"}`` GeoJSON geometry or raises ``ValidationError``
with a Chinese message on ``geometry``. A fuller validation (overlaps between zones,
sub-areas outside their parent) extends it here.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from .rules import geodesic_area_m2, oriented

# Mainland China, Hainan and the South China Sea islands' latitude band, generously rounded.
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)
# No development zone is larger than this; a larger figure means wrong units or a wrong file.
MAX_AREA_KM2 = Decimal(10_000)
MAX_POSITIONS = 200_000
TYPES = ("Polygon", "MultiPolygon")


# GEOS's reasons (``shapely.is_valid_reason``: "Self-intersection[122.2 40.3]") in the user's words.
GEOS_REASONS = {
    "Self-intersection": gettext_lazy("边线自相交"),
    "Ring Self-intersection": gettext_lazy("环自相交"),
    "Hole lies outside shell": gettext_lazy("内环（洞）在外环之外"),
    "Holes are nested": gettext_lazy("内环相互嵌套"),
    "Interior is disconnected": gettext_lazy("内部被内环分割成不连通的部分"),
    "Nested shells": gettext_lazy("多边形相互嵌套"),
    "Duplicate Rings": gettext_lazy("环重复"),
    "Too few points in geometry component": gettext_lazy("顶点过少"),
    "Invalid Coordinate": gettext_lazy("坐标无效"),
    "Ring is not closed": gettext_lazy("环未闭合"),
}
GEOS_REASON = re.compile(r"^(?P<what>[A-Za-z -]+?)\s*\[(?P<lon>-?[\d.eE+-]+) (?P<lat>-?[\d.eE+-]+)\]$")


def invalid_reason(geom: BaseGeometry) -> str:
    """Why a boundary is invalid, in Chinese (English when switched), with where: never GEOS's
    English ("Self-intersection[122.2 40.3]")."""
    reason = shapely.is_valid_reason(geom)
    found = GEOS_REASON.match(reason)
    problem = GEOS_REASONS.get(found.group("what")) if found else None
    if found is None or problem is None:
        return str(_("边界无效：边线自相交、环重叠或内环在外环之外。"))
    lon, lat = (f"{float(found.group(k)):.4f}".rstrip("0").rstrip(".") for k in ("lon", "lat"))
    return _("边界无效：%(problem)s，位置约在东经 %(lon)s°、北纬 %(lat)s°。") % {
        "problem": problem,
        "lon": lon,
        "lat": lat,
    }


def _fail(message: str) -> ValidationError:
    return ValidationError({"geometry": [message]})


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _in_china(lon: float, lat: float) -> bool:
    return CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]


def _ring(ring: Any, counter: list[int]) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _fail(_("每个环至少需要 4 个坐标点（首尾相同）。"))
    out: list[list[float]] = []
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(_is_number(value) for value in position)
        ):
            raise _fail(_("坐标点必须是 [经度, 纬度] 形式的两个数字。"))
        lon, lat = float(position[0]), float(position[1])
        if not _in_china(lon, lat):
            if _in_china(lat, lon):
                raise _fail(_("坐标顺序有误：GeoJSON 要求先经度后纬度，即 [经度, 纬度]。"))
            raise _fail(
                _("坐标 [%(lon)s, %(lat)s] 不在中国境内：请使用 WGS84/CGCS2000 经纬度。") % {"lon": lon, "lat": lat}
            )
        out.append([lon, lat])
    counter[0] += len(out)
    if counter[0] > MAX_POSITIONS:
        raise _fail(_("边界坐标点过多（超过 %(max)s 个），请简化后再提交。") % {"max": MAX_POSITIONS})
    if out[0] != out[-1]:
        raise _fail(_("边界环未闭合：每个环的第一个点和最后一个点必须相同。"))
    return out


def _polygon(rings: Any, counter: list[int]) -> list[list[list[float]]]:
    if not isinstance(rings, list) or not rings:
        raise _fail(_("多边形至少需要一个外环。"))
    return [_ring(ring, counter) for ring in rings]


def clean_geometry(value: Any) -> dict[str, Any] | None:
    """A valid GeoJSON Polygon/MultiPolygon in WGS84 lon/lat inside China, or ``None`` to clear."""
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") not in TYPES:
        kind = value.get("type") if isinstance(value, dict) else None
        if kind == "Feature" or kind == "FeatureCollection":
            raise _fail(_("请提交几何对象本身（Polygon 或 MultiPolygon），而不是 Feature 或 FeatureCollection。"))
        raise _fail(_("边界必须是 GeoJSON 的 Polygon 或 MultiPolygon。"))
    coordinates = value.get("coordinates")
    counter = [0]
    if value["type"] == "Polygon":
        clean: dict[str, Any] = {"type": "Polygon", "coordinates": _polygon(coordinates, counter)}
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise _fail(_("MultiPolygon 至少需要一个多边形。"))
        clean = {"type": "MultiPolygon", "coordinates": [_polygon(polygon, counter) for polygon in coordinates]}
    geom = oriented(clean)
    if not geom.is_valid:
        raise _fail(invalid_reason(geom))
    km2 = Decimal(repr(geodesic_area_m2(clean))) / Decimal(1_000_000)
    if km2 <= 0:
        raise _fail(_("边界面积为零。"))
    if km2 > MAX_AREA_KM2:
        raise _fail(
            _("边界面积约 %(area)s 平方公里，超过 %(max)s 平方公里的上限：请检查坐标单位和文件。")
            % {"area": f"{km2:,.0f}", "max": f"{MAX_AREA_KM2:,.0f}"}
        )
    return clean


# --- spatial flags (SPEC §1: overlaps between zones' catalogue areas, sub-areas outside their
# parent). Pure: geometries in, numbers out; the recompute worker stores them (ADR 0161).

# Shared edges, digitising slivers and rounding leave tiny intersections/differences; anything
# below this many km² (1 公顷 = 15 亩) is not a finding.
SLIVER_KM2 = Decimal("0.01")
KM2_SHOWN = Decimal("0.01")


def _km2(geom: BaseGeometry) -> Decimal:
    if geom.is_empty:
        return Decimal(0)
    polygons = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in TYPES]
    if not polygons:  # a line or point where two boundaries only touch
        return Decimal(0)
    parts = [p for g in polygons for p in getattr(g, "geoms", [g])]
    return Decimal(repr(geodesic_area_m2(mapping(shapely.MultiPolygon(parts))))) / Decimal(1_000_000)


def overlap_km2(a: dict[str, Any] | BaseGeometry, b: dict[str, Any] | BaseGeometry) -> Decimal:
    """The geodesic area two boundaries (GeoJSON, or shapes already built) have in common
    (0 when they only touch)."""
    first, second = _shape(a), _shape(b)
    if not first.intersects(second):
        return Decimal(0)
    return _km2(first.intersection(second))


def outside_km2(child: dict[str, Any] | BaseGeometry, parent: dict[str, Any] | BaseGeometry) -> Decimal:
    """The geodesic area of ``child`` that lies outside ``parent``."""
    return _km2(_shape(child).difference(_shape(parent)))


def _shape(value: dict[str, Any] | BaseGeometry) -> BaseGeometry:
    return value if isinstance(value, BaseGeometry) else oriented(value)


def shown(km2: Decimal) -> str:
    return f"{km2.quantize(KM2_SHOWN):f}"


# --- bounding boxes and map outlines (ADR 0016, 0017) ------------------------------------------

# The province map draws each zone's outline simplified to this many degrees (~30 m at these
# latitudes: below a pixel at the zoom a province fits the screen), coordinates to 5 decimals.
OUTLINE_TOLERANCE_DEG = 0.0003
OUTLINE_DECIMALS = 5


def bbox(geometry: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of a boundary; None without one."""
    if not geometry:
        return None
    lons: list[float] = []
    lats: list[float] = []
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            for lon, lat, *_rest in ring:
                lons.append(float(lon))
                lats.append(float(lat))
    return (min(lons), min(lats), max(lons), max(lats))


def bbox_fields(geometry: dict[str, Any] | None) -> dict[str, float | None]:
    box = bbox(geometry)
    names = ("min_lon", "min_lat", "max_lon", "max_lat")
    return dict(zip(names, box if box is not None else (None,) * 4, strict=True))


def outline(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """The boundary simplified for the province map (topology kept, rounded coordinates)."""
    if not geometry:
        return None
    simple = shapely.simplify(shapely.geometry.shape(geometry), OUTLINE_TOLERANCE_DEG, preserve_topology=True)
    if simple.is_empty:
        return geometry
    rounded = shapely.set_precision(simple, 10**-OUTLINE_DECIMALS)
    if rounded.is_empty:
        rounded = simple
    return dict(mapping(rounded))

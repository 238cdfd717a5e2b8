"""Pure area rules (no Django): geodesic area, 亩, the declared-vs-computed check, flags, input digests
(plain Python + Decimal, shapely/pyproj for geometry).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

# --- areas: geodesic area, 亩, flags, input digests ----------------------------------------

MU_PER_KM2 = Decimal(1500)  # 1 km² = 1 500 亩 (1 亩 = 666.67 m²)
KM2_PLACES = Decimal("0.0001")
MU_PLACES = Decimal("0.01")
# SPEC §1: flag an area whose computed figure differs from the declared one beyond this. The
# province's figure is data (``AreaRuleSet``, ADR 0161); this is the default when none is set.
DECLARED_TOLERANCE = Decimal("0.05")

_GEOD = Geod(ellps="WGS84")  # CGCS2000's ellipsoid differs from WGS84's by < 0.1 mm in the semi-minor axis


def oriented(geometry: dict[str, Any]) -> BaseGeometry:
    """A shapely (multi)polygon with exteriors counter-clockwise and holes clockwise.

    pyproj sums signed ring areas, so orientation decides the sign: GeoJSON found in the wild
    (the Civil Affairs outlines included) is often clockwise.
    """
    geom = shape(geometry)
    if isinstance(geom, Polygon):
        return orient(geom, sign=1.0)
    if not isinstance(geom, MultiPolygon):
        raise TypeError(f"not a polygon: {geom.geom_type}")
    return shapely.MultiPolygon([orient(part, sign=1.0) for part in geom.geoms])


def geodesic_area_m2(geometry: dict[str, Any]) -> float:
    """Area on the WGS84 ellipsoid, in m², of a GeoJSON Polygon or MultiPolygon (lon/lat)."""
    area, _perimeter = _GEOD.geometry_area_perimeter(oriented(geometry))
    return abs(area)


def area_figures(geometry: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """``(km², 亩)`` of a geometry: km² to 4 places (100 m²), 亩 exactly km² × 1 500 of that figure.

    亩 is derived from the rounded km² so that a reader checking ``computed_km2 × 1500`` finds
    ``computed_mu`` to the cent (the totals are derived the same way).
    """
    km2 = (Decimal(repr(geodesic_area_m2(geometry))) / Decimal(1_000_000)).quantize(KM2_PLACES, ROUND_HALF_UP)
    return km2, (km2 * MU_PER_KM2).quantize(MU_PLACES, ROUND_HALF_UP)


def declared_deviation(declared_km2: Decimal | None, computed_km2: Decimal | None) -> Decimal | None:
    """Relative difference of the computed area from the declared one (``None``: nothing to compare)."""
    if declared_km2 is None or computed_km2 is None or declared_km2 <= 0:
        return None
    return (computed_km2 - declared_km2) / declared_km2


def area_flags(
    declared_km2: Decimal | None, computed_km2: Decimal | None, tolerance: Decimal = DECLARED_TOLERANCE
) -> list[dict[str, Any]]:
    """Machine-readable flags on one area: ``[{"code": ..., **numbers}]``.

    ``tolerance`` is a fraction (0.05 = 5 %), from the rule set in force.
    """
    flags: list[dict[str, Any]] = []
    deviation = declared_deviation(declared_km2, computed_km2)
    if deviation is not None and abs(deviation) > tolerance:
        flags.append(
            {
                "code": "declared_mismatch",
                "deviation": (deviation * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
                "tolerance": f"{(tolerance * 100).normalize():f}",
            }
        )
    return flags


def inputs_digest(versions: Iterable[tuple[int, int]]) -> str:
    """A fingerprint of ``(area id, version)`` pairs.

    A total stores the fingerprint of the ``(area, computed version)`` pairs it summed; it is
    stale when the ``(area, geometry version)`` pairs of the areas that have a boundary now
    fingerprint differently: a boundary changed, was drawn or removed, or its zone moved.
    """
    text = ";".join(f"{pk}:{version}" for pk, version in sorted(versions))
    return hashlib.sha256(text.encode()).hexdigest()[:32]

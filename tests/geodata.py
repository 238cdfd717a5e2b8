"""Real boundaries for tests: Liaoning's 14 city outlines from ../shared/data (never copied here).

Each feature carries the city's adcode, name and its geodesic area on the WGS84 ellipsoid
(``geodesic_km2``), computed independently of this project, to compare our figures with.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.conftest import missing_service

ROOT = Path(__file__).resolve().parent.parent
CITIES = ROOT.parent / "shared" / "data" / "liaoning-cities.geojson"


@cache
def _features() -> dict[str, dict[str, Any]]:
    with CITIES.open(encoding="utf-8") as fh:
        return {f["properties"]["adcode"]: f for f in json.load(fh)["features"]}


def city(adcode: str) -> dict[str, Any]:
    """The feature of one city (``geometry`` and ``properties``); skips (fails with
    ``REQUIRE_SERVICES=1``) when the file is absent."""
    if not CITIES.exists():
        missing_service(f"reference data missing: {CITIES}")
    return _features()[adcode]


def all_cities() -> list[dict[str, Any]]:
    city("210800")
    return list(_features().values())


YINGKOU = "210800"  # 营口市: official land area 5 402 km²
PANJIN = "211100"  # 盘锦市
DALIAN = "210200"  # 大连市: about 250 parts, 12 925 km² — larger than any zone may be

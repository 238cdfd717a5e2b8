"""Bad boundaries, each with the words of the refusal a user must see (clean_geometry)."""

from __future__ import annotations

from typing import Any


def square(lon: float, lat: float, size: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


BAD_GEOMETRIES = {
    "not a polygon": ({"type": "Point", "coordinates": [122.2, 40.6]}, "Polygon 或 MultiPolygon"),
    "unclosed ring": (
        {"type": "Polygon", "coordinates": [[[122.1, 40.6], [122.2, 40.6], [122.2, 40.7], [122.1, 40.7]]]},
        "未闭合",
    ),
    "lat/lon swapped": (
        {"type": "Polygon", "coordinates": [[[40.6, 122.1], [40.6, 122.2], [40.7, 122.2], [40.6, 122.1]]]},
        "先经度后纬度",
    ),
    "outside China": (square(2.3, 48.8, 0.05), "不在中国境内"),
    "absurdly large": (square(118.0, 38.0, 3.0), "超过 10,000 平方公里"),
    "self-intersecting": (
        {
            "type": "Polygon",
            "coordinates": [[[122.1, 40.6], [122.2, 40.7], [122.2, 40.6], [122.1, 40.7], [122.1, 40.6]]],
        },
        "自相交",
    ),
    "too few points": (
        {"type": "Polygon", "coordinates": [[[122.1, 40.6], [122.2, 40.6], [122.1, 40.6]]]},
        "至少需要 4 个",
    ),
}

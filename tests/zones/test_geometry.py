"""Boundaries: the geodesic area of real outlines, and what the validation refuses (in Chinese)."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.geodata import DALIAN, YINGKOU, all_cities, city
from zones.areas.geometry import clean_geometry
from zones.areas.rules import MU_PER_KM2, area_figures, area_flags

BOWTIE_RING = [[122.2, 40.6], [122.3, 40.7], [122.3, 40.6], [122.2, 40.7], [122.2, 40.6]]
BOWTIE = {"type": "Polygon", "coordinates": [BOWTIE_RING]}


def message(geometry: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        clean_geometry(geometry)
    return " ".join(caught.value.message_dict["geometry"])


def square(lon: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_every_city_outline_matches_its_independent_geodesic_area() -> None:
    for feature in all_cities():
        km2, mu = area_figures(feature["geometry"])
        expected = Decimal(str(feature["properties"]["geodesic_km2"]))
        assert abs(km2 - expected) / expected < Decimal("0.001"), feature["properties"]["name"]
        assert mu == km2 * MU_PER_KM2


def test_yingkou_outline_is_close_to_the_official_land_area() -> None:
    km2, _mu = area_figures(city(YINGKOU)["geometry"])
    # 5 402 km² official; the outline is simplified to ~50 m and follows the coast
    assert abs(km2 - Decimal(5402)) / Decimal(5402) < Decimal("0.03")


def test_ring_orientation_does_not_change_the_area() -> None:
    geometry = city(YINGKOU)["geometry"]
    reversed_ = copy.deepcopy(geometry)
    for polygon in reversed_["coordinates"]:
        for ring in polygon:
            ring.reverse()
    assert area_figures(reversed_) == area_figures(geometry)


def test_a_hole_is_subtracted() -> None:
    outer = square(122.2, 40.6, 0.1)
    hole = square(122.22, 40.62, 0.02)["coordinates"][0]
    with_hole = {"type": "Polygon", "coordinates": [outer["coordinates"][0], hole]}
    assert area_figures(with_hole)[0] == area_figures(outer)[0] - area_figures(square(122.22, 40.62, 0.02))[0]


def test_valid_boundaries_are_cleaned_not_changed() -> None:
    geometry = city(YINGKOU)["geometry"]
    clean = clean_geometry({**geometry, "crs": {"type": "name"}, "bbox": [1, 2, 3, 4]})
    assert clean == {"type": "MultiPolygon", "coordinates": geometry["coordinates"]}
    assert clean_geometry(None) is None


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        ({"type": "Point", "coordinates": [122.2, 40.6]}, "Polygon 或 MultiPolygon"),
        ({"type": "Feature", "geometry": square(122.2, 40.6)}, "而不是 Feature"),
        ("POLYGON((122 40, 123 40, 123 41, 122 40))", "Polygon 或 MultiPolygon"),
        ({"type": "Polygon", "coordinates": []}, "至少需要一个外环"),
        ({"type": "Polygon", "coordinates": [[[122.2, 40.6], [122.3, 40.6], [122.2, 40.6]]]}, "至少需要 4 个"),
        ({"type": "Polygon", "coordinates": [[[122.2, 40.6], [122.3, 40.6], [122.3, 40.7], [122.2, 40.7]]]}, "未闭合"),
        ({"type": "Polygon", "coordinates": [[["122.2", 40.6]] * 4]}, "两个数字"),
        ({"type": "Polygon", "coordinates": [[[True, 40.6]] * 4]}, "两个数字"),
        ({"type": "Polygon", "coordinates": [[[float("nan"), 40.6]] * 4]}, "两个数字"),
        (square(40.6, 122.2), "先经度后纬度"),
        (square(2.35, 48.85), "不在中国境内"),
        (BOWTIE, "自相交"),
        ({"type": "MultiPolygon", "coordinates": []}, "至少需要一个多边形"),
        ({"type": "Polygon", "coordinates": [[[122.2, 40.6], [122.3, 40.6], [122.4, 40.6], [122.2, 40.6]]]}, "无效"),
    ],
)
def test_invalid_boundaries_are_refused_with_a_chinese_message(geometry: Any, expected: str) -> None:
    assert expected in message(geometry)


def test_a_whole_city_is_too_large_for_a_zone() -> None:
    assert "超过 10,000 平方公里" in message(city(DALIAN)["geometry"])


def test_flags_a_computed_area_far_from_the_declared_one() -> None:
    assert area_flags(Decimal("100"), Decimal("104.9")) == []
    [flag] = area_flags(Decimal("77.27"), Decimal("5263.4"))
    assert flag["code"] == "declared_mismatch" and flag["deviation"] > 100
    assert area_flags(Decimal("77.27"), None) == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(["type", "coordinates"]), inner),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries({"type": st.sampled_from(["Polygon", "MultiPolygon"]), "coordinates": json_values}),
        st.builds(
            lambda ring: {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            st.lists(st.tuples(st.floats(73, 136), st.floats(3, 54)).map(list), min_size=3, max_size=8),
        ),
    )
)
def test_any_input_is_either_clean_or_refused_with_a_message(value: Any) -> None:
    try:
        clean = clean_geometry(value)
    except ValidationError as exc:
        assert exc.message_dict["geometry"]
    else:
        assert clean is None or clean["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(
    ("geometry", "problem", "where"),
    [
        (BOWTIE, "边线自相交", "东经"),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[122.2, 40.6], [122.3, 40.6], [122.3, 40.7], [122.2, 40.7], [122.2, 40.6]],
                    [[122.4, 40.8], [122.45, 40.8], [122.45, 40.85], [122.4, 40.8]],
                ],
            },
            "内环（洞）在外环之外",
            "东经 122.4°、北纬 40.8°",
        ),
    ],
)
def test_the_geometry_library_english_becomes_a_chinese_message(geometry: Any, problem: str, where: str) -> None:
    said = message(geometry)
    assert problem in said and where in said
    assert not re.search(r"[A-Za-z]{4,}", said), said  # no "Self-intersection[122.2 40.3]"


def test_the_geometry_message_in_english() -> None:
    with translation.override("en"):
        said = message(BOWTIE)
    assert said.startswith("Invalid boundary: the edges cross") and "° E" in said, said

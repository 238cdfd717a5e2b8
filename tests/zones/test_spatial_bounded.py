"""Spatial work bounded by the neighbourhood (issue 9, ADR 0017): candidates come from the
indexed bounding boxes, and each boundary is built into a shape once per run."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest

from tests.zones.area_cases import square
from zones.areas import flags
from zones.areas.geometry import bbox_fields
from zones.models import Zone, ZoneArea

pytestmark = pytest.mark.django_db


def catalogue(code: str, lon: float, lat: float, size: float = 0.05) -> ZoneArea:
    base = Zone.objects.get(code="yingkou-coastal")
    zone = Zone.objects.create(code=code, name=f"空间{code}", kind=base.kind, level=base.level, city=base.city)
    geometry = square(lon, lat, size)
    return ZoneArea.objects.create(
        zone=zone, slug="catalogue", kind="catalogue", declared_km2=1, geometry=geometry, **bbox_fields(geometry)
    )


def test_only_areas_whose_box_meets_are_candidates(demo: Any) -> None:
    here = catalogue("sp-here", 125.0, 42.5)
    near = catalogue("sp-near", 125.03, 42.52)
    catalogue("sp-far", 121.0, 39.5)
    found = {a.zone.code for a in flags._candidates(here)}
    assert "sp-near" in found and "sp-far" not in found and "sp-here" not in found
    assert {a.pk for a in flags._candidates(near)} >= {here.pk}


def test_a_refresh_builds_each_shape_once_and_flags_both_sides(demo: Any) -> None:
    here = catalogue("sp-a", 125.0, 42.5)
    there = catalogue("sp-b", 125.02, 42.51)
    with mock.patch.object(flags, "oriented", wraps=flags.oriented) as built:
        flags.refresh(here.pk)
    here.refresh_from_db()
    there.refresh_from_db()
    assert [f["zone"] for f in here.computed_flags if f["code"] == "overlaps"] == ["sp-b"]
    assert [f["zone"] for f in there.computed_flags if f["code"] == "overlaps"] == ["sp-a"]
    assert built.call_count == 2  # two boundaries, each built once although compared both ways

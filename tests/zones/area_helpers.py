"""Helpers for the area tests."""

from __future__ import annotations

from devzone.recompute.models import Outbox
from zones.models import RegionAreaTotal, ZoneArea


def without_demo_boundaries() -> None:
    """Back to the demo before its boundaries (ADR 0164): 沿海产业基地's four declared areas
    without boundaries, no other zone's area, no totals and nothing owed — the starting point
    of the tests that follow one boundary through the pipeline and its totals."""
    ZoneArea.objects.exclude(zone__code="yingkou-coastal").delete()
    ZoneArea.objects.filter(zone__code="yingkou-coastal").update(
        geometry=None,
        geometry_version=0,
        computed_km2=None,
        computed_mu=None,
        computed_version=0,
        computed_at=None,
        computed_flags=[],
    )
    RegionAreaTotal.objects.all().delete()
    Outbox.objects.all().delete()

"""The spatial flags of zone areas, kept by the ``zones.area`` recompute run (ADR 0161).

* ``overlaps`` — a catalogue (目录核准) area sharing more than a sliver with another zone's
  catalogue area; one flag per other zone, on both sides (the relation is symmetric, so a
  run refreshes the neighbours it overlapped before and the ones it overlaps now);
* ``outside_parent`` — a sub-area reaching outside its parent area by more than a sliver (a
  parent's run refreshes its sub-areas too).

Stored in ``ZoneArea.computed_flags`` as ``{"code": ..., **details}``; the declared-vs-computed
check is not stored (it depends on the declared figure and the rule set, read each time).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _lazy
from shapely.geometry.base import BaseGeometry

from . import rules
from .geometry import SLIVER_KM2, bbox, outside_km2, overlap_km2, shown
from .models import AreaKind, ZoneArea
from .rules import oriented

OVERLAPS = "overlaps"
OUTSIDE_PARENT = "outside_parent"


class Shapes:
    """Each boundary built into a shape once per run, however many comparisons it is in."""

    def __init__(self) -> None:
        self._built: dict[tuple[int, int], BaseGeometry] = {}

    def of(self, area: ZoneArea) -> BaseGeometry:
        key = (area.pk, area.geometry_version)
        if key not in self._built:
            assert area.geometry is not None, "only drawn areas are compared"
            self._built[key] = oriented(area.geometry)
        return self._built[key]


def _candidates(area: ZoneArea) -> list[ZoneArea]:
    """Other zones' catalogue areas whose bounding box meets ``area``'s: picked in SQL on the
    indexed box columns (ADR 0017), so a run reads its neighbourhood, not the country."""
    box = bbox(area.geometry) if area.kind == AreaKind.CATALOGUE else None
    if box is None:
        return []
    min_lon, min_lat, max_lon, max_lat = box
    return list(
        ZoneArea.objects.filter(
            kind=AreaKind.CATALOGUE,
            geometry__isnull=False,
            min_lon__lte=max_lon,
            max_lon__gte=min_lon,
            min_lat__lte=max_lat,
            max_lat__gte=min_lat,
        )
        .exclude(zone_id=area.zone_id)
        .select_related("zone")
        .only("pk", "zone__code", "zone__name", "geometry", "geometry_version", "computed_flags")
        .order_by("pk")
    )


def _overlapping(area: ZoneArea, shapes: Shapes) -> list[tuple[ZoneArea, Any]]:
    """The other zones' catalogue areas overlapping ``area`` beyond a sliver, with the km²."""
    if area.kind != AreaKind.CATALOGUE or not area.geometry:
        return []
    found = []
    for other in _candidates(area):
        km2 = overlap_km2(shapes.of(area), shapes.of(other))
        if km2 >= SLIVER_KM2:
            found.append((other, km2))
    return found


def spatial_flags(area: ZoneArea, parent: ZoneArea | None, shapes: Shapes | None = None) -> list[dict[str, Any]]:
    shapes = shapes or Shapes()
    flags: list[dict[str, Any]] = [
        {
            "code": OVERLAPS,
            "area_id": other.pk,
            "zone": other.zone.code,
            "zone_name": other.zone.name,
            "km2": shown(km2),
        }
        for other, km2 in _overlapping(area, shapes)
    ]
    if area.geometry and parent is not None and parent.geometry:
        km2 = outside_km2(shapes.of(area), shapes.of(parent))
        if km2 >= SLIVER_KM2:
            flags.append(
                {
                    "code": OUTSIDE_PARENT,
                    "parent": parent.slug,
                    "parent_name": parent.name or str(parent.get_kind_display()),
                    "km2": shown(km2),
                }
            )
    return flags


def refresh(area_id: int) -> None:
    """Recompute the spatial flags of an area and of every area its boundary bears on.

    Runs inside the recompute transaction. The affected rows are locked in id order before
    their boundaries are read again, so two runs touching the same areas follow each other.
    Only the neighbourhood is read: the candidates of each affected area come from the indexed
    bounding boxes, and each boundary is built into a shape once per run.
    """
    area = ZoneArea.objects.filter(pk=area_id).first()
    if area is None:
        return
    shapes = Shapes()
    before = {f["area_id"] for f in area.computed_flags if f.get("code") == OVERLAPS}
    now = {other.pk for other, _km2 in _overlapping(area, shapes)}
    children = set(area.sub_areas.values_list("pk", flat=True))
    affected = {area.pk} | before | now | children
    locked = affected | ({area.parent_id} if area.parent_id else set())
    list(ZoneArea.objects.select_for_update(of=("self",)).filter(pk__in=locked).order_by("pk").values_list("pk"))
    rows = {a.pk: a for a in ZoneArea.objects.filter(pk__in=affected).select_related("zone", "parent")}
    for row in rows.values():  # read again under the locks (a version changed: a new shape)
        flags = spatial_flags(row, row.parent, shapes)
        if flags != row.computed_flags:
            ZoneArea.objects.filter(pk=row.pk).update(computed_flags=flags)


# --- what a reader sees ---------------------------------------------------------------------

MESSAGES = {
    "declared_mismatch": _lazy("计算面积与申报面积相差 %(deviation)s%%，超过 %(tolerance)s%% 的容差。"),
    OVERLAPS: _lazy("与「%(zone_name)s」的目录核准面积重叠约 %(km2)s 平方公里。"),
    OUTSIDE_PARENT: _lazy("有约 %(km2)s 平方公里超出所属区域「%(parent_name)s」。"),
}


def describe(area: ZoneArea, tolerance: Decimal) -> list[dict[str, str]]:
    """Every flag of an area as ``{"code", "message"}``: the declared-vs-computed check (with the
    rule set's ``tolerance``, a fraction) and the stored spatial flags."""
    flags = [*rules.area_flags(area.declared_km2, area.computed_km2, tolerance), *area.computed_flags]
    return [{"code": f["code"], "message": str(MESSAGES[f["code"]]) % f} for f in flags if f["code"] in MESSAGES]

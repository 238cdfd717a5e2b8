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

import shapely
from django.utils.translation import gettext_lazy as _lazy

from . import rules
from .geometry import SLIVER_KM2, outside_km2, overlap_km2, shown
from .models import AreaKind, ZoneArea
from .rules import oriented

OVERLAPS = "overlaps"
OUTSIDE_PARENT = "outside_parent"


def _catalogue_areas() -> list[ZoneArea]:
    return list(
        ZoneArea.objects.filter(kind=AreaKind.CATALOGUE, geometry__isnull=False)
        .select_related("zone")
        .only("pk", "zone__code", "zone__name", "geometry", "computed_flags")
        .order_by("pk")
    )


def _overlapping(area: ZoneArea, catalogue: list[ZoneArea]) -> list[tuple[ZoneArea, Any]]:
    """The other zones' catalogue areas overlapping ``area`` beyond a sliver, with the km²."""
    if area.kind != AreaKind.CATALOGUE or not area.geometry:
        return []
    box = oriented(area.geometry).bounds
    found = []
    for other in catalogue:
        if other.pk == area.pk or other.zone_id == area.zone_id or not other.geometry:
            continue
        ob = shapely.bounds(oriented(other.geometry))
        if ob[0] > box[2] or ob[2] < box[0] or ob[1] > box[3] or ob[3] < box[1]:
            continue
        km2 = overlap_km2(area.geometry, other.geometry)
        if km2 >= SLIVER_KM2:
            found.append((other, km2))
    return found


def spatial_flags(area: ZoneArea, catalogue: list[ZoneArea], parent: ZoneArea | None) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = [
        {
            "code": OVERLAPS,
            "area_id": other.pk,
            "zone": other.zone.code,
            "zone_name": other.zone.name,
            "km2": shown(km2),
        }
        for other, km2 in _overlapping(area, catalogue)
    ]
    if area.geometry and parent is not None and parent.geometry:
        km2 = outside_km2(area.geometry, parent.geometry)
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
    """
    area = ZoneArea.objects.filter(pk=area_id).first()
    if area is None:
        return
    catalogue = _catalogue_areas()
    before = {f["area_id"] for f in area.computed_flags if f.get("code") == OVERLAPS}
    now = {other.pk for other, _km2 in _overlapping(area, catalogue)}
    children = set(area.sub_areas.values_list("pk", flat=True))
    affected = {area.pk} | before | now | children
    locked = affected | ({area.parent_id} if area.parent_id else set())
    list(ZoneArea.objects.select_for_update(of=("self",)).filter(pk__in=locked).order_by("pk").values_list("pk"))
    catalogue = _catalogue_areas()  # read again under the locks
    rows = {a.pk: a for a in ZoneArea.objects.filter(pk__in=affected).select_related("zone", "parent")}
    for row in rows.values():
        flags = spatial_flags(row, catalogue, row.parent)
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

"""Every write to a zone's areas: declared figures, 四至, boundaries, named sub-areas
(a new boundary owes a recompute)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.domain import Invalid
from devzone.recompute.services import request_recompute
from devzone.types import User
from zones.registry.models import Zone
from zones.registry.services import require_registry

from .geometry import bbox_fields, clean_geometry
from .models import AreaKind, ZoneArea
from .recompute import AREA

# --- Zone areas (SPEC §1 "Areas and boundaries") ---------------------------------------------

AREA_FIELDS = ("declared_km2", "bounds_text", "geometry")
# The areas every zone may have; sub-areas are created with a name and a parent elsewhere.
STANDARD_AREAS = (AreaKind.CATALOGUE, AreaKind.PLANNED, AreaKind.CONTROLLED)


def _apply_area(area: ZoneArea, data: dict[str, Any]) -> bool:
    """Copy the editable fields; returns whether the geometry changed (and bumps its version)."""
    geometry_changed = False
    if "geometry" in data:
        geometry = clean_geometry(data["geometry"])
        if geometry != area.geometry:
            area.geometry = geometry
            area.geometry_version += 1
            for field, value in bbox_fields(geometry).items():  # the indexed box goes with it (ADR 0017)
                setattr(area, field, value)
            geometry_changed = True
    for field in ("declared_km2", "bounds_text"):
        if field in data:
            setattr(area, field, data[field])
    area.full_clean(validate_unique=False)
    return geometry_changed


@transaction.atomic
def update_area(*, user: User, area: ZoneArea, data: dict[str, Any], replace: bool = False) -> ZoneArea:
    """Change an area's declared figure, 四至 and/or boundary; a new boundary is recomputed.

    ``replace`` (the API's PUT): what ``data`` does not carry is cleared (四至 and boundary)."""
    require_registry(user, area.zone)
    if replace:
        data = {"bounds_text": "", "geometry": None, **data}
    area = ZoneArea.objects.select_for_update(of=("self",)).select_related("zone").get(pk=area.pk)
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:
        request_recompute(AREA, area.pk)
    return area


def set_area_geometry(*, user: User, area: ZoneArea, geometry: dict[str, Any] | None) -> ZoneArea:
    """Replace (or, with ``None``, remove) an area's boundary; its figures follow by themselves."""
    return update_area(user=user, area=area, data={"geometry": geometry})


@transaction.atomic
def create_area(*, user: User, zone: Zone, kind: str, data: dict[str, Any]) -> ZoneArea:
    """Add one of a zone's standard areas (catalogue, planned, controlled)."""
    require_registry(user, zone)
    if kind not in STANDARD_AREAS:
        raise Invalid({"kind": [_("只能新增目录核准面积、规划面积或实控面积；片区请在片区管理中新增。")]})
    area = ZoneArea(zone=zone, slug=kind, kind=kind, name=str(AreaKind(kind).label))
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:  # without a boundary there is nothing to compute or to total
        request_recompute(AREA, area.pk)
    return area


# The areas every zone may declare, addressed by a slug equal to their kind (SPEC §1).
DECLARED_AREA_SLUGS = STANDARD_AREAS


@transaction.atomic
def set_declared_area(*, user: User, zone: Zone, slug: str, declared_km2: Decimal) -> ZoneArea:
    """Create the zone's catalogue/planned/controlled area, or change its declared km²."""
    require_registry(user, zone)
    if slug not in DECLARED_AREA_SLUGS:
        raise Invalid({"slug": [_("只能登记目录核准面积、规划面积或实控面积。")]})
    area = ZoneArea.objects.select_for_update().filter(zone=zone, slug=slug).first()
    if area is None:
        return create_area(user=user, zone=zone, kind=slug, data={"declared_km2": declared_km2})
    if area.declared_km2 == declared_km2:
        return area
    return update_area(user=user, area=area, data={"declared_km2": declared_km2})


# --- Named sub-areas (SPEC §1 "named sub-areas", e.g. 化工产业区; ADR 0163) --------------------


@transaction.atomic
def create_sub_area(*, user: User, zone: Zone, data: dict[str, Any]) -> ZoneArea:
    """Add a named sub-area inside one of the zone's areas (``data["parent"]``: a ZoneArea)."""
    require_registry(user, zone)
    slug, parent = data.get("slug") or "", data.get("parent")
    errors: dict[str, list[str]] = {}
    if slug in STANDARD_AREAS:
        errors["slug"] = [_("该标识保留给目录核准面积、规划面积和实控面积。")]
    elif ZoneArea.objects.filter(zone=zone, slug=slug).exists():
        errors["slug"] = [_("本开发区已有标识为 %(slug)s 的区域。") % {"slug": slug}]
    if not (data.get("name") or "").strip():
        errors["name"] = [_("请填写片区名称。")]
    if not isinstance(parent, ZoneArea) or parent.zone_id != zone.pk:
        errors["parent"] = [_("所属区域须是本开发区的区域。")]
    if errors:
        raise Invalid(errors)
    area = ZoneArea(zone=zone, slug=slug, kind=AreaKind.SUB_AREA, name=data["name"].strip(), parent=parent)
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:
        request_recompute(AREA, area.pk)
    return area

"""Every write to regions and zones."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from devzone.recompute.services import request_recompute
from devzone.tenancy.roles import EDIT_REGISTRY
from devzone.tenancy.scope import can, can_create_zone_in
from devzone.tenancy.services import sync_zone_grants

from .geometry import clean_geometry
from .models import AreaKind, Region, RegionLevel, Zone, ZoneArea, ZoneKind, ZoneLevel
from .recompute import AREA, REGION_TOTALS

# Which level each kind of zone carries; a border cooperation zone may be either.
KIND_LEVELS: dict[str, set[str]] = {
    ZoneKind.NATIONAL_ETDZ: {ZoneLevel.NATIONAL},
    ZoneKind.NATIONAL_HITECH: {ZoneLevel.NATIONAL},
    ZoneKind.PROVINCIAL_EDZ: {ZoneLevel.PROVINCIAL},
    ZoneKind.PROVINCIAL_HITECH: {ZoneLevel.PROVINCIAL},
    ZoneKind.BORDER_COOPERATION: {ZoneLevel.NATIONAL, ZoneLevel.PROVINCIAL},
}

ZONE_FIELDS = (
    "code",
    "name",
    "kind",
    "level",
    "city",
    "county",
    "management_model",
    "managing_authority",
    "founded_year",
    "leading_industries",
    "status",
)


def validate_zone(zone: Zone) -> None:
    errors: dict[str, list[str]] = {}
    if zone.kind and zone.level and zone.level not in KIND_LEVELS.get(zone.kind, set()):
        errors.setdefault("level", []).append(_("开发区类型与级别不一致。"))
    if zone.city_id and zone.city.level != RegionLevel.CITY:
        errors.setdefault("city", []).append(_("所在市必须是地级市。"))
    if zone.county_id and zone.county.parent_id != zone.city_id:
        errors.setdefault("county", []).append(_("所在县(市、区)不属于所选的市。"))
    if errors:
        raise ValidationError(errors)
    zone.full_clean(validate_unique=True)


@transaction.atomic
def create_zone(*, user: Any, data: dict[str, Any]) -> Zone:
    zone = Zone(**{k: v for k, v in data.items() if k in ZONE_FIELDS})
    target: Region | None = zone.county if zone.county_id else (zone.city if zone.city_id else None)
    if target is not None and not can_create_zone_in(user, target):
        raise PermissionDenied(_("您无权在该地区新增开发区。"))
    validate_zone(zone)
    zone.save()
    return zone


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
            geometry_changed = True
    for field in ("declared_km2", "bounds_text"):
        if field in data:
            setattr(area, field, data[field])
    area.full_clean(validate_unique=False)
    return geometry_changed


@transaction.atomic
def update_area(*, user: Any, area: ZoneArea, data: dict[str, Any]) -> ZoneArea:
    """Change an area's declared figure, 四至 and/or boundary; a new boundary is recomputed."""
    if not can(user, EDIT_REGISTRY, area.zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    area = ZoneArea.objects.select_for_update(of=("self",)).select_related("zone").get(pk=area.pk)
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:
        request_recompute(AREA, area.pk)
    return area


def set_area_geometry(*, user: Any, area: ZoneArea, geometry: dict[str, Any] | None) -> ZoneArea:
    """Replace (or, with ``None``, remove) an area's boundary; its figures follow by themselves."""
    return update_area(user=user, area=area, data={"geometry": geometry})


@transaction.atomic
def create_area(*, user: Any, zone: Zone, kind: str, data: dict[str, Any]) -> ZoneArea:
    """Add one of a zone's standard areas (catalogue, planned, controlled)."""
    if not can(user, EDIT_REGISTRY, zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    if kind not in STANDARD_AREAS:
        raise ValidationError({"kind": [_("只能新增目录核准面积、规划面积或实控面积；片区请在片区管理中新增。")]})
    area = ZoneArea(zone=zone, slug=kind, kind=kind, name=AreaKind(kind).label)
    geometry_changed = _apply_area(area, data)
    area.save()
    if geometry_changed:  # without a boundary there is nothing to compute or to total
        request_recompute(AREA, area.pk)
    return area


def _region_codes(city_id: int | None, county_id: int | None) -> set[str]:
    regions = Region.objects.filter(pk__in=[pk for pk in (city_id, county_id) if pk]).select_related("parent")
    return {code for region in regions for code in (region.code, region.parent.code if region.parent else None) if code}


@transaction.atomic
def update_zone(*, user: Any, zone: Zone, data: dict[str, Any]) -> Zone:
    if not can(user, "edit_registry", zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    zone = Zone.objects.select_for_update().get(pk=zone.pk)
    before = (zone.city_id, zone.county_id)
    for key, value in data.items():
        if key in ZONE_FIELDS and key != "code":
            setattr(zone, key, value)
    target = zone.county if zone.county_id else zone.city
    if (zone.city_id, zone.county_id) != before and not can_create_zone_in(user, target):
        raise PermissionDenied(_("您无权将开发区移至该地区。"))
    validate_zone(zone)
    zone.save()
    if (zone.city_id, zone.county_id) != before:
        sync_zone_grants(zone=zone)
        # its areas now count in other regions' totals: recompute where they left and arrived
        for code in sorted(_region_codes(*before) | _region_codes(zone.city_id, zone.county_id)):
            request_recompute(REGION_TOTALS, code)
    return zone

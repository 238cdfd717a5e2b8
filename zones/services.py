"""Every write to regions and zones."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from devzone.tenancy.scope import can, can_create_zone_in
from devzone.tenancy.services import sync_zone_grants

from .models import AreaKind, Region, RegionLevel, Zone, ZoneArea, ZoneKind, ZoneLevel

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


def validate_zone(zone: Zone, *, bulk: bool = False) -> None:
    """Check a zone before saving. ``bulk``: the caller (the Excel import) has already resolved
    city and county to existing regions and checked code/name uniqueness for many rows at once,
    so the per-row existence and uniqueness queries are skipped."""
    errors: dict[str, list[str]] = {}
    if zone.kind and zone.level and zone.level not in KIND_LEVELS.get(zone.kind, set()):
        errors.setdefault("level", []).append(_("开发区类型与级别不一致。"))
    if zone.city_id and zone.city.level != RegionLevel.CITY:
        errors.setdefault("city", []).append(_("所在市必须是地级市。"))
    if zone.county_id and zone.county.parent_id != zone.city_id:
        errors.setdefault("county", []).append(_("所在县(市、区)不属于所选的市。"))
    if errors:
        raise ValidationError(errors)
    if bulk:
        zone.full_clean(exclude=["city", "county"], validate_unique=False)
    else:
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
    return zone


# The areas every zone may declare, addressed by a slug equal to their kind (SPEC §1).
DECLARED_AREA_SLUGS = (AreaKind.CATALOGUE, AreaKind.PLANNED, AreaKind.CONTROLLED)


@transaction.atomic
def set_declared_area(*, user: Any, zone: Zone, slug: str, declared_km2: Decimal) -> ZoneArea:
    """Create the zone's catalogue/planned/controlled area, or change its declared km²."""
    if not can(user, "edit_registry", zone):
        raise PermissionDenied(_("您无权修改该开发区档案。"))
    if slug not in DECLARED_AREA_SLUGS:
        raise ValidationError({"slug": [_("只能登记目录核准面积、规划面积或实控面积。")]})
    area = ZoneArea.objects.select_for_update().filter(zone=zone, slug=slug).first()
    if area is None:
        area = ZoneArea(zone=zone, slug=slug, kind=slug, declared_km2=declared_km2)
    elif area.declared_km2 == declared_km2:
        return area
    else:
        area.declared_km2 = declared_km2
    area.full_clean()
    area.save()
    return area

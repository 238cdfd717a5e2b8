"""Reads of regions and zones, always through the tenancy choke point."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from devzone.tenancy import scoped
from devzone.tenancy.scope import scope_filter_for_region

from .models import Region, RegionAreaTotal, Zone, ZoneArea


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("parent").order_by("code")


def areas_in_region(region: Region, kind: str) -> QuerySet[ZoneArea]:
    """Every area of ``kind`` of the zones inside ``region`` (not scoped: the recompute worker's read)."""
    lookup = {f"zone__{field}": value for field, value in scope_filter_for_region(region).items()}
    return ZoneArea.objects.filter(kind=kind, **lookup)


def zone_areas(*, code: str) -> QuerySet[ZoneArea]:
    """The areas of the zone ``code``; the API's filter backend scopes them to the user's zones."""
    return ZoneArea.objects.filter(zone__code=code).select_related("zone").order_by("kind", "slug")


def region_area_totals(*, region: Region) -> QuerySet[RegionAreaTotal]:
    """The area totals of a region, one per area kind (each knows whether it is ``stale``)."""
    return RegionAreaTotal.objects.filter(region=region).select_related("region").order_by("kind")


def zone_list(*, user: Any, filters: dict[str, str] | None = None) -> QuerySet[Zone]:
    """The zones ``user`` may see, filtered by the list page's/API's query parameters."""
    qs = scoped(Zone.objects.all(), user, "")
    filters = filters or {}
    for field in ("kind", "level", "status", "management_model"):
        if filters.get(field):
            qs = qs.filter(**{field: filters[field]})
    if filters.get("city"):
        qs = qs.filter(city__code=filters["city"])
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("q"):
        qs = search_zones(qs, filters["q"])
    return qs.select_related("city", "county").order_by("city__code", "code")


def search_zones(qs: QuerySet[Zone], text: str) -> QuerySet[Zone]:
    text = text.strip()
    return qs.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(leading_industries__icontains=text))


def with_areas(qs: QuerySet[Zone]) -> QuerySet[Zone]:
    return qs.prefetch_related(Prefetch("areas", queryset=ZoneArea.objects.order_by("kind", "slug")))


def zone_detail(*, user: Any, code: str) -> Zone:
    """One zone in scope, or ``Zone.DoesNotExist`` (shown as 404) when it is outside."""
    return with_areas(zone_list(user=user)).get(code=code)

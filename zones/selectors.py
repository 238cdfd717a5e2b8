"""Reads of regions and zones, always through the tenancy choke point."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from devzone.tenancy import scoped

from .models import Region, Zone, ZoneArea


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("parent").order_by("code")


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


def city_in_scope(*, user: Any, code: str) -> Region | None:
    """The city ``code`` if it lies in the user's scope: a membership covers it (the city itself
    or its province), or the user sees a zone in it. None otherwise (shown as 404)."""
    city = Region.objects.filter(code=code, level="city").select_related("parent").first()
    if city is None or user is None or not user.is_authenticated:
        return None
    if user.is_superuser or user.memberships.filter(region__in=[city.pk, city.parent_id]).exists():
        return city
    return city if scoped(Zone.objects.filter(city=city), user, "").exists() else None

"""Reads of regions, zones and their registry, always through the tenancy choke point."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from devzone.domain import Invalid, NotAllowed, NotFound
from devzone.domain.filters import filtered
from devzone.tenancy.scope import can, scoped, visible_zones
from devzone.types import User
from zones.registry.grants import CHANGE_STATUS

from . import rules
from .filters import RegionFilterSet, SocialFunctionFilterSet, ZoneFilterSet
from .models import CompanyTier, PlatformCompany, Region, SocialFunction, SocialFunctionKind, Zone, ZoneStatusChange


def region_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Region]:
    """Administrative divisions (public reference data), filtered by ``RegionFilterSet``."""
    return filtered(RegionFilterSet, filters, Region.objects.select_related("parent").order_by("code"))


def zone_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Zone]:
    """The zones ``user`` may see, filtered by ``ZoneFilterSet`` (the list's query parameters:
    API, page, export and PDF alike); ``Invalid`` for a filter value that does not validate."""
    qs = scoped(Zone.objects.all(), user)
    if filters:
        qs = filtered(ZoneFilterSet, filters, qs)
    return qs.select_related("city", "county", "parent_zone").order_by("city__code", "code")


def city_in_scope(*, user: User, code: str) -> Region | None:
    """The city ``code`` if it lies in the user's scope: a membership covers it (the city itself
    or its province), or the user sees a zone in it. None otherwise (shown as 404)."""
    city = Region.objects.filter(code=code, level="city").select_related("parent").first()
    if city is None or user is None or not user.is_authenticated:
        return None
    if user.is_superuser or user.memberships.filter(region__in=[city.pk, city.parent_id]).exists():
        return city
    return city if scoped(Zone.objects.filter(city=city), user).exists() else None


# ---------------------------------------------------------------------------------------------
# Registry reads: a zone's profile with its status history, platform companies, sub-parks,
# merges, social functions and plots in a fixed number of queries; per-mu figures, the 调出
# list and the roll-up are computed from the prefetched rows by zones.rules.
# ---------------------------------------------------------------------------------------------

COMPANY_TIER_ORDER = Case(
    When(tier=CompanyTier.OWNER, then=Value(0)),
    When(tier=CompanyTier.GROUP, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
# Social functions in the order of the data list (SocialFunctionKind), not alphabetically.
SOCIAL_FUNCTION_ORDER = Case(
    *[When(function=value, then=Value(i)) for i, value in enumerate(SocialFunctionKind.values)],
    default=Value(len(SocialFunctionKind.values)),
    output_field=IntegerField(),
)


def zone_in_scope(*, user: User, code: str) -> Zone:
    """The zone ``code`` if ``user`` may see it, else ``Zone.DoesNotExist`` (shown as 404)."""
    return scoped(Zone.objects.select_related("city", "county"), user).get(code=code)


def zone_for(*, user: User, code: str, action: str | None = None) -> Zone:
    """The zone ``code`` a page or endpoint acts on: ``NotFound`` (404) outside ``user``'s scope,
    and with ``action``, ``NotAllowed`` (403) unless the user may do it there."""
    try:
        zone = zone_in_scope(user=user, code=code)
    except Zone.DoesNotExist as exc:
        raise NotFound from exc
    if action is not None and not can(user, action, zone):
        raise NotAllowed
    return zone


def zones_by_code(*, user: User, codes: list[str], field: str) -> list[Zone]:
    """The zones ``codes`` in ``user``'s scope, in that order; ``Invalid`` on ``field`` naming the
    codes that are unknown or outside the scope (a merge's list)."""
    found = {z.code: z for z in zone_list(user=user).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise Invalid({field: [_("没有代码为 %(value)s 的开发区。") % {"value": ", ".join(missing)}]})
    return [found[c] for c in codes]


def zone_company(*, zone: Zone, pk: int | str) -> PlatformCompany:
    """One of ``zone``'s platform companies, or ``NotFound``."""
    company = PlatformCompany.objects.filter(zone=zone, pk=int(pk) if str(pk).isdigit() else 0).first()
    if company is None:
        raise NotFound
    return company


def zone_social_function(*, zone: Zone, function: str) -> SocialFunction:
    """``zone``'s record of the social function ``function``, or ``NotFound``."""
    item = SocialFunction.objects.filter(zone=zone, function=function).first()
    if item is None:
        raise NotFound
    return item


def visible_zone_ids(*, user: User, zones: list[Zone]) -> set[int]:
    """Which of ``zones`` the user may open (sub-park links on a profile)."""
    if not zones:
        return set()
    return set(visible_zones(user).filter(pk__in=[z.pk for z in zones]).values_list("pk", flat=True))


def status_history(*, zone: Zone) -> QuerySet[ZoneStatusChange]:
    return zone.status_changes.select_related("changed_by").order_by("-effective_date", "-id")


def company_list(*, zone: Zone) -> QuerySet[PlatformCompany]:
    return (
        PlatformCompany.objects.filter(zone=zone)
        .select_related("parent", "zone")
        .annotate(tier_order=COMPANY_TIER_ORDER)
        .order_by("tier_order", "name")
    )


def social_function_list(*, zone: Zone, filters: Mapping[str, Any] | None = None) -> QuerySet[SocialFunction]:
    return filtered(
        SocialFunctionFilterSet,
        filters,
        SocialFunction.objects.filter(zone=zone)
        .select_related("zone")
        .annotate(kind_order=SOCIAL_FUNCTION_ORDER)
        .order_by("kind_order"),
    )


def mergeable_zones(*, user: User, surviving: Zone) -> QuerySet[Zone]:
    """Zones the user could merge into ``surviving`` (the merge form's choices)."""
    return (
        visible_zones(user, CHANGE_STATUS)
        .exclude(pk=surviving.pk)
        .filter(status__in=rules.MERGEABLE)
        .select_related("city")
        .order_by("city__code", "code")
    )


def parent_zone_choices(*, user: User, zone: Zone | None = None) -> QuerySet[Zone]:
    """Zones that may hold sub-parks, among those the user sees (edit form, list filter)."""
    qs = scoped(Zone.objects.filter(parent_zone__isnull=True, status__in=rules.RECEIVING), user)
    if zone is not None:
        qs = qs.exclude(pk=zone.pk)
    return qs.order_by("city__code", "code")


def zone_suggestions(*, user: User, query: str, limit: int) -> list[tuple[str, str]]:
    """(code, name) of at most ``limit`` zones in ``user``'s scope matching ``query`` (code or name)."""
    qs = scoped(Zone.objects.all(), user).filter(Q(code__icontains=query) | Q(name__icontains=query))
    return list(qs.order_by("code").values_list("code", "name")[:limit])

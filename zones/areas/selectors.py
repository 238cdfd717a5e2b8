"""Reads of zone areas, region area totals and the area rule set, through the tenancy choke point."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from devzone.domain import NotFound
from devzone.tenancy.scope import scope_filter_for_region, scoped
from devzone.types import User
from zones.registry.models import Region, Zone
from zones.registry.selectors import zone_list

from . import rules
from .models import RegionAreaTotal, ZoneArea


def areas_in_region(region: Region, kind: str) -> QuerySet[ZoneArea]:
    """Every area of ``kind`` of the zones inside ``region`` (not scoped: the recompute worker's read)."""
    lookup = {f"zone__{field}": value for field, value in scope_filter_for_region(region).items()}
    return ZoneArea.objects.filter(kind=kind, **lookup)


def zone_areas(*, code: str) -> QuerySet[ZoneArea]:
    """The areas of the zone ``code``; the API's filter backend scopes them to the user's zones."""
    return ZoneArea.objects.filter(zone__code=code).select_related("zone").order_by("kind", "slug")


def area_of_zone(*, zone: Zone, slug: str) -> ZoneArea | None:
    """The area ``slug`` of ``zone`` (a zone the caller has in scope), or None."""
    return ZoneArea.objects.filter(zone=zone, slug=slug).select_related("zone").first()


def zone_area(*, zone: Zone, slug: str) -> ZoneArea:
    """The area ``slug`` of ``zone``, or ``NotFound``."""
    area = area_of_zone(zone=zone, slug=slug)
    if area is None:
        raise NotFound
    return area


def area_shown(*, area_id: int) -> ZoneArea:
    """An area reloaded after a write (in the embedded default its recompute has already run)."""
    return ZoneArea.objects.select_related("zone").get(pk=area_id)


def region_area_totals(*, region: Region) -> QuerySet[RegionAreaTotal]:
    """The area totals of a region, one per area kind (each knows whether it is ``stale``)."""
    return RegionAreaTotal.objects.filter(region=region).select_related("region").order_by("kind")


def with_areas(qs: QuerySet[Zone]) -> QuerySet[Zone]:
    return qs.prefetch_related(Prefetch("areas", queryset=ZoneArea.objects.order_by("kind", "slug")))


def zone_detail(*, user: User, code: str) -> Zone:
    """One zone in scope, or ``Zone.DoesNotExist`` (shown as 404) when it is outside."""
    return with_areas(zone_list(user=user)).get(code=code)


# --- area rules and maps (ADR 0161/0162) ------------------------------------------------------


def declared_tolerance(year: int | None = None) -> Decimal:
    """The declared-vs-computed tolerance (a fraction) of the rule set in force for ``year``."""
    from django.utils import timezone

    from .models import AreaRuleSet

    year = year or timezone.localdate().year
    pct = (
        AreaRuleSet.objects.filter(effective_year__lte=year)
        .order_by("-effective_year")
        .values_list("declared_tolerance_pct", flat=True)
        .first()
    )
    return rules.DECLARED_TOLERANCE if pct is None else pct / 100


def map_areas(*, user: User, code: str | None = None) -> QuerySet[ZoneArea]:
    """The drawn areas of the zones ``user`` may see (of one zone with ``code``), for the maps."""
    qs = scoped(ZoneArea.objects.filter(geometry__isnull=False), user)
    if code is not None:
        qs = qs.filter(zone__code=code)
    return qs.select_related("zone__city").order_by("zone__code", "kind", "slug")


# What the province map needs of each drawn area to choose, label and version its outline
# (the boundary itself is not read: ADR 0016).
OUTLINE_HEAD = (
    "pk",
    "zone_id",
    "kind",
    "slug",
    "name",
    "declared_km2",
    "computed_km2",
    "geometry_version",
    "outline_version",
    "computed_at",
    "zone__code",
    "zone__name",
    "zone__kind",
    "zone__status",
)


def map_outline_heads(
    *, user: User, region: str | None = None, box: tuple[float, float, float, float] | None = None
) -> list[dict[str, Any]]:
    """The drawn areas of the zones ``user`` may see, without their boundaries, in one query.

    ``region``: a province, city or county code (the zones inside it); ``box``: (min lon, min
    lat, max lon, max lat), the areas whose bounding box meets it (indexed columns, ADR 0017).
    """
    qs = _drawn_areas(user=user, region=region, box=box)
    return list(qs.order_by("zone__code", "kind", "slug").values(*OUTLINE_HEAD))


def _drawn_areas(*, user: User, region: str | None, box: tuple[float, float, float, float] | None) -> QuerySet:
    qs = scoped(ZoneArea.objects.filter(geometry__isnull=False), user)
    if region is not None:
        qs = qs.filter(Q(zone__county__code=region) | Q(zone__city__code=region) | Q(zone__city__parent__code=region))
    if box is not None:
        min_lon, min_lat, max_lon, max_lat = box
        qs = qs.filter(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat)
    return qs


def map_outline_tag(
    *, user: User, region: str | None = None, box: tuple[float, float, float, float] | None = None
) -> tuple[str, Any] | None:
    """A digest of every head ``map_outline_heads`` would return, and their newest
    ``computed_at``, computed by PostgreSQL in one query that answers one row (issue 9).

    The map validates a kept answer with it: ~1 000 heads are neither sent nor decoded here
    (that was most of a kept answer's cost). Every column the outlines' properties and versions
    come from is in the digest, so anything shown changing, however it was written (a service,
    a bulk import, a plain ``UPDATE``), is another digest. None on other databases: the caller
    digests the heads itself.
    """
    if connection.vendor != "postgresql":
        return None
    columns = {f"h{i}": F(name) for i, name in enumerate(OUTLINE_HEAD)}
    inner = _drawn_areas(user=user, region=region, box=box).order_by().values(**columns)
    sql, params = inner.query.sql_with_params()
    fields = ", ".join(f"h.h{i}" for i in range(len(OUTLINE_HEAD)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(coalesce(string_agg(concat_ws('|', {fields}), ';' ORDER BY h.h0), '')),"  # noqa: S608
            f" max(h.h{OUTLINE_HEAD.index('computed_at')}) FROM ({sql}) h",
            params,
        )
        digest, newest = cursor.fetchone()
    return digest, newest


def outlines_of(ids: list[int]) -> dict[int, tuple[int, str | None, str | None]]:
    """``{pk: (outline version, outline, boundary when the outline is stale)}`` of these areas,
    as the database's JSON text: the map splices it into its answer without decoding it."""
    rows = ZoneArea.objects.filter(pk__in=ids).values_list(
        "pk", "outline_version", "geometry_version", Cast("outline", TextField())
    )
    found: dict[int, tuple[int, str | None, str | None]] = {
        pk: (version, drawn, None) for pk, version, current, drawn in rows if version == current and drawn
    }
    stale = [pk for pk in ids if pk not in found]
    if stale:  # drawn since the last recompute run: the full boundary until the worker simplifies it
        for pk, version, geometry in ZoneArea.objects.filter(pk__in=stale).values_list(
            "pk", "geometry_version", Cast("geometry", TextField())
        ):
            found[pk] = (version, None, geometry)
    return found

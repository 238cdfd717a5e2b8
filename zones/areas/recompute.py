"""Zones' recompute consumers: each area's geodesic area, and the regions' area totals.

Declared to ``devzone.recompute`` when this module is imported (``devzone.registry.autodiscover``
imports it at start-up, ADR 0008):

* ``zones.area`` (scope: the ZoneArea id) — km² and 亩 from the area's geometry, then the
  totals of its kind for the zone's county, city and province, and the spatial flags of the
  area and of the areas its boundary bears on (zones/areas/flags.py), in the same transaction;
* ``zones.region_area`` (scope: a region code) — the totals of every area kind for that region,
  for changes that move areas between regions (a zone moved to another city; the key is
  ``zones.registry.services.REGION_TOTALS``, which the registry requests).

Both recompute from the current rows and overwrite (upsert): a redelivered or repeated run
writes the same figures again, never adds twice.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone

from devzone.recompute.registry import register
from zones.registry.models import Region, Zone
from zones.registry.services import REGION_TOTALS

from . import flags, rules
from .geometry import bbox_fields, outline
from .models import AreaKind, RegionAreaTotal, ZoneArea
from .selectors import areas_in_region

AREA = "zones.area"


def regions_of_zone(zone: Zone) -> list[Region]:
    """The regions whose totals a zone's areas count in: its county, city and province."""
    regions = [r for r in (zone.county, zone.city, zone.city.parent) if r is not None]
    return sorted({r.pk: r for r in regions}.values(), key=lambda r: r.code)


def _lock_totals(regions: list[Region], kinds: list[str]) -> list[RegionAreaTotal]:
    """The total rows, created if missing and locked in code order (no deadlock between runs).

    The lock serialises concurrent runs that touch the same region, so a sum never misses an
    area another run committed meanwhile.
    """
    # one statement whatever is missing (was a get_or_create per region and kind)
    RegionAreaTotal.objects.bulk_create(
        [RegionAreaTotal(region=region, kind=kind) for region in regions for kind in kinds], ignore_conflicts=True
    )
    return list(
        RegionAreaTotal.objects.select_for_update(of=("self",))
        .filter(region__in=regions, kind__in=kinds)
        .select_related("region")
        .order_by("region__code", "kind")
    )


def _sums(areas: QuerySet[ZoneArea]) -> tuple[Decimal | None, int, int, str]:
    """km², areas, zones and ``rules.inputs_digest`` of the ``(id, computed version)`` pairs of
    ``areas``: on PostgreSQL in one statement answering one row (issue 9: the province's ~1 000
    pairs are neither sent nor hashed here), elsewhere in two queries."""
    if connection.vendor == "postgresql":
        columns = {"a_id": F("pk"), "a_version": F("computed_version"), "a_km2": F("computed_km2"), "a_zone": F("zone")}
        try:
            sql, params = areas.order_by().values(**columns).query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing
            return None, 0, 0, rules.inputs_digest([])
        with connection.cursor() as cursor:
            cursor.execute(
                # the digest's text as rules.inputs_digest writes it: "id:version" by id, ";" between
                "SELECT sum(h.a_km2), count(*), count(DISTINCT h.a_zone),"  # noqa: S608
                " left(encode(sha256(convert_to(coalesce("
                "string_agg(h.a_id::text || ':' || h.a_version::text, ';' ORDER BY h.a_id, h.a_version),"
                f" ''), 'UTF8')), 'hex'), 32) FROM ({sql}) h",
                params,
            )
            km2, count, zones, digest = cursor.fetchone()
        return km2, count, zones, digest
    sums = areas.aggregate(km2=Sum("computed_km2"), areas=Count("pk"), zones=Count("zone", distinct=True))
    digest = rules.inputs_digest(areas.values_list("pk", "computed_version"))
    return sums["km2"], sums["areas"], sums["zones"], digest


def _write_total(total: RegionAreaTotal) -> None:
    areas = areas_in_region(total.region, total.kind).filter(computed_km2__isnull=False)
    km2, total.area_count, total.zone_count, total.input_version = _sums(areas)
    km2 = km2 or Decimal(0)
    total.total_km2 = km2
    total.total_mu = (km2 * rules.MU_PER_KM2).quantize(rules.MU_PLACES, ROUND_HALF_UP)
    total.computed_at = timezone.now()
    total.save()


def recompute_area(scope: str, year: int | None = None) -> None:
    area = ZoneArea.objects.select_related("zone__city__parent", "zone__county").filter(pk=int(scope)).first()
    if area is None:
        return  # deleted since: whoever deleted it asked for the region totals
    version, geometry = area.geometry_version, area.geometry
    km2, mu = rules.area_figures(geometry) if geometry else (None, None)
    drawn = outline(geometry)  # the province map's simplified outline, of this version (ADR 0016)
    with transaction.atomic():
        totals = _lock_totals(regions_of_zone(area.zone), [area.kind])
        # Never let an older run overwrite a newer figure (two runs may overlap after a lease expired).
        ZoneArea.objects.filter(pk=area.pk, computed_version__lte=version).update(
            computed_km2=km2,
            computed_mu=mu,
            computed_version=version,
            computed_at=timezone.now(),
            outline=drawn,
            outline_version=version,
            **bbox_fields(geometry),
        )
        for total in totals:
            _write_total(total)
        flags.refresh(area.pk)  # overlaps / outside_parent, on this area and its neighbours


def recompute_region(scope: str, year: int | None = None) -> None:
    region = Region.objects.filter(code=scope).first()
    if region is None:
        return
    with transaction.atomic():
        for total in _lock_totals([region], list(AreaKind.values)):
            _write_total(total)


register(AREA, recompute_area)
register(REGION_TOTALS, recompute_region)

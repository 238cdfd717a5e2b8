"""Finance's recompute consumer: a zone's revenue for a year feeds the zones' revenue-based
亩均税收 (ADR 0406). Finance imports zones, never the reverse: the figure is written through
``zones.plots.services.record_zone_tax``.

``finance.zone_tax`` (scope: the zone id, year): the sum of the zone's revenue that year, all tax
types — recomputed from the rows and upserted, so a repeated run writes the same figure.
"""

from __future__ import annotations

from django.db.models import Sum

from devzone.recompute.registry import register
from zones.plots.services import record_zone_tax

from .models import Revenue
from .services import ZONE_TAX


def recompute_zone_tax(scope: str, year: int | None = None) -> None:
    if year is None:
        return
    zone_id = int(scope)
    rows = Revenue.objects.filter(zone_id=zone_id, year=year)
    total = rows.aggregate(total=Sum("amount"))["total"] if rows.exists() else None
    record_zone_tax(zone_id=zone_id, year=year, tax_total=total, source="finance")


register(ZONE_TAX, recompute_zone_tax)

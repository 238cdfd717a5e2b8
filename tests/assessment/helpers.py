"""Shared helpers of the assessment tests: the demo's latest year and fresh results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

YEAR = timezone.localdate().year - 1  # the demo's open year (two earlier years are closed)
RESULTS = "/api/v1/assessment/results/"
POOLS = "/api/v1/assessment/pay-pools/"
BENCHMARKS = "/api/v1/assessment/benchmarks/"
VALUES = "/api/v1/assessment/values/"


def results(client: APIClient, group: str, year: int = YEAR) -> list[dict[str, Any]]:
    body = client.get(RESULTS, {"year": year, "group": group, "page_size": 500}).json()
    return body["results"] if isinstance(body, dict) else body


def by_zone(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["zone"]: r for r in rows}


def fresh(client: APIClient, group: str, year: int = YEAR) -> list[dict[str, Any]] | None:
    rows = results(client, group, year)
    return rows if rows and not any(r["stale"] for r in rows) else None


def pools(client: APIClient, zone: str, year: int = YEAR) -> dict[str, Any]:
    body = client.get(POOLS, {"zone": zone, "year": year}).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) == 1, rows
    return rows[0]


def overtaking_values(zone: str, group: str, year: int = YEAR) -> dict[int, Decimal]:
    """Values that put ``zone`` at the top of every indicator of its group (from the working)."""
    from assessment.models import Indicator, ZoneResult

    best: dict[str, Decimal] = {}
    for row in ZoneResult.objects.filter(result_set__is_current=True, group=group, year=year):
        for line in row.working["lines"]:
            if line["value"] is not None:
                v = Decimal(line["value"])
                best.setdefault(line["code"], v)
                best[line["code"]] = max(best[line["code"]], v)
    out: dict[int, Decimal] = {}
    for ind in Indicator.objects.filter(dimension__system__year=year, dimension__system__group=group):
        if ind.method == "deduction":
            out[ind.pk] = Decimal(0)
        elif ind.direction == "lower":
            out[ind.pk] = Decimal("0.01")
        else:
            out[ind.pk] = best.get(ind.code, Decimal(100)) + 1
    return out


def ranks_consistent(rows: list[dict[str, Any]]) -> bool:
    """One result set, and its ranks are the competition ranking of its scores."""
    if len({r["version"] for r in rows}) != 1:
        return False
    scores = [Decimal(r["score"]) for r in rows]
    return all(r["rank"] == 1 + sum(1 for s in scores if s > Decimal(r["score"])) for r in rows)

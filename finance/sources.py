"""Where finance reads the rankings that earn the above-plan reward (ADR 0403).

Finance keeps a *recorded designation* (``RewardDesignation``, entered by the province with the
ranking it cites) until the assessment app computes rankings. Every read goes through
:func:`designation_for`; the assessment app — above finance in the import graph — replaces the
source by calling :func:`register_provider` in its ``AppConfig.ready()``, and finance changes
nothing. A provider takes the zone ids and the fiscal year and returns, per zone id, the
designation earning the reward for that year (or none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .rules import reward_years


@dataclass(frozen=True)
class Designation:
    zone_id: int
    ranking_year: int
    scope: str
    rank: int
    out_of: int
    ranking: str
    document_no: str
    source: str  # "recorded" (finance's designation) or the provider's name


Provider = Callable[[list[int], int], dict[int, Designation]]

_provider: Provider | None = None


def register_provider(provider: Provider | None) -> None:
    """Make ``provider`` the source of designations (None: back to the recorded ones)."""
    global _provider
    _provider = provider


def recorded(zone_ids: list[int], year: int) -> dict[int, Designation]:
    """Finance's own source: the recorded designations whose reward years cover ``year``."""
    from .models import RewardDesignation
    from .services import rule_set

    years = rule_set().reward_years
    rows = RewardDesignation.objects.filter(
        zone_id__in=zone_ids, ranking_year__gte=year - years, ranking_year__lt=year
    ).order_by("zone_id", "-ranking_year")
    out: dict[int, Designation] = {}
    for d in rows:
        if d.zone_id in out or year not in reward_years(d.ranking_year, years):
            continue
        out[d.zone_id] = Designation(
            zone_id=d.zone_id,
            ranking_year=d.ranking_year,
            scope=d.scope,
            rank=d.rank,
            out_of=d.out_of,
            ranking=d.ranking,
            document_no=d.document_no,
            source="recorded",
        )
    return out


def designations(zone_ids: Iterable[int], year: int) -> dict[int, Designation]:
    """The designation earning each zone the reward for fiscal ``year`` — the one selector."""
    ids = sorted(set(zone_ids))
    return (_provider or recorded)(ids, year)


def designation_for(zone_id: int, year: int) -> Designation | None:
    return designations([zone_id], year).get(zone_id)

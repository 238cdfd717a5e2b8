"""The assessment ranking as the source of finance's above-plan reward (seed 003; ADR 0403, 0504).

:func:`designations` is registered with ``finance.sources.register_provider`` from
``AssessmentConfig.ready``. For a fiscal year it looks at the ranking years whose reward years
cover it (finance's rule set: the ``reward_years`` years after the ranking) and designates a zone
whose **published** result (the year closed by the province) carries the commendation consequence
(top 10 % national / 5 % provincial, rule-set data ``code = "commendation"``) — the latest such
year wins. A zone the assessment does not designate keeps finance's recorded designation (e.g. a
national zone's MOFCOM ranking entered by the province). Three queries for any number of zones.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from finance import sources as finance_sources
from finance.rules import reward_years

from .models import AssessmentYear, Group, YearState, ZoneResult

COMMENDATION = "commendation"


def designations(zone_ids: list[int], year: int) -> dict[int, finance_sources.Designation]:
    from finance.services import rule_set

    span = rule_set().reward_years
    first, last = year - span, year - 1
    published = set(
        AssessmentYear.objects.filter(year__gte=first, year__lte=last, state=YearState.CLOSED).values_list(
            "year", flat=True
        )
    )
    out: dict[int, finance_sources.Designation] = {}
    if published:
        rows = (
            ZoneResult.objects.filter(zone_id__in=zone_ids, year__in=published, result_set__is_current=True)
            .order_by("zone_id", "-year")
            .only("zone_id", "year", "group", "rank", "group_size", "consequences")
        )
        for r in rows:
            if r.zone_id in out or year not in reward_years(r.year, span):
                continue
            if any(c.get("code") == COMMENDATION for c in r.consequences):
                out[r.zone_id] = finance_sources.Designation(
                    zone_id=r.zone_id,
                    ranking_year=r.year,
                    scope=r.group,
                    rank=r.rank,
                    out_of=r.group_size,
                    ranking=_("%(year)s年度开发区综合考核评价（%(group)s）")
                    % {"year": r.year, "group": Group(r.group).label},
                    document_no="",
                    source="assessment",
                )
    rest = [z for z in zone_ids if z not in out]
    if rest:
        out.update(finance_sources.recorded(rest, year))
    return out

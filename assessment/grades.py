"""Assessment's individual internal grades as staffing's grade source (ADR 0304, 0503).

:func:`internal_grades` is registered with ``staffing.sources.register_grade_provider`` from
``AssessmentConfig.ready``. A person's grade of a year comes from assessment's :class:`StaffGrade`
when the zone has **closed** that internal year (an open year's grades are still drafts), with
the place in the zone's ranking of that year by score (competition ranking, when scores are
given); any year assessment has no closed grade for falls back on the grade entered in staffing.
Three queries for any number of people.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, QuerySet

from staffing import rules as staffing_rules
from staffing.sources import entered_grades

from . import rules
from .models import InternalYear, StaffGrade


def _closed(qs: QuerySet[StaffGrade]) -> QuerySet[StaffGrade]:
    closed = InternalYear.objects.filter(zone=OuterRef("zone"), year=OuterRef("year"), closed_at__isnull=False)
    return qs.filter(Exists(closed))


def internal_grades(staff_ids: list[int], first: int, last: int) -> dict[int, list[staffing_rules.YearGrade]]:
    mine = list(
        _closed(StaffGrade.objects.filter(staff_id__in=staff_ids, year__gte=first, year__lte=last)).values_list(
            "staff_id", "zone_id", "year", "grade"
        )
    )
    # The ranking population: every closed grade of those zones and years.
    keys = {(zone, year) for _s, zone, year, _g in mine}
    population: dict[tuple[int, int], list[rules.Graded]] = defaultdict(list)
    if keys:
        rows = _closed(
            StaffGrade.objects.filter(zone_id__in={z for z, _y in keys}, year__in={y for _z, y in keys})
        ).values_list("zone_id", "year", "staff_id", "grade", "score")
        for zone, year, staff, grade, score in rows:
            if (zone, year) in keys:
                population[(zone, year)].append(rules.Graded(staff, grade, score))
    ranks = {key: rules.rank_by_score(rows) for key, rows in population.items()}
    out = entered_grades(staff_ids, first, last)
    for staff, zone, year, grade in mine:
        rank, of = ranks[(zone, year)].get(staff, (None, None))
        kept = [g for g in out.setdefault(staff, []) if g.year != year]
        out[staff] = sorted([*kept, staffing_rules.YearGrade(year, grade, rank, of)], key=lambda g: g.year)
    return out

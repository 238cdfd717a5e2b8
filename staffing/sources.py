"""Where staffing reads individuals' annual grades from (ADR 0304).

Staffing keeps the grades a zone *enters* (``IndividualGrade``). The assessment app, which sits
above staffing and computes internal grades, will own them once it exists: it then registers a
provider here (``register_grade_provider``, from its ``AppConfig.ready``) and every reader —
the renewal due list, the renewal decision — switches without a change in staffing. Only this
module's :func:`individual_grades` and :func:`grades_for` read grades.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import rules
from .models import IndividualGrade, Staff

# (staff ids, first year, last year) → {staff id: [YearGrade, …]}
GradeProvider = Callable[[list[int], int, int], dict[int, list[rules.YearGrade]]]


def entered_grades(staff_ids: list[int], first: int, last: int) -> dict[int, list[rules.YearGrade]]:
    """The grades entered in staffing: one query for any number of people."""
    out: dict[int, list[rules.YearGrade]] = {pk: [] for pk in staff_ids}
    rows = IndividualGrade.objects.filter(staff_id__in=staff_ids, year__gte=first, year__lte=last).order_by(
        "staff_id", "year"
    )
    for g in rows:
        out[g.staff_id].append(rules.YearGrade(g.year, g.grade, g.rank, g.ranked_of))
    return out


_provider: GradeProvider = entered_grades


def register_grade_provider(provider: GradeProvider) -> None:
    """Replace the source of individual grades (the assessment app, once it computes them)."""
    global _provider
    _provider = provider


def reset_grade_provider() -> None:
    register_grade_provider(entered_grades)


def grades_for(staff: Iterable[Staff], *, years: int, before: int) -> dict[int, list[rules.YearGrade]]:
    """The last ``years`` years' grades before year ``before`` (exclusive) of each person."""
    ids = [s.pk for s in staff]
    return _provider(ids, before - years, before - 1) if ids else {}


def individual_grades(staff: Staff, *, years: int, before: int) -> list[rules.YearGrade]:
    return grades_for([staff], years=years, before=before).get(staff.pk, [])


def last_grades(staff: Iterable[Staff], *, years: int, term_end_year: int) -> dict[int, list[rules.YearGrade]]:
    """Each person's last ``years`` annual grades up to the year their term ends (the term-end
    year's own grade counts once it is in)."""
    found = grades_for(staff, years=years + 1, before=term_end_year + 1)
    return {pk: sorted(g, key=lambda x: x.year)[-years:] for pk, g in found.items()}


# --- figures other apps read in bulk (assessment: indicators, benchmarks, headcount proposals) ---


def serving_counts(zone_ids: Iterable[int]) -> dict[int, int]:
    """Per zone: the staff counted against its cap (serving or on leave), in one query."""
    from django.db.models import Count

    from .models import COUNTED

    rows = (
        Staff.objects.filter(zone_id__in=list(zone_ids), status__in=COUNTED)
        .values_list("zone_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def department_figures(zone_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Per internal body of the zones: (its posts' places outside leadership, its staff counted);
    two queries for any number of zones."""
    from django.db.models import Count, Sum

    from .models import COUNTED, Post

    ids = list(zone_ids)
    places = dict(
        Post.objects.filter(zone_id__in=ids, leadership=False, department__isnull=False)
        .values_list("department_id")
        .annotate(n=Sum("places"))
        .order_by()
    )
    serving = dict(
        Staff.objects.filter(zone_id__in=ids, status__in=COUNTED, department__isnull=False)
        .values_list("department_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {d: (places.get(d, 0), serving.get(d, 0)) for d in {*places, *serving}}

"""What assessment tells people (ADR 0021, 0504).

* A recompute that changes a zone's grade tells the zone's officers and its city's officers (the
  grade sets the zone's performance-pay pool), from inside the worker's transaction — the e-mail
  waits for the commit, so a rolled-back run tells no one. A first computation is no change.
* Publishing a year (the province closes it) tells every zone and city officer: the ranking is
  now readable by all.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.inbox.kinds import register_kind
from devzone.inbox.recipients import holders
from devzone.inbox.services import in_portal_language, notify
from devzone.tenancy.roles import Role
from devzone.types import User
from zones.registry.models import Zone

from .grants import ENTER_VALUES, MANAGE_BENCHMARKS
from .models import AssessmentYear, Grade

GRADE_CHANGED = "assessment.grade_changed"
YEAR_PUBLISHED = "assessment.year_published"

register_kind(GRADE_CHANGED, gettext_lazy("开发区考核等次变化"))
register_kind(YEAR_PUBLISHED, gettext_lazy("年度考核结果公布"))


def _officers(zone: Zone) -> set[int]:
    ids = set(holders(zone, ENTER_VALUES, roles={Role.ZONE_OFFICER}).values_list("pk", flat=True))
    return ids | set(holders(zone, MANAGE_BENCHMARKS, roles={Role.CITY_OFFICER}).values_list("pk", flat=True))


@in_portal_language
def grades_changed(year: int, before: Mapping[int, tuple[int, str]], after: Mapping[int, tuple[int, str]]) -> None:
    """``before``/``after``: zone id → (rank, grade) of the replaced and the new result set."""
    changed = [z for z, (_rank, grade) in after.items() if z in before and before[z][1] != grade]
    if not changed:
        return
    for zone in Zone.objects.filter(pk__in=changed).order_by("code"):
        rank, grade = after[zone.pk]
        notify(
            _officers(zone),
            kind=GRADE_CHANGED,
            title=_("%(zone)s %(year)s 年度考核等次由“%(old)s”变为“%(new)s”（第 %(rank)d 名），绩效薪酬总量随之重算")
            % {"zone": zone.name, "year": year, "old": Grade(before[zone.pk][1]).label, "new": Grade(grade).label,
               "rank": rank},
            url=f"{reverse('assessment:zone', args=[zone.code])}?year={year}",
            obj=zone,
        )  # fmt: skip


@in_portal_language
def year_published(row: AssessmentYear, *, by: User | None) -> None:
    people = (
        get_user_model()
        ._default_manager.filter(is_active=True, memberships__role__in=[Role.ZONE_OFFICER, Role.CITY_OFFICER])
        .distinct()
        .values_list("pk", flat=True)
    )
    notify(
        list(people),
        kind=YEAR_PUBLISHED,
        title=_("%(year)s 年度开发区考核结果已公布") % {"year": row.year},
        url=f"{reverse('assessment:ranking')}?year={row.year}",
        obj=row,
        exclude=by,
    )

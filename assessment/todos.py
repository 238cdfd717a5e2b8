"""Assessment's 待办 (ADR 0020, 0504).

* Zone officers: an open assessment year whose system lacks annual figures for their zone (the
  year cannot close until they are in); a closed internal year whose distribution plan is still to
  be computed or filed with the city (备案).
* The province admin: an open year with zones still missing figures (the count), or, when none
  is missing, the year ready to close and publish.

A fixed number of queries whatever the number of zones or indicators (a zone officer's missing
values: one pass per open year and group; the province's count: one query per open year, from the
current results; the plans: one query).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.tenancy import roles_of, scoped, visible_zones
from devzone.tenancy.roles import Role
from devzone.types import User
from devzone.web.todos import Todo, register_todos

from . import selectors
from .access import is_province_admin
from .grants import ENTER_VALUES
from .models import AssessmentYear, DistributionPlan, IndicatorSystem, InternalYear, PayPool, PlanState, YearState


def open_years() -> list[int]:
    """Years with an indicator system that the province has not closed."""
    closed = AssessmentYear.objects.filter(year=OuterRef("year"), state=YearState.CLOSED)
    return sorted(set(IndicatorSystem.objects.filter(~Exists(closed)).values_list("year", flat=True)), reverse=True)


def assessment_todos(user: User) -> list[Todo]:
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    out: list[Todo] = []
    province = is_province_admin(user)
    officer = Role.ZONE_OFFICER in roles
    if not (province or officer):
        return out
    years = open_years()
    if officer:
        mine = {z.pk: z for z in visible_zones(user, ENTER_VALUES)}
        for year in years:
            for m in selectors.missing_values(year, set(mine)):
                out.append(
                    Todo(
                        title=_("%(zone)s：%(year)s 年度考核尚缺 %(n)d 项指标数值")
                        % {"zone": m.zone.name, "year": year, "n": len(m.indicators)},
                        url=f"{reverse('assessment:zone', args=[m.zone.code])}?year={year}",
                        kind="assessment.values",
                        detail="、".join(i.name for i in m.indicators[:5]) + ("…" if len(m.indicators) > 5 else ""),
                    )
                )
        filed = DistributionPlan.objects.filter(zone=OuterRef("zone"), year=OuterRef("year"), state=PlanState.FILED)
        pooled = PayPool.objects.filter(zone=OuterRef("zone"), year=OuterRef("year"), result_set__is_current=True)
        waiting = (
            scoped(InternalYear.objects.filter(closed_at__isnull=False), user, ENTER_VALUES)
            .filter(~Exists(filed), Exists(pooled), zone_id__in=list(mine))
            .select_related("zone")
            .order_by("-year", "zone__code")
        )
        for row in waiting:
            out.append(
                Todo(
                    title=_("%(zone)s：%(year)s 年度绩效薪酬分配方案待编制并报市备案")
                    % {"zone": row.zone.name, "year": row.year},
                    url=f"{reverse('assessment:internal_zone', args=[row.zone.code])}?year={row.year}",
                    kind="assessment.plan",
                    detail=_("内部考核已关闭"),
                )
            )
    if province:
        for year in years:
            missing = selectors.zones_missing_values(year)
            if missing:
                title = _("%(year)s 年度考核：%(n)d 个开发区尚缺指标数值，补齐后方可关闭并公布") % {
                    "year": year, "n": missing,
                }  # fmt: skip
                kind = "assessment.year.missing"
            else:
                title = _("%(year)s 年度考核数据已齐，可关闭并公布") % {"year": year}
                kind = "assessment.year.ready"
            out.append(Todo(title=title, url=reverse("assessment:year", args=[year]), kind=kind))
    return out


register_todos("assessment", assessment_todos)

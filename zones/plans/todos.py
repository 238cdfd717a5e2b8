"""The plans' 待办 (ADR 0021): submitted plans for their reviewers, returned plans and drafts for
the city officers who draft them. Two queries per list, whatever the number of plans."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.tenancy import scoped
from devzone.types import User
from devzone.web.todos import Todo, register_todos
from zones.plans.grants import DRAFT_PLAN, REVIEW_PLAN

from .models import Plan, PlanState


def plan_todos(user: User) -> list[Todo]:
    out: list[Todo] = []
    waiting = scoped(Plan.objects.filter(state=PlanState.SUBMITTED), user, REVIEW_PLAN).select_related("zone")
    for plan in waiting.order_by("submitted_at", "pk"):
        out.append(
            Todo(
                title=_("审核 %(zone)s 一区一策方案第 %(version)d 版")
                % {"zone": plan.zone.name, "version": plan.version},
                url=reverse("plans:detail", args=[plan.pk]),
                kind="plans.review",
                detail=_("%(at)s 报送") % {"at": plan.submitted_at.strftime("%Y-%m-%d") if plan.submitted_at else "—"},
            )
        )
    mine = scoped(
        Plan.objects.filter(state__in=(PlanState.RETURNED, PlanState.DRAFT)), user, DRAFT_PLAN
    ).select_related("zone")
    for plan in mine.order_by("-state", "zone__code"):
        if plan.state == PlanState.RETURNED:
            title = _("按审核意见修改 %(zone)s 一区一策方案第 %(version)d 版并重新报送")
        else:
            title = _("完成并报送 %(zone)s 一区一策方案第 %(version)d 版（草稿）")
        out.append(
            Todo(
                title=title % {"zone": plan.zone.name, "version": plan.version},
                url=reverse("plans:detail", args=[plan.pk]),
                kind=f"plans.{plan.state}",
                detail=plan.get_state_display(),
            )
        )
    return out


register_todos("plans", plan_todos)

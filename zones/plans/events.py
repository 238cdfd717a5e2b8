"""What the plan workflow tells people (ADR 0021): who hears of a submission, a return and an
approval, through the platform's inbox. Recipients come from the zone permissions they hold."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.inbox.kinds import register_kind
from devzone.inbox.recipients import holders
from devzone.inbox.services import in_portal_language, notify
from devzone.tenancy.roles import VIEW, Role
from devzone.types import User
from zones.plans.grants import DRAFT_PLAN, REVIEW_PLAN

from .models import Plan

SUBMITTED = "plans.submitted"
RETURNED = "plans.returned"
APPROVED = "plans.approved"

register_kind(SUBMITTED, gettext_lazy("方案待审核"))
register_kind(RETURNED, gettext_lazy("方案被退回"))
register_kind(APPROVED, gettext_lazy("方案已批准"))


def _url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


@in_portal_language
def plan_submitted(plan: Plan, *, by: User) -> None:
    """The province's reviewers of the zone: a plan waits for them."""
    notify(
        holders(plan.zone, REVIEW_PLAN),
        kind=SUBMITTED,
        title=_("%(zone)s 一区一策方案第 %(version)d 版已报送，待审核")
        % {"zone": plan.zone.name, "version": plan.version},
        url=_url(plan),
        obj=plan,
        exclude=by,
    )


@in_portal_language
def plan_returned(plan: Plan, *, by: User) -> None:
    """The city officers who draft the zone's plans: it came back with comments."""
    notify(
        holders(plan.zone, DRAFT_PLAN),
        kind=RETURNED,
        title=_("%(zone)s 一区一策方案第 %(version)d 版已退回修改") % {"zone": plan.zone.name, "version": plan.version},
        url=_url(plan),
        obj=plan,
        exclude=by,
    )


@in_portal_language
def plan_approved(plan: Plan, *, by: User) -> None:
    """The drafters and the zone's own officers: the plan is in force (with its 文号)."""
    drafters = list(holders(plan.zone, DRAFT_PLAN).values_list("pk", flat=True))
    officers = list(holders(plan.zone, VIEW, roles={Role.ZONE_OFFICER}).values_list("pk", flat=True))
    if plan.approval_number:
        title = _("%(zone)s 一区一策方案第 %(version)d 版已批准（%(number)s）") % {
            "zone": plan.zone.name,
            "version": plan.version,
            "number": plan.approval_number,
        }
    else:
        title = _("%(zone)s 一区一策方案第 %(version)d 版已批准") % {"zone": plan.zone.name, "version": plan.version}
    notify([*drafters, *officers], kind=APPROVED, title=title, url=_url(plan), obj=plan, exclude=by)

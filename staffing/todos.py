"""Staffing's 待办 (ADR 0020): for the zone's HR officers, the rounds waiting for their next step,
offers past their answer-by date (the beat expires them hourly; until then they are the officer's),
and staff whose term ends within the rule set's renewal horizon with no decision yet. Four queries
(plus the role check), whatever the number of rounds, offers or staff."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.tenancy import has_role, scoped
from devzone.tenancy.roles import Role
from devzone.types import User
from devzone.web.todos import Todo, register_todos

from .grants import MANAGE_STAFFING
from .models import COUNTED, Offer, OfferState, RenewalDecision, Round, RoundState, Staff
from .services import rule_set

# The officer's next step in each state of a round (the states waiting for nobody else).
NEXT_STEP = {
    RoundState.SCORING: gettext_lazy("录入成绩并公布排名"),
    RoundState.RANKED: gettext_lazy("发出录用通知"),
    RoundState.OFFERS: gettext_lazy("跟进录用通知答复，全部答复后开始公示"),
    RoundState.PUBLICITY: gettext_lazy("公示期满后处理异议并结束公示"),
    RoundState.CONTRACTS: gettext_lazy("与拟聘人员签订聘任合同"),
}

HR_ROLES = {Role.ZONE_OFFICER}


def staffing_todos(user: User) -> list[Todo]:
    if not user.is_authenticated:
        return []
    if not has_role(user, *HR_ROLES):
        return []
    today = timezone.localdate()
    out: list[Todo] = []
    rounds = scoped(Round.objects.filter(state__in=list(NEXT_STEP)), user, MANAGE_STAFFING).select_related("zone")
    for rnd in rounds.order_by("zone__code", "created_at", "pk"):
        due = rnd.publicity_end + timedelta(days=1) if rnd.state == RoundState.PUBLICITY and rnd.publicity_end else None
        out.append(
            Todo(
                title=_("%(round)s（%(zone)s）：%(step)s")
                % {"round": rnd.title, "zone": rnd.zone.name, "step": NEXT_STEP[RoundState(rnd.state)]},
                url=reverse("staffing:round", args=[rnd.pk]),
                due=due,
                kind=f"staffing.round.{rnd.state}",
                detail=rnd.get_state_display(),
            )
        )
    late = scoped(
        Offer.objects.filter(state=OfferState.OPEN, respond_by__lt=today), user, MANAGE_STAFFING
    ).select_related("round__zone", "application", "post")
    for offer in late.order_by("respond_by", "pk"):
        out.append(
            Todo(
                title=_("%(name)s 未在期限内答复“%(post)s”录用通知，请作逾期处理（%(round)s）")
                % {"name": offer.application.name, "post": offer.post.title, "round": offer.round.title},
                url=reverse("staffing:round", args=[offer.round_id]),
                due=offer.respond_by,
                kind="staffing.offer.expired",
                detail=_("答复期限 %(day)s") % {"day": offer.respond_by},
            )
        )
    decided = RenewalDecision.objects.filter(staff=OuterRef("pk"), term_end=OuterRef("contract_end"))
    due_staff = (
        scoped(Staff.objects.all(), user, MANAGE_STAFFING)
        .filter(
            status__in=COUNTED,
            contract_end__isnull=False,
            contract_end__lte=today + timedelta(days=rule_set(today.year).renewal_horizon_days),
        )
        .filter(~Exists(decided))
        .values("zone__code", "zone__name")
        .annotate(n=Count("pk"), first=Min("contract_end"))
        .order_by("first", "zone__code")
    )
    for row in due_staff:
        out.append(
            Todo(
                title=_("%(zone)s %(n)d 人聘期即将届满，待作出续聘决定") % {"zone": row["zone__name"], "n": row["n"]},
                url=reverse("staffing:renewals", args=[row["zone__code"]]),
                due=row["first"],
                kind="staffing.renewal",
                detail=_("最早 %(day)s 届满") % {"day": row["first"]},
            )
        )
    return out


register_todos("staffing", staffing_todos)

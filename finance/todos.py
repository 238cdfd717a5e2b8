"""Finance's 待办 (ADR 0020): for the city's finance officers, project stages reached and not yet
paid, the last closed month's revenue missing for zones with an agreement in force, and
agreements ending this year with no revision. Three queries (plus the role check), whatever the
number of projects, zones or agreements."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.tenancy import has_role, scoped, visible_zones
from devzone.tenancy.roles import Role
from devzone.types import User
from devzone.web.templatetags.formatting import amount
from devzone.web.todos import Todo, register_todos

from .grants import MANAGE_FINANCE
from .models import Agreement, ProjectStage, Revenue

FINANCE_ROLES = {Role.CITY_OFFICER}

# Zones missing last month's revenue listed one by one up to this many; beyond, one 待办 with
# the count links to the finance pages (the home stays bounded whatever the city's size).
MISSING_ONE_BY_ONE = 5


def last_closed_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def finance_todos(user: User) -> list[Todo]:
    if not user.is_authenticated:
        return []
    if not has_role(user, *FINANCE_ROLES):
        return []
    today = timezone.localdate()
    out: list[Todo] = []
    owed = scoped(
        ProjectStage.objects.filter(reached_on__isnull=False, paid_on__isnull=True), user, MANAGE_FINANCE
    ).select_related("project__zone")
    for row in owed.order_by("reached_on", "project_id", "id"):
        out.append(
            Todo(
                title=_("支付“%(project)s”（%(zone)s）“%(stage)s”阶段激励 %(amount)s 元")
                % {
                    "project": row.project.name,
                    "zone": row.project.zone.name,
                    "stage": row.get_stage_display(),
                    "amount": amount(row.due_amount),
                },
                url=reverse("finance:project", args=[row.project_id]),
                kind="finance.payment_due",
                detail=_("%(day)s 达到") % {"day": row.reached_on},
            )
        )
    year, month = last_closed_month(today)
    in_force = Agreement.objects.filter(zone=OuterRef("pk"), effective_from__lte=year).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=year)
    )
    entered = Revenue.objects.filter(zone=OuterRef("pk"), year=year, month=month)
    missing = (
        visible_zones(user, MANAGE_FINANCE)
        .filter(Exists(in_force))
        .filter(~Exists(entered))
        .order_by("code")
        .values_list("code", "name")
    )
    first = list(missing[: MISSING_ONE_BY_ONE + 1])
    if len(first) > MISSING_ONE_BY_ONE:  # a city's hundred zones: one 待办 with the count (issue 9)
        out.append(
            Todo(
                title=_("%(n)d 个开发区尚未填报 %(year)d 年 %(month)d 月财政收入")
                % {"n": missing.count(), "year": year, "month": month},
                url=reverse("finance:index"),
                kind="finance.revenue_missing",
                detail=_("已有财力分成协议，当月收入尚未填报"),
            )
        )
        first = []
    for code, name in first:
        out.append(
            Todo(
                title=_("填报 %(zone)s %(year)d 年 %(month)d 月财政收入")
                % {"zone": name, "year": year, "month": month},
                url=reverse("finance:zone", args=[code]) + f"?year={year}",
                kind="finance.revenue_missing",
                detail=_("已有财力分成协议，当月收入尚未填报"),
            )
        )
    ending = (
        scoped(Agreement.objects.filter(effective_to=today.year, superseded_by__isnull=True), user, MANAGE_FINANCE)
        .select_related("zone")
        .order_by("zone__code", "id")
    )
    for agreement in ending:
        out.append(
            Todo(
                title=_("%(zone)s《%(name)s》于 %(year)d 年底到期，请续签或修订")
                % {"zone": agreement.zone.name, "name": agreement.name, "year": today.year},
                url=reverse("finance:zone", args=[agreement.zone.code]),
                due=date(today.year, 12, 31),
                kind="finance.agreement_ending",
                detail=_("第 %(version)d 版") % {"version": agreement.version},
            )
        )
    return out


register_todos("finance", finance_todos)

"""The register's 待办 (ADR 0021): evaluations owed (overdue or due) for the granting side, and
deferred (缓放) powers to take on for the zone side. A fixed number of queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.tenancy.roles import Role
from devzone.types import User
from devzone.web.todos import Todo, register_todos

from . import rules, selectors
from .models import Delegation

GRANTING_ROLES = {Role.PROVINCE_ADMIN, Role.DEPARTMENT}
ZONE_ROLES = {Role.PROVINCE_ADMIN, Role.ZONE_OFFICER}


def power_todos(user: User) -> list[Todo]:
    if not user.is_authenticated:
        return []
    roles = set(user.memberships.values_list("role", flat=True))
    out: list[Todo] = []
    if roles & GRANTING_ROLES:
        owed = selectors.evaluations_owed(user)
        for key, label in (("overdue", _("逾期未评估")), ("due", _("待评估"))):
            items = owed[key]
            if not items:
                continue
            first = items[0]
            out.append(
                Todo(
                    title=_("%(what)s的赋权事项 %(n)d 项（%(period)s 评估期）")
                    % {"what": label, "n": len(items), "period": first.owed_period},  # type: ignore[attr-defined]
                    url=reverse("powers:evaluations"),
                    due=first.due_on,  # type: ignore[attr-defined]
                    kind=f"powers.evaluation.{key}",
                    detail=_("截止 %(day)s") % {"day": first.due_on},  # type: ignore[attr-defined]
                )
            )
    if roles & ZONE_ROLES:
        deferred = selectors.with_details(selectors.delegations_for(user).filter(status=rules.DEFERRED)).order_by(
            "zone__code", "item__code"
        )
        for d in deferred:
            out.append(_deferred(d))
    return out


def _deferred(d: Delegation) -> Todo:
    return Todo(
        title=_("缓放事项：%(item)s（%(zone)s），条件具备后承接") % {"item": d.item.name, "zone": d.zone.name},
        url=reverse("powers:delegation", args=[d.pk]),
        kind="powers.deferred",
        detail=d.get_status_display(),
    )


register_todos("powers", power_todos)

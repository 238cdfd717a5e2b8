"""The register's 待办 (ADR 0021): evaluations owed (overdue or due) for the granting side, and
deferred (缓放) powers to take on for the zone side. A fixed number of queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.tenancy.roles import Role
from devzone.types import User
from devzone.web.todos import Todo, register_todos

from . import access, rules, selectors
from .models import Delegation

GRANTING_ROLES = {Role.PROVINCE_ADMIN, Role.DEPARTMENT}
ZONE_ROLES = {Role.PROVINCE_ADMIN, Role.ZONE_OFFICER}


# Deferred powers listed one by one up to this many; beyond, one 待办 links to the filtered list.
DEFERRED_ONE_BY_ONE = 5


def power_todos(user: User) -> list[Todo]:
    if not user.is_authenticated:
        return []
    roles = {m.role for m in access.memberships(user)}
    out: list[Todo] = []
    if roles & GRANTING_ROLES:
        owed = selectors.owed_counts(user)
        for key, label in (("overdue", _("逾期未评估")), ("due", _("待评估"))):
            if not owed[key]:
                continue
            out.append(
                Todo(
                    title=_("%(what)s的赋权事项 %(n)d 项（%(period)s 评估期）")
                    % {"what": label, "n": owed[key], "period": owed["period"]},
                    url=reverse("powers:evaluations"),
                    due=owed["due_on"],
                    kind=f"powers.evaluation.{key}",
                    detail=_("截止 %(day)s") % {"day": owed["due_on"]},
                )
            )
    if roles & ZONE_ROLES:
        deferred = selectors.with_details(selectors.delegations_for(user).filter(status=rules.DEFERRED)).order_by(
            "zone__code", "item__code"
        )
        first = list(deferred[: DEFERRED_ONE_BY_ONE + 1])
        if len(first) <= DEFERRED_ONE_BY_ONE:
            out.extend(_deferred(d) for d in first)
        else:
            out.append(
                Todo(
                    title=_("缓放事项 %(n)d 项，条件具备后承接") % {"n": deferred.count()},
                    url=reverse("powers:delegations") + "?status=deferred",
                    kind="powers.deferred",
                    detail=_("缓放"),
                )
            )
    return out


def _deferred(d: Delegation) -> Todo:
    return Todo(
        title=_("缓放事项：%(item)s（%(zone)s），条件具备后承接") % {"item": d.item.name, "zone": d.zone.name},
        url=reverse("powers:delegation", args=[d.pk]),
        kind="powers.deferred",
        detail=d.get_status_display(),
    )


register_todos("powers", power_todos)

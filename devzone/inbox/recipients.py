"""Who should hear of something: users resolved from memberships and scope (ADR 0021).

``holders(zone, permission)`` is everyone holding a zone permission on a zone through their
memberships — "who may approve this zone's plan" is ``holders(zone, REVIEW_PLAN)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet


def holders(zone: Any, permission: str, *, roles: Iterable[str] | None = None) -> QuerySet[Any]:
    """Active users holding ``permission`` (a zone permission codename) on ``zone``.

    Grants live on (role × scope) groups named ``role@scope`` (ADR 0002); a user holds the
    permission when one of their groups does on that zone. ``roles`` narrows to those roles'
    groups (``holders(zone, VIEW, roles={Role.ZONE_OFFICER})``: the zone's own officers).
    """
    from guardian.shortcuts import get_groups_with_perms

    codename = permission.split(".")[-1]
    wanted = set(roles or ())
    with_perms: dict[Any, list[str]] = get_groups_with_perms(zone, attach_perms=True)  # type: ignore[assignment]
    groups = [
        group.pk
        for group, perms in with_perms.items()
        if codename in perms and (not wanted or group.name.split("@", 1)[0] in wanted)
    ]
    return get_user_model()._default_manager.filter(is_active=True, groups__in=groups).distinct().order_by("pk")

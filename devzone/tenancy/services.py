"""Writes to memberships and grants. Every grant lives on a (role × scope) group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from devzone.types import Account

from .grants import ensure_permissions, role_permissions
from .models import Membership
from .roles import Role, ScopeType
from .scope import scope_changed, scope_filter_for_region, zone_model


def _zone_permissions(role: str) -> list[Permission]:
    held = role_permissions(role)
    return [perm for perm in ensure_permissions() if perm.codename in held]


def _group_object_permission_model() -> Any:
    from guardian.utils import get_group_obj_perms_model

    # guardian takes a model class as well as an instance (it looks at ``obj.__class__``).
    return get_group_obj_perms_model(zone_model())  # type: ignore[arg-type]


def zones_in_scope(membership: Membership) -> Any:
    zones = zone_model()._default_manager.all()
    if membership.zone_id:
        return zones.filter(pk=membership.zone_id)
    return zones.filter(**scope_filter_for_region(membership.region))


def grant(group: Group, role: str, zones: Any) -> None:
    """Give ``group`` the permissions ``role`` holds on ``zones`` (those it lacks; idempotent)."""
    perms = _zone_permissions(role)
    model = _group_object_permission_model()
    existing = set(
        model.objects.filter(group=group, content_object__in=zones).values_list("permission_id", "content_object_id")
    )
    rows = [
        model(group=group, permission=perm, content_object=zone)
        for zone in zones
        for perm in perms
        if (perm.pk, zone.pk) not in existing
    ]
    model.objects.bulk_create(rows, ignore_conflicts=True)
    scope_changed()  # bulk_create sends no signal: the remembered scopes are stale


@transaction.atomic
def add_membership(
    *,
    user: Account,
    role: str,
    region: Any = None,
    zone: Any = None,
    department: str = "",
    period_from: int | None = None,
    period_to: int | None = None,
) -> Membership:
    """Give ``user`` a role on a scope: the membership, its group, and the group's grants."""
    membership, _created = Membership.objects.get_or_create(
        user=user,
        role=role,
        region=region,
        zone=zone,
        defaults={"department": department, "period_from": period_from, "period_to": period_to},
    )
    if not _created:
        membership.department = department
        membership.period_from = period_from
        membership.period_to = period_to
    membership.full_clean()
    membership.save()
    group, _ = Group.objects.get_or_create(name=membership.group_name)
    user.groups.add(group)
    grant(group, role, zones_in_scope(membership))
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership) -> None:
    membership.delete()  # the post_delete receiver takes the user out of the group (signals.py)


def today() -> dt.date:
    """The portal's date (one place, so that a test can move it)."""
    return timezone.localdate()


def current(memberships: Any) -> Any:
    """``memberships`` without the ended ones: a membership ends with its ``period_to`` year —
    except an auditor's, whose period is the years audited (ADR 0009), not the membership's life."""
    return memberships.exclude(Q(period_to__lt=today().year) & ~Q(role=Role.AUDITOR))


def leave_group_if_unused(membership: Membership, group_name: str | None = None) -> None:
    """Take the member out of the membership's group unless another current membership needs it.

    Called once a membership is deleted — by any path: the service, the admin, a queryset, a
    cascade — moved to another role or scope, or ended (its ``period_to`` year is over), so that
    access ends at once (ADR 0011).
    """
    still_needed = current(
        Membership.objects.filter(
            user_id=membership.user_id, role=membership.role, region=membership.region, zone=membership.zone
        )
    ).exists()
    if not still_needed:
        groups = Group.objects.filter(name=group_name or membership.group_name)
        membership.user.groups.remove(*groups)


def end_lapsed_memberships(user: Any) -> int:
    """Take ``user`` out of the groups of memberships that have ended (``period_to`` before this
    year); returns how many ended. The membership rows stay, as the record of what was granted.

    Run on every authenticated request at most once a day per user and process
    (``LapsedMembershipMiddleware``, the token authentication): the first request after the
    ``period_to`` year is over no longer reaches its scope — pages, API and tokens alike.
    """
    if not getattr(user, "is_authenticated", False):
        return 0
    key = f"tenancy:lapsed-checked:{user.pk}:{today().isoformat()}"
    if not cache.add(key, True, timeout=24 * 3600):
        return 0
    # An auditor's period is the years audited (ADR 0009), not the membership's life: it never lapses.
    lapsed = list(
        Membership.objects.filter(user=user, period_to__lt=today().year)
        .exclude(role=Role.AUDITOR)
        .select_related("region", "zone")
    )
    for membership in lapsed:
        leave_group_if_unused(membership)
    return len(lapsed)


def membership_saved(membership: Membership) -> None:
    """After any save of a membership: an ended one leaves its group, a current one is in it
    (a period extended in the admin grants again)."""
    group = Group.objects.filter(name=membership.group_name).first()
    ended = membership.period_to is not None and membership.period_to < today().year
    if ended and membership.role != Role.AUDITOR:  # an auditor's period is the years audited
        leave_group_if_unused(membership)
    elif group is not None:
        membership.user.groups.add(group)


@transaction.atomic
def sync_zone_grants(*, zone: Any) -> None:
    """Re-derive which groups hold grants on ``zone`` (after it is created or moves region)."""
    model = _group_object_permission_model()
    model.objects.filter(content_object=zone).delete()
    scope_changed()
    region_ids = [r for r in (zone.city_id, zone.county_id, zone.city.parent_id) if r]
    covering = Membership.objects.filter(region_id__in=region_ids) | Membership.objects.filter(zone=zone)
    seen: set[str] = set()
    for membership in covering.select_related("region", "zone"):
        if membership.group_name in seen:
            continue
        seen.add(membership.group_name)
        group, _ = Group.objects.get_or_create(name=membership.group_name)
        grant(group, membership.role, [zone])


def scope_type_of(membership: Membership) -> str:
    return ScopeType.ZONE if membership.zone_id else membership.scope_region.level


def unlock_account(*, actor: Any, username: str) -> Any:
    """The province admin lifts a login lockout (ADR 0011), on record (``AccountEvent``)."""
    from . import lockout
    from .models import AccountAction, AccountEvent, LoginLockout

    key = lockout.lockout_key(username)
    row = LoginLockout.objects.filter(pk=key).first()
    minutes = lockout.locked_minutes(username)
    before = f"锁定中（剩余 {minutes} 分钟，失败 {row.failures} 次）" if row and minutes else "未锁定"
    lockout.clear(username)
    return AccountEvent.objects.create(
        actor=actor, username=key, action=AccountAction.UNLOCK, before=before, after="未锁定"
    )


def revoke_account_tokens(*, actor: Any, user: Any) -> Any:
    """The province admin revokes every API token of ``user``, on record (``AccountEvent``)."""
    from rest_framework.authtoken.models import Token

    from .models import AccountAction, AccountEvent
    from .tokens import revoke_tokens

    count = Token.objects.filter(user=user).count()  # revoke_tokens counts cascaded rows too
    revoke_tokens(user)
    return AccountEvent.objects.create(
        actor=actor,
        username=user.get_username(),
        action=AccountAction.REVOKE_TOKENS,
        before=f"{count} 个令牌",
        after="0 个令牌",
    )

"""Writes to memberships and grants. Every grant lives on a (role × scope) group."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from devzone.types import Account

from .grants import ensure_permissions, role_permissions
from .models import Membership
from .roles import ScopeType
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


def leave_group_if_unused(membership: Membership, group_name: str | None = None) -> None:
    """Take the member out of the membership's group unless another membership still needs it.

    Called once a membership is deleted — by any path: the service, the admin, a queryset, a
    cascade — or moved to another role or scope, so that access ends at once (ADR 0011).
    """
    still_needed = Membership.objects.filter(
        user_id=membership.user_id, role=membership.role, region=membership.region, zone=membership.zone
    ).exists()
    if not still_needed:
        groups = Group.objects.filter(name=group_name or membership.group_name)
        membership.user.groups.remove(*groups)


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

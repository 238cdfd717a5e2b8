"""Who stands on which side of a delegation (ADR 0201).

Tenancy answers "may this user manage powers in this zone" (``manage_powers``); the register
also needs "on which side": the **granting side** (the item's granting department within its
region, or the province) proposes, delegates, withdraws and evaluates; the **zone side** (the
zone's officers, or the province) takes a power on or defers it. And a department sees only the
delegations of its own department. These are read from the user's memberships.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from devzone.tenancy.roles import Role, ScopeType
from devzone.types import User


def memberships(user: User) -> list[Any]:
    """The user's memberships with their regions, read once per user object (request)."""
    if not user.is_authenticated:
        return []
    cached = user.__dict__.get("_powers_memberships")
    if cached is None:
        cached = user.__dict__["_powers_memberships"] = list(user.memberships.select_related("region"))
    return cached


def _covers(membership: Any, zone: Any) -> bool:
    if membership.zone_id is not None:
        return bool(membership.zone_id == zone.pk)
    region = membership.region
    if region.level == ScopeType.PROVINCE:
        return bool(zone.city.parent_id == region.pk)
    if region.level == ScopeType.CITY:
        return bool(zone.city_id == region.pk)
    return bool(zone.county_id == region.pk)


def region_zone_q(region: Any, prefix: str = "zone__") -> Q:
    if region.level == ScopeType.PROVINCE:
        return Q(**{f"{prefix}city__parent": region})
    if region.level == ScopeType.CITY:
        return Q(**{f"{prefix}city": region})
    return Q(**{f"{prefix}county": region})


def is_granting_side(user: User, zone: Any, department: str) -> bool:
    """May ``user`` grant, withdraw and evaluate ``department``'s powers in ``zone``?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for m in memberships(user):
        if m.role == Role.PROVINCE_ADMIN and _covers(m, zone):
            return True
        if m.role == Role.DEPARTMENT and m.department == department and _covers(m, zone):
            return True
    return False


def is_zone_side(user: User, zone: Any) -> bool:
    """May ``user`` take a power on in ``zone``, or defer it?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(m.role in (Role.PROVINCE_ADMIN, Role.ZONE_OFFICER) and _covers(m, zone) for m in memberships(user))


def departments_granting(user: User) -> list[tuple[str, Any]] | None:
    """The ``[(department, region)]`` a user grants as, when the department filter applies to it;
    None for a user who sees whatever its zones cover (superuser, province admin, no department).

    A department sees the delegations of its own department in the zones of its region, and
    nothing else of them — also when the same user holds another role (ADR 0203).
    """
    if not user.is_authenticated or user.is_superuser:
        return None
    ms = memberships(user)
    if not any(m.role == Role.DEPARTMENT for m in ms) or any(m.role == Role.PROVINCE_ADMIN for m in ms):
        return None
    return [(m.department, m.region) for m in ms if m.role == Role.DEPARTMENT and m.region_id is not None]


def _membership_zone_q(membership: Any, prefix: str) -> Q:
    """The zones a (non-department) membership covers, as a condition on ``{prefix}zone``."""
    if membership.zone_id is not None:
        return Q(**{f"{prefix}zone_id": membership.zone_id})
    return region_zone_q(membership.region, f"{prefix}zone__")


def department_q(user: User, prefix: str = "") -> Q | None:
    """The extra condition on delegations for a user holding a department role (None: none).

    Per membership: a department's gives its own department's delegations in its region; any
    other role's gives every delegation in the zones that role covers. A department user who is
    also a zone officer thus sees its department's delegations and its own zone's — a department
    never another department's elsewhere. Zone visibility itself (and an auditor's period) stays
    ``visible_zones``'s, applied before this.
    """
    grants = departments_granting(user)
    if grants is None:
        return None
    q = Q(pk__in=[])
    for department, region in grants:
        q |= Q(**{f"{prefix}item__granting_department": department}) & region_zone_q(region, f"{prefix}zone__")
    for m in memberships(user):
        if m.role != Role.DEPARTMENT:
            q |= _membership_zone_q(m, prefix)
    return q


def may_keep_catalogue(user: User) -> bool:
    """Province and city staff keep the catalogue (SPEC §2)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(m.role in (Role.PROVINCE_ADMIN, Role.CITY_OFFICER) for m in memberships(user))


def may_edit_responsibilities(user: User, zone: Any) -> bool:
    """The zone–county responsibility list is edited by the city (and the province)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(m.role in (Role.PROVINCE_ADMIN, Role.CITY_OFFICER) and _covers(m, zone) for m in memberships(user))

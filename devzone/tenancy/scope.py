"""Scope resolution: which zones a user sees, and whether they may act on an object.

Grants are stored by django-guardian on (role × scope) groups, in the direct foreign-key
tables of ``zones.Zone``. The zone and region models are resolved through the app registry
(``settings.TENANCY_ZONE_MODEL``), so the platform imports no domain app.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model, QuerySet
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from devzone.types import Account, User

from .roles import VIEW, ZONE_CREATORS, ScopeType


def zone_model() -> type[Model]:
    return apps.get_model(settings.TENANCY_ZONE_MODEL)


def region_model() -> type[Model]:
    return apps.get_model(settings.TENANCY_REGION_MODEL)


def _perm(action: str) -> str:
    return f"{zone_model()._meta.app_label}.{action}"


def visible_zones(user: User, action: str = VIEW) -> QuerySet:
    """Zones on which ``user`` holds ``action`` (default: may see them). Deny by default."""
    model = zone_model()
    if user is None or not user.is_authenticated or not user.is_active:
        return model._default_manager.none()
    return get_objects_for_user(user, _perm(action), klass=model, accept_global_perms=False, with_superuser=True)


def scoped(queryset: QuerySet, user: User, field: str, action: str = VIEW) -> QuerySet:
    """Restrict a queryset of zone-owned rows to the user's zones. ``field`` leads to the zone."""
    if queryset.model is zone_model() and field in ("", "pk"):
        return queryset.filter(pk__in=visible_zones(user, action).values("pk"))
    return queryset.filter(**{f"{field}__in": visible_zones(user, action).values("pk")})


def zone_of(obj: Any) -> Model | None:
    """The zone an object belongs to: the zone itself, or whatever its ``zone`` leads to."""
    model = zone_model()
    while obj is not None and not isinstance(obj, model):
        obj = getattr(obj, "zone", None)
    return obj


def _checker(user: Account) -> ObjectPermissionChecker:
    """One guardian checker per user object (it caches the user's grants for the request)."""
    checker = user.__dict__.get("_devzone_perm_checker")
    if checker is None:
        checker = user.__dict__["_devzone_perm_checker"] = ObjectPermissionChecker(user)
    return checker


def can(user: User | None, action: str, obj: Any) -> bool:
    """May ``user`` perform ``action`` (a zone permission codename) on ``obj``?

    ``obj`` is a zone, an object leading to one through ``.zone``, or a region (for creating
    a zone inside it).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if isinstance(obj, region_model()):
        return can_create_zone_in(user, obj)
    zone = zone_of(obj)
    if zone is None:
        return False
    if user.is_superuser:
        return True
    return _checker(user).has_perm(action, zone)


def region_ancestors(region: Any) -> list[Any]:
    chain = []
    while region is not None:
        chain.append(region)
        region = region.parent
    return chain


def can_create_zone_in(user: User, region: Any) -> bool:
    """Province admins create zones anywhere in their province; city officers in their city."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ancestors = {r.pk for r in region_ancestors(region)}
    return user.memberships.filter(role__in=ZONE_CREATORS, region_id__in=ancestors).exists()


def scope_filter_for_region(region: Any) -> dict[str, Any]:
    """The zone lookup that selects every zone inside a region."""
    if region.level == ScopeType.PROVINCE:
        return {"city__parent": region}
    if region.level == ScopeType.CITY:
        return {"city": region}
    return {"county": region}

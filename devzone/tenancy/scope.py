"""Scope resolution: which zones a user sees, and whether they may act on an object.

Grants are stored by django-guardian on (role × scope) groups, in the direct foreign-key
tables of ``zones.Zone``. The zone and region models are resolved through the app registry
(``settings.TENANCY_ZONE_MODEL``), so the platform imports no domain app.

Every zone-owned model declares once how it reaches its zone (ADR 0009)::

    class EstablishmentUnit(models.Model):
        zone_path = "establishment__zone"   # "" on the zone model itself
        scope_year = "year"                 # optional: the year a record belongs to

``scoped()``, ``zone_of()``/``can()``, the API filter backend, change history and the exports
(which read through scoped selectors) all follow that declaration; a zone-owned model without
one fails loudly (:func:`zone_path`, and the system check ``tenancy.E001``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from devzone.types import Account, User

from .roles import VIEW, ZONE_CREATORS, ScopeType

Years = int | Collection[int] | None


def zone_model() -> type[Model]:
    return apps.get_model(settings.TENANCY_ZONE_MODEL)


def region_model() -> type[Model]:
    return apps.get_model(settings.TENANCY_REGION_MODEL)


def _perm(action: str) -> str:
    return f"{zone_model()._meta.app_label}.{action}"


def zone_path(model: type[Model]) -> str:
    """The lookup from ``model`` to its zone, as the model declares it (``""`` for the zone).

    Raises ``ImproperlyConfigured`` for a model that does not declare ``zone_path``: a query
    on zone-owned rows without a scope is a bug (DESIGN "Tenancy").
    """
    path = getattr(model, "zone_path", None)
    if not isinstance(path, str):
        raise ImproperlyConfigured(
            f"{model._meta.label} declares no zone_path: say how its rows reach their zone "
            '(e.g. zone_path = "plan__zone") on the model (ADR 0009)'
        )
    return path


def scope_year(model: type[Model]) -> str | None:
    """The field holding the year a record belongs to, when the model declares ``scope_year``."""
    return getattr(model, "scope_year", None)


def _years(year: Years) -> list[int] | None:
    if year is None:
        return None
    return [year] if isinstance(year, int) else sorted(set(year))


@dataclass(frozen=True)
class Window:
    """The zones one period-bound membership covers, and its years (inclusive, None: open)."""

    zones: QuerySet
    first: int | None
    last: int | None

    def covers(self, years: list[int]) -> bool:
        return any((self.first is None or y >= self.first) and (self.last is None or y <= self.last) for y in years)


@dataclass(frozen=True)
class Periods:
    """How ``user``'s memberships holding an action limit it in time (the auditor's period).

    A zone reached through an unbounded membership (or a direct grant) is seen in every year; a
    zone reached only through period-bound memberships only in the years of those periods.
    """

    bounded: tuple[Window, ...] = ()
    unbounded: tuple[QuerySet, ...] = ()

    def q(self, lookup: str, in_window: Any) -> Q:
        """A ``Q`` on rows whose zone is at ``lookup``: outside every period, or inside one.

        ``in_window(window)`` is the condition that a row falls inside ``window``'s years.
        """
        if not self.bounded:
            return Q()
        allowed = Q()
        outside_every_period = Q()
        for zones in self.unbounded:
            allowed |= Q(**{f"{lookup}__in": zones})
        for window in self.bounded:
            allowed |= Q(**{f"{lookup}__in": window.zones}) & in_window(window)
            outside_every_period &= ~Q(**{f"{lookup}__in": window.zones})
        return allowed | outside_every_period


# --- Once per request (issue 9) ---------------------------------------------------------------
# ``request.user`` is loaded afresh for every request, so what is remembered on the user object
# lives as long as the request. A change of memberships or grants anywhere in this process bumps
# the generation, so a request (or a test) that changes access and asks again sees the change.
_generation = 0


def scope_changed(**_signal: Any) -> None:
    """Forget every remembered scope (memberships, groups or grants changed)."""
    global _generation
    _generation += 1


def _memo(user: Any) -> dict[Any, Any]:
    memo = user.__dict__.get("_devzone_scope")
    if memo is None or memo.get("generation") != _generation:
        memo = user.__dict__["_devzone_scope"] = {"generation": _generation}
    return memo


def forget_scope(user: Any) -> None:
    """Drop what ``user`` (or the lazy object wrapping it) remembers of its scope."""
    user.__dict__.pop("_devzone_scope", None)
    wrapped = user.__dict__.get("_wrapped")  # a SimpleLazyObject's account, once loaded
    if wrapped is not None and hasattr(wrapped, "__dict__"):
        wrapped.__dict__.pop("_devzone_scope", None)


def _granted(user: Account, action: str) -> QuerySet:
    """guardian's queryset of the zones ``user`` holds ``action`` on, built once per request."""
    memo = _memo(user)
    key = ("zones", action)
    if key not in memo:
        memo[key] = get_objects_for_user(
            user, _perm(action), klass=zone_model(), accept_global_perms=False, with_superuser=True
        )
    return memo[key]


def visible_zone_ids(user: User, action: str = VIEW) -> tuple[int, ...]:
    """The primary keys of the zones ``user`` holds ``action`` on: one query per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    memo = _memo(user)
    key = ("ids", action)
    if key not in memo:
        memo[key] = tuple(sorted(_granted(user, action).order_by().values_list("pk", flat=True)))
    return memo[key]


def held_actions(user: User) -> frozenset[str]:
    """The zone permissions ``user`` holds on at least one zone: one query per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    memo = _memo(user)
    if "held" not in memo:
        from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

        model: Any = zone_model()  # guardian takes the class as well as an instance
        direct = get_user_obj_perms_model(model)._default_manager.filter(user=user)
        through_groups = get_group_obj_perms_model(model)._default_manager.filter(group__user=user)
        codenames = direct.values_list("permission__codename", flat=True).union(
            through_groups.values_list("permission__codename", flat=True)
        )
        memo["held"] = frozenset(codenames)
    return memo["held"]


def roles_of(user: User | None) -> frozenset[str]:
    """The roles ``user``'s memberships name (the record of every grant, lapsed ones included, as
    the apps' role checks always read it): one query per request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    memo = _memo(user)
    if "roles" not in memo:
        memo["roles"] = frozenset(user.memberships.values_list("role", flat=True))
    return memo["roles"]


def has_role(user: User | None, *roles: str) -> bool:
    """Whether ``user`` holds any of ``roles`` (``roles_of``, once per request)."""
    return not roles_of(user).isdisjoint(roles)


def has_visible_zone(user: User, action: str = VIEW) -> bool:
    """Whether ``user`` holds ``action`` on at least one zone (the navigation asks it per entry)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return zone_model()._default_manager.exists()
    return action in held_actions(user)


def periods(user: User, action: str) -> Periods:
    """The period-bound and unbounded memberships of ``user`` whose role holds ``action``."""
    if not user.is_authenticated or user.is_superuser:
        return Periods()
    memo = _memo(user)
    key = ("periods", action)
    if key not in memo:
        memo[key] = _periods(user, action)
    return memo[key]


def _periods(user: Account, action: str) -> Periods:
    from .grants import role_permissions
    from .models import Membership
    from .services import current, zones_in_scope

    bounded: list[Window] = []
    unbounded: list[QuerySet] = []
    for membership in current(Membership.objects.filter(user=user)).select_related("region"):
        if action not in role_permissions(membership.role):
            continue
        zones = zones_in_scope(membership).values("pk")
        if membership.period_from is None and membership.period_to is None:
            unbounded.append(zones)
        else:
            bounded.append(Window(zones, membership.period_from, membership.period_to))
    if not bounded:
        return Periods()
    return Periods(bounded=tuple(bounded), unbounded=tuple(unbounded))


def _year_q(field: str) -> Any:
    def in_window(window: Window) -> Q:
        q = Q(**{f"{field}__isnull": False})
        if window.first is not None:
            q &= Q(**{f"{field}__gte": window.first})
        if window.last is not None:
            q &= Q(**{f"{field}__lte": window.last})
        return q

    return in_window


def visible_zones(user: User, action: str = VIEW, *, year: Years = None) -> QuerySet:
    """Zones on which ``user`` holds ``action`` (default: may see them). Deny by default.

    With ``year`` (one year or several), a zone the user reaches only through period-bound
    memberships (auditors) counts only when one of those periods covers one of the years.
    """
    model = zone_model()
    if user is None or not user.is_authenticated or not user.is_active:
        return model._default_manager.none()
    # guardian's subquery is built once per request and action (issue 9), not per query.
    zones = model._default_manager.all() if user.is_superuser else _granted(user, action).all()
    years = _years(year)
    if years is None:
        return zones
    limits = periods(user, action)
    return zones.filter(limits.q("pk", lambda window: Q() if window.covers(years) else Q(pk__in=[])))


def scoped(queryset: QuerySet, user: User, action: str = VIEW, *, year: Years = None) -> QuerySet:
    """Restrict a queryset of zone-owned rows to the user's zones, following the model's ``zone_path``.

    A model that declares ``scope_year`` is also cut to the user's periods row by row; ``year``
    narrows to the zones visible in the given year(s) (records known to belong to them).
    """
    path = zone_path(queryset.model)
    lookup = path or "pk"
    zones = visible_zones(user, action, year=year).values("pk")
    queryset = queryset.filter(**{f"{lookup}__in": zones})
    field = scope_year(queryset.model)
    if field is None or user is None or not user.is_authenticated:
        return queryset
    return queryset.filter(periods(user, action).q(lookup, _year_q(field)))


def zone_of(obj: Any) -> Model | None:
    """The zone an object belongs to, following its model's ``zone_path``.

    None when unset, or for an object that is not zone-owned (no declaration, or ``UNSCOPED``):
    ``can()`` then denies; a zone-owned model without a declaration fails the system check.
    """
    path = getattr(type(obj), "zone_path", None)
    if not isinstance(path, str):
        return None
    for name in path.split("__") if path else ():
        if obj is None:
            return None
        obj = getattr(obj, name, None)
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
    if not _checker(user).has_perm(action, zone):
        return False
    field = scope_year(type(obj))
    if field is None:
        return True
    # A year-bound record: within one of the periods through which the user reaches its zone.
    year = getattr(obj, field)
    try:  # a year field, or a period held as text ("2025"); anything else belongs to no year
        years: Years = [] if year is None else int(year)
    except (TypeError, ValueError):
        years = []
    return visible_zones(user, action, year=years).filter(pk=zone.pk).exists()


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

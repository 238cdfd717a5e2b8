"""Zone permissions as apps declare them, and the grant sync that gives them to role groups.

A role acts on zones through django-guardian object permissions on the zone model. Each app
declares the permissions it checks, next to its models, and which roles hold them (ADR 0009)::

    # staffing/grants.py — imported at start-up by devzone.registry.autodiscover
    from devzone.tenancy.grants import zone_permission
    from devzone.tenancy.roles import Role

    MANAGE_POSTS = zone_permission("manage_posts", _("管理岗位"), roles={Role.ZONE_OFFICER})

:func:`sync_grants` (run after every ``migrate`` and by ``seed_demo``; idempotent) creates the
``Permission`` rows and gives every existing (role × scope) group the permissions its role now
holds on every zone its scope covers — a new app edits neither ``devzone/`` nor a zones migration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class ZonePermission:
    codename: str
    name: str | Promise
    roles: frozenset[str]


_declared: dict[str, ZonePermission] = {}
_loaded = False


def zone_permission(codename: str, name: str | Promise, *, roles: Iterable[str]) -> str:
    """Declare a permission on zones that ``roles`` hold on every zone of their scope.

    Returns the codename, the value ``can(user, codename, obj)`` and ``visible_zones`` take.
    Declaring the same codename again with the same roles is harmless (a module imported twice);
    with other roles it is an error (two apps claiming one codename).
    """
    perm = ZonePermission(codename, name, frozenset(str(r) for r in roles))
    known = _declared.get(codename)
    if known is not None and known.roles != perm.roles:
        raise ValueError(f"zone permission {codename!r} is declared twice with different roles")
    _declared[codename] = perm
    return codename


def declared() -> list[ZonePermission]:
    _load()
    return sorted(_declared.values(), key=lambda p: p.codename)


def role_permissions(role: str) -> frozenset[str]:
    """The codenames ``role`` holds on every zone of its scope."""
    _load()
    return frozenset(p.codename for p in _declared.values() if role in p.roles)


def _load() -> None:
    """The declarations are the modules' import: make sure they ran (start-up does it too)."""
    global _loaded
    if _loaded:
        return
    from devzone.registry import autodiscover

    from . import roles  # noqa: F401  (the platform's own: view_zone, read_history)

    autodiscover("grants")
    _loaded = True


def ensure_permissions() -> list[Any]:
    """The ``Permission`` rows of every declared codename on the zone model, created when missing."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from .scope import zone_model

    ct = ContentType.objects.get_for_model(zone_model())
    wanted = {p.codename: p for p in declared()}
    rows = {p.codename: p for p in Permission.objects.filter(content_type=ct, codename__in=wanted)}
    missing = [Permission(content_type=ct, codename=c, name=str(wanted[c].name)) for c in wanted if c not in rows]
    if missing:
        Permission.objects.bulk_create(missing, ignore_conflicts=True)
        rows = {p.codename: p for p in Permission.objects.filter(content_type=ct, codename__in=wanted)}
    return list(rows.values())


def sync_grants(**_signal: Any) -> None:
    """Create the declared permissions and give every (role × scope) group what its role holds.

    Idempotent: a grant already there is left alone; nothing is revoked. Connected to
    ``post_migrate`` (also after a test database flush) and called by ``seed_demo``.
    """
    from django.contrib.auth.models import Group
    from django.db import connection

    from .models import Membership
    from .services import grant, zones_in_scope

    if Membership._meta.db_table not in connection.introspection.table_names():
        return  # migrating backwards, or tenancy not migrated yet
    ensure_permissions()
    seen: set[str] = set()
    for membership in Membership.objects.select_related("region", "zone").order_by("pk"):
        if membership.group_name in seen:
            continue
        seen.add(membership.group_name)
        group, _created = Group.objects.get_or_create(name=membership.group_name)
        grant(group, membership.role, zones_in_scope(membership))

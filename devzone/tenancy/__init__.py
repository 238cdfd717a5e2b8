"""The one choke point for who sees and does what.

``visible_zones(user)`` and ``can(user, action, obj)`` live in :mod:`devzone.tenancy.scope`;
they are re-exported here lazily so that importing this package never touches the app registry.
"""

from typing import Any

__all__ = ["can", "has_role", "region_model", "roles_of", "scoped", "visible_zones", "zone_model"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import scope

        return getattr(scope, name)
    raise AttributeError(name)

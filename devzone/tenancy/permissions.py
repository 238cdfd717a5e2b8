"""DRF permission: logged in, and allowed the view's action on the object in scope."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .filters import UNSCOPED
from .roles import VIEW
from .scope import can


class InScope(BasePermission):
    """Objects outside the scope never get here (the filter backend makes them 404).

    For an object in scope, the view's ``action_permissions`` maps a DRF action
    (``partial_update``, ``submit``…) to the zone permission it needs; reads need ``view_zone``.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def required(self, request: Any, view: Any) -> str:
        mapping = getattr(view, "action_permissions", {})
        action = getattr(view, "action", None)
        if action in mapping:
            return mapping[action]
        if request.method in SAFE_METHODS:
            return VIEW
        return mapping.get("*write", "__denied__")

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if getattr(view, "scope_field", None) is UNSCOPED:
            # Not zone-owned (reference data): reads are open to every logged-in user.
            return request.method in SAFE_METHODS
        return can(request.user, self.required(request, view), obj)

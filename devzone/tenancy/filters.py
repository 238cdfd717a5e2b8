"""DRF filter backend: every list and detail lookup is cut to the user's zones."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.filters import BaseFilterBackend

UNSCOPED = object()  # an explicit statement that rows are not zone-owned (on a view or a model)


class ScopeFilterBackend(BaseFilterBackend):
    """Scopes the view's queryset by its model's ``zone_path`` declaration (ADR 0009).

    A view over a model that does not say how it reaches its zone fails loudly instead of leaking
    rows (``scoped`` raises ``ImproperlyConfigured``); a view whose rows are not zone-owned
    (regions, the user's own profile, import runs) says ``scope_field = UNSCOPED``.
    """

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        from .scope import scoped

        if getattr(view, "scope_field", None) is UNSCOPED:
            return queryset
        return scoped(queryset, request.user)

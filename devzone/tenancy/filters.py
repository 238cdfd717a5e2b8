"""DRF filter backend: every list and detail lookup is cut to the user's zones."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework.filters import BaseFilterBackend

from .scope import scoped

UNSCOPED = object()  # a view's explicit statement that its rows are not zone-owned


class ScopeFilterBackend(BaseFilterBackend):
    """Uses ``view.scope_field``: the lookup from the view's model to its zone ("" for zones).

    A view that forgets to say how it is scoped fails loudly instead of leaking rows; a view
    whose rows are not zone-owned (regions, the user's own profile) says ``UNSCOPED``.
    """

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        field = getattr(view, "scope_field", None)
        if field is None:
            raise ImproperlyConfigured(f"{type(view).__name__} must declare scope_field (or UNSCOPED)")
        if field is UNSCOPED:
            return queryset
        return scoped(queryset, request.user, field)

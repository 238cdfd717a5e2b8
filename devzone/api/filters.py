"""The list filter backend: documents a viewset's ``filterset_class``; the selector applies it.

A list's ``FilterSet`` is applied inside its selector (ADR 0010), which the viewset's
``get_queryset`` calls with the request's query parameters. DRF's ``DjangoFilterBackend`` would
apply it a second time; this backend keeps what it gives the OpenAPI schema (drf-spectacular
reads the FilterSet's filters as the list's query parameters) and leaves the rows alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend


class SelectorFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        return queryset

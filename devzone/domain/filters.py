"""One filter per list (ADR 0010): a list's ``FilterSet`` is applied inside its selector.

A list's filters are declared once, as a django-filter ``FilterSet`` next to the list's selector
(``<app>/filters.py``). The selector builds it on the scoped queryset with :func:`filtered`;
the API, the page (``filterset.form``), the Excel export and the PDF all go through that
selector, so they give the same rows for the same query parameters::

    def zone_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Zone]:
        return filtered(ZoneFilterSet, filters, scoped(Zone.objects.all(), user, ""))

Invalid filter input is :class:`~devzone.domain.errors.Invalid` (Chinese messages by field): a
400 in the API and on an export, the form's errors on a page, a refusal of a PDF's parameters.
It is never ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django_filters import FilterSet, NumberFilter
from drf_spectacular.utils import extend_schema_field

from .errors import Invalid

M = TypeVar("M", bound=Model)


def filtered(
    filterset_class: type[FilterSet], data: Mapping[str, Any] | None, queryset: QuerySet[M], **kwargs: Any
) -> QuerySet[M]:
    """``queryset`` cut by ``filterset_class`` bound to ``data`` (query parameters, or the cleaned
    values of the same form); ``Invalid`` when a value does not validate. Keys the FilterSet does
    not declare (``page``, ``page_size``) are ignored."""
    filterset = filterset_class(data if data is not None else {}, queryset=queryset, **kwargs)
    if not filterset.is_valid():
        raise Invalid({name: [str(m) for m in messages] for name, messages in filterset.errors.items()})
    qs: QuerySet[M] = filterset.qs
    return qs


# The largest primary key (a signed 64-bit ``BigAutoField``); a bigger number would overflow the
# database's integer (SQLite raises ``OverflowError``: a 500) instead of matching nothing.
ID_MAX = 2**63 - 1
ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": ID_MAX}


@extend_schema_field(ID_SCHEMA)
class IdFilter(NumberFilter):
    """A record id in a query string: a whole number 1…``ID_MAX`` (declared so in the schema)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)

"""Reads of the recompute outbox: is a figure owed a recompute?"""

from __future__ import annotations

from django.db.models import F, QuerySet

from .models import Outbox


def is_pending(kind: str, scope: str | int, year: int | None = None) -> bool:
    """True while a recompute requested for this key has not been completed (the figure is stale)."""
    return Outbox.objects.filter(
        kind=kind, scope=str(scope), year=year, requested_version__gt=F("done_version")
    ).exists()


def pending(kind: str | None = None) -> QuerySet[Outbox]:
    """Every owed row (optionally of one kind), oldest debt first — for operators and tests."""
    qs = Outbox.objects.filter(requested_version__gt=F("done_version"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("pending_since")

"""Reads of the inbox: a user's own messages only (ADR 0021)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from devzone.domain.filters import filtered
from devzone.types import User

from .filters import InboxFilterSet
from .models import Notification


def inbox_for(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Notification]:
    """The user's notifications, newest first, cut by ``InboxFilterSet`` (one query)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient_id=user.pk)
    if filters:
        rows = filtered(InboxFilterSet, filters, rows)
    return rows.order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_for(user: User, pk: int) -> Notification:
    """One of the user's own (``DoesNotExist`` for anyone else's: a 404)."""
    return inbox_for(user).get(pk=pk)

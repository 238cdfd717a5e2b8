"""Reads of import runs: a run belongs to the user who uploaded it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from devzone.types import User

from .models import ImportRun


def runs_of(*, user: User, importer: str | None = None) -> QuerySet[ImportRun]:
    if user is None or not user.is_authenticated:
        return ImportRun.objects.none()
    runs = ImportRun.objects.all() if user.is_superuser else ImportRun.objects.filter(user=user)
    if importer:
        runs = runs.filter(importer=importer)
    return runs.defer("payload").order_by("-created_at", "-id")


def run_for(*, user: User, pk: Any) -> ImportRun:
    """The user's run ``pk``, or 404 (someone else's run is not revealed)."""
    try:
        number = int(pk)
    except (ValueError, TypeError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    try:
        return runs_of(user=user).get(pk=number)
    except ImportRun.DoesNotExist:
        raise Http404 from None

"""Staffing's scheduled work (Celery beat, ``CELERY_BEAT_SCHEDULE`` in the settings)."""

from __future__ import annotations

from celery import shared_task

from devzone.audit.context import ChangePath, change_path

from . import services


@shared_task(name="staffing.tasks.expire_offers")
def expire_offers() -> int:
    """Open offers past their answer date expire and their places pass on (ADR 0303)."""
    with change_path(ChangePath.TASK):
        return services.expire_due_offers()

"""The register's scheduled work (Celery beat, ``CELERY_BEAT_SCHEDULE`` in the settings)."""

from __future__ import annotations

from celery import shared_task

from devzone.audit.context import ChangePath, change_path

from . import events


@shared_task(name="powers.tasks.evaluations_due")
def evaluations_due() -> int:
    """Evaluations falling due or overdue reach the granting side's inbox (once per period)."""
    with change_path(ChangePath.TASK):
        return events.evaluations_due()

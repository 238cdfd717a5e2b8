"""The ``reports`` queue (CELERY_TASK_ROUTES sends ``devzone.reports.*`` there)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    name="devzone.reports.tasks.render_job",
    acks_late=True,
    soft_time_limit=settings.REPORTS_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_TASK_SOFT_TIME_LIMIT + 30,
)
def render_job(job_id: str) -> None:
    """Render one queued report (takes the job id; idempotent on re-delivery)."""
    services.run_job(job_id=job_id)

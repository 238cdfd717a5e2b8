from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


@dataclass
class SystemStatus:
    database: bool
    broker: bool | None  # None: no broker configured (tasks run in-process)
    workers: list[WorkerHeartbeat]
    worker_fresh: bool
    checked_at: datetime


def system_status() -> SystemStatus:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:  # any database error means "down" on this page
        database = False
    broker: bool | None = None
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from devzone.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            broker = True
        except Exception:  # kombu raises several connection errors
            broker = False
    workers = list(WorkerHeartbeat.objects.order_by("-last_seen"))
    limit = timezone.now() - timedelta(seconds=3 * settings.HEARTBEAT_SECONDS)
    return SystemStatus(
        database=database,
        broker=broker,
        workers=workers,
        worker_fresh=bool(workers) and workers[0].last_seen >= limit,
        checked_at=timezone.now(),
    )

from typing import Any

from celery import shared_task

from .services import record_heartbeat


@shared_task(name="devzone.web.tasks.heartbeat", bind=True)
def heartbeat(self: Any) -> int:
    """Periodic proof that a worker is alive and can write to the database."""
    beat = record_heartbeat(hostname=self.request.hostname or "eager")
    return beat.beats

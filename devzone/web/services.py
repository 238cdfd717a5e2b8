from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from .models import WorkerHeartbeat


def record_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    """Upsert the worker's heartbeat row (idempotent per call: one more beat, newest time)."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(hostname=hostname).update(last_seen=now, beats=F("beats") + 1)
    if not updated:
        WorkerHeartbeat.objects.get_or_create(hostname=hostname, defaults={"last_seen": now, "beats": 1})
    return WorkerHeartbeat.objects.get(hostname=hostname)

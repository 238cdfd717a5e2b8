"""Celery tasks of the recompute pipeline (ADR 0131).

``process`` pays one key's debt; the beat-scheduled ``sweep`` re-sends keys whose message was
lost (broker down at commit time, a Redis restart without persistence, a claim that expired).
Both are idempotent and safe under ``acks_late``: a redelivered ``process`` carries the same
task id, recognises its own claim and runs the (idempotent) consumer again.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.core.exceptions import ImproperlyConfigured

from . import registry, services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="devzone.recompute.tasks.process",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
)
def process(self: Any, kind: str, scope: str, year: int | None = None) -> str:
    try:
        registry.get(kind)
    except ImproperlyConfigured:
        logger.error("recompute: no consumer for %r; message dropped (the outbox row stays owed)", kind)
        return "unknown"
    token = self.request.id or f"local-{kind}-{scope}-{year}"
    try:
        outcome = services.run(kind=kind, scope=str(scope), year=year, token=token)
    except Exception as exc:
        # The debt is kept and the claim released: try again soon, then leave it to the sweep.
        raise self.retry(exc=exc, countdown=min(60, 2 ** (self.request.retries + 1))) from exc
    if outcome is services.Outcome.LOCKED:
        # Someone holds the row this very instant; look again shortly rather than guess.
        raise self.retry(countdown=services.debounce_seconds())
    if outcome is services.Outcome.AGAIN:
        services.enqueue((kind, str(scope), year), countdown=services.debounce_seconds())
    return outcome.value


@shared_task(name="devzone.recompute.tasks.sweep", acks_late=True)
def sweep(older_than: float | None = None, limit: int = 500) -> int:
    """Re-send every owed key nobody is working on; returns how many were sent."""
    known = set(registry.kinds())
    sent: list[services.Key] = []
    for key in services.due_for_sweep(older_than=older_than, limit=limit):
        if key[0] not in known:
            logger.error("recompute sweep: no consumer for %r; row left owed", key[0])
            continue
        if not services.enqueue(key):
            break  # broker gone again: the next sweep continues
        sent.append(key)
    services.mark_swept(sent)
    if sent:
        logger.info("recompute sweep re-sent %d owed key(s)", len(sent))
    return len(sent)

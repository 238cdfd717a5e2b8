"""The inbox's e-mail, sent by the worker after the change that caused it has committed."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="devzone.inbox.tasks.send_emails", acks_late=True)
def send_emails(ids: list[int]) -> int:
    """E-mail the notifications ``ids`` (idempotent: each is sent once)."""
    return services.send_emails(ids)

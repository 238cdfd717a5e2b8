"""Writing recompute debts and paying them (DESIGN "Recompute", ADR 0131).

* ``request_recompute`` — called by a domain service inside its transaction: bumps the outbox
  row and, once the transaction commits, enqueues ``devzone.recompute.tasks.process``. A broker
  that is down never fails the user's change; the row stays owed for the sweep.
* ``run`` — the body of the ``process`` task: claim the row, run the consumer, mark the version
  it saw as done, and say whether a newer request arrived meanwhile.
* ``due_for_sweep`` — owed rows nobody is working on, for the periodic sweep.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from . import registry
from .models import Outbox

logger = logging.getLogger(__name__)

Key = tuple[str, str, int | None]


def debounce_seconds() -> float:
    return float(getattr(settings, "RECOMPUTE_DEBOUNCE_SECONDS", 1.0))


def claim_seconds() -> float:
    return float(getattr(settings, "RECOMPUTE_CLAIM_SECONDS", 600.0))


def sweep_grace_seconds() -> float:
    return float(getattr(settings, "RECOMPUTE_SWEEP_GRACE_SECONDS", 30.0))


def _rows(kind: str, scope: str, year: int | None) -> Any:
    return Outbox.objects.filter(kind=kind, scope=scope, year=year)


def request_recompute(kind: str, scope: str | int, year: int | None = None, *, countdown: float | None = None) -> None:
    """Record, in the caller's transaction, that ``kind`` must be recomputed for ``scope``/``year``.

    Call it from the service that changes a source figure, inside its ``transaction.atomic``.
    Many calls for the same key before a run collapse into one owed run.
    """
    registry.get(kind)  # an unknown kind is a programming error: fail the change loudly
    scope = str(scope)
    now = timezone.now()
    bump = {
        "requested_version": F("requested_version") + 1,
        "requested_at": now,
        # a paid-up row starts a new debt now; an owed one keeps its age (the sweep looks at it)
        "pending_since": Case(
            When(requested_version__lte=F("done_version"), then=Value(now)), default=F("pending_since")
        ),
    }
    with transaction.atomic():
        if not _rows(kind, scope, year).update(**bump):
            try:
                with transaction.atomic():
                    Outbox.objects.create(
                        kind=kind, scope=scope, year=year, created_at=now, requested_at=now, pending_since=now
                    )
            except IntegrityError:  # another transaction created it first: bump theirs
                _rows(kind, scope, year).update(**bump)
    _enqueue_on_commit((kind, scope, year), debounce_seconds() if countdown is None else countdown)


class _Enqueue:
    """The on-commit callback; one per key and transaction (see ``_enqueue_on_commit``)."""

    def __init__(self, key: Key, countdown: float) -> None:
        self.key = key
        self.countdown = countdown
        self.__qualname__ = f"enqueue {key}"

    def __call__(self) -> None:
        enqueue(self.key, countdown=self.countdown)


def _enqueue_on_commit(key: Key, countdown: float) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # An import that touches 500 areas of one city asks for the city's totals 500 times:
        # one message per key and transaction is enough (the row already carries the count).
        for _sids, func, _robust in getattr(connection, "run_on_commit", []):
            if isinstance(func, _Enqueue) and func.key == key:
                return
    transaction.on_commit(_Enqueue(key, countdown))


# A publish must not keep a user waiting when Redis is down: one quick retry, then give up
# and leave the debt to the sweep (connection timeouts: settings CELERY_BROKER_*).
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def enqueue(key: Key, *, countdown: float | None = None) -> bool:
    """Send ``process`` for ``key``; ``False`` (and a log line) when the broker is unavailable."""
    from .tasks import process

    kind, scope, year = key
    try:
        process.apply_async(
            args=[kind, scope, year],
            countdown=countdown or None,
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
        )
    except Exception:
        # The outbox row is committed and owed: the periodic sweep will send it again.
        logger.warning("recompute %s:%s:%s not sent (or failed in-process); owed for the sweep", *key, exc_info=True)
        return False
    return True


class Outcome(enum.Enum):
    NOTHING_OWED = "nothing_owed"  # no row, or already done (a duplicate message)
    BUSY = "busy"  # another live run holds the claim; it will see newer requests when it finishes
    LOCKED = "locked"  # the row is locked by a concurrent transaction at this instant
    DONE = "done"  # ran; nothing newer arrived
    AGAIN = "again"  # ran; a newer request arrived meanwhile and must be processed


@dataclass(frozen=True)
class Claim:
    pk: int
    version: int


def claim(*, kind: str, scope: str, year: int | None, token: str) -> Claim | Outcome:
    """Take the row for this run. ``token`` identifies the task message (redelivery keeps it)."""
    now = timezone.now()
    with transaction.atomic():
        row = _rows(kind, scope, year).select_for_update(skip_locked=True).first()
        if row is None:
            return Outcome.LOCKED if _rows(kind, scope, year).exists() else Outcome.NOTHING_OWED
        if not row.pending:
            return Outcome.NOTHING_OWED
        lease_alive = row.claimed_at is not None and row.claimed_at > now - timedelta(seconds=claim_seconds())
        if row.claimed_by and row.claimed_by != token and lease_alive:
            return Outcome.BUSY
        # Unclaimed, claimed by this same message before its worker died, or an expired claim.
        row.claimed_by = token
        row.claimed_at = now
        row.attempts += 1
        row.save(update_fields=["claimed_by", "claimed_at", "attempts"])
        return Claim(pk=row.pk, version=row.requested_version)


def finish(*, claimed: Claim, token: str) -> Outcome:
    """Mark the claimed version done; report whether a newer request is owed."""
    with transaction.atomic():
        row = Outbox.objects.select_for_update().get(pk=claimed.pk)
        row.done_version = max(row.done_version, claimed.version)
        row.done_at = timezone.now()
        row.done_by = token
        row.last_error = ""
        if row.claimed_by == token:
            row.claimed_by = ""
            row.claimed_at = None
        if not row.pending:
            row.attempts = 0
        row.save(
            update_fields=["done_version", "done_at", "done_by", "last_error", "claimed_by", "claimed_at", "attempts"]
        )
        return Outcome.AGAIN if row.pending else Outcome.DONE


def release(*, claimed: Claim, token: str, error: str) -> None:
    """A run failed: keep the debt, give the claim back, remember why."""
    Outbox.objects.filter(pk=claimed.pk).update(last_error=error)
    Outbox.objects.filter(pk=claimed.pk, claimed_by=token).update(claimed_by="", claimed_at=None)


def run(*, kind: str, scope: str, year: int | None, token: str) -> Outcome:
    """Pay the debt for one key, if it is owed and nobody else is paying it."""
    consumer = registry.get(kind)
    claimed = claim(kind=kind, scope=scope, year=year, token=token)
    if not isinstance(claimed, Claim):
        return claimed
    try:
        consumer.handler(scope, year)
    except Exception as exc:
        release(claimed=claimed, token=token, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    return finish(claimed=claimed, token=token)


def mark_swept(keys: list[Key]) -> None:
    now = timezone.now()
    for kind, scope, year in keys:
        _rows(kind, scope, year).update(swept_at=now)


def due_for_sweep(*, older_than: float | None = None, limit: int = 500) -> list[Key]:
    """Owed rows whose message was probably lost: owed for a while and not claimed by a live run."""
    now = timezone.now()
    grace = sweep_grace_seconds() if older_than is None else older_than
    expired = now - timedelta(seconds=claim_seconds())
    owed_since = now - timedelta(seconds=grace)
    rows = (
        Outbox.objects.filter(requested_version__gt=F("done_version"), pending_since__lte=owed_since)
        .filter(Q(claimed_by="") | Q(claimed_at__isnull=True) | Q(claimed_at__lt=expired))
        # re-sent by a recent sweep: its message is queued (sweeps pile up while workers are away)
        .filter(Q(swept_at__isnull=True) | Q(swept_at__lte=owed_since))
        .order_by("pending_since")
        .values_list("kind", "scope", "year")[:limit]
    )
    return [(kind, scope, year) for kind, scope, year in rows]

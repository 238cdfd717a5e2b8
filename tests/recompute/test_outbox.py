"""The outbox on its own: bursts collapse, claims, failures keep the debt, the sweep finds lost ones.

A small consumer registered for these tests (``tests.probe``) records every run and what the
source figure was when it ran; the task bodies run in this process (DESIGN "Tests").
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from devzone.recompute import registry, services
from devzone.recompute.models import Outbox
from devzone.recompute.selectors import is_pending
from devzone.recompute.tasks import process, sweep
from tests.recompute.helpers import free_port, publishing_to

KIND = "tests.probe"


class Probe:
    """A consumer that records its runs; ``source`` plays the figure it recomputes from."""

    def __init__(self) -> None:
        self.source: dict[str, int] = {}
        self.runs: list[tuple[str, int | None, int]] = []
        self.during_run: Any = None
        self.fail = False

    def __call__(self, scope: str, year: int | None) -> None:
        if self.fail:
            raise RuntimeError("source unreadable")
        self.runs.append((scope, year, self.source.get(scope, 0)))
        if self.during_run:
            action, self.during_run = self.during_run, None
            action()


@pytest.fixture
def probe() -> Iterator[Probe]:
    consumer = Probe()
    registry.register(KIND, consumer)
    yield consumer
    registry.unregister(KIND)


@pytest.fixture
def in_process() -> Iterator[None]:
    """Tasks run in this process (the embedded default), whatever broker the environment names."""
    from devzone.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def change(probe: Probe, scope: str, value: int, year: int | None = 2025) -> None:
    """What a domain service does: change the source and request the recompute, in one transaction."""
    with transaction.atomic():
        probe.source[scope] = value
        services.request_recompute(KIND, scope, year)


def row(scope: str, year: int | None = 2025) -> Outbox:
    return Outbox.objects.get(kind=KIND, scope=scope, year=year)


def test_a_burst_of_changes_is_one_owed_row_and_one_run(
    db: Any, probe: Probe, in_process: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        for value in range(1, 21):
            change(probe, "g1", value)
    owed = row("g1")
    assert Outbox.objects.filter(kind=KIND).count() == 1
    assert (owed.requested_version, owed.done_version, owed.pending) == (20, 0, True)
    assert is_pending(KIND, "g1", 2025)
    assert len(callbacks) == 1  # one message per key and transaction

    # however many messages arrive (one per committed change, sweeps), the first pays the debt
    for _ in range(20):
        process.apply(args=[KIND, "g1", 2025])
    assert probe.runs == [("g1", 2025, 20)]
    assert row("g1").done_version == 20 and not is_pending(KIND, "g1", 2025)


def test_year_and_no_year_are_different_debts(db: Any, probe: Probe) -> None:
    change(probe, "g1", 1, 2024)
    change(probe, "g1", 1, 2025)
    change(probe, "g1", 1, None)
    change(probe, "g1", 2, None)
    assert sorted(Outbox.objects.filter(kind=KIND).values_list("year", "requested_version"), key=str) == [
        (2024, 1),
        (2025, 1),
        (None, 2),
    ]


def test_a_change_during_a_run_is_run_again_not_lost(db: Any, probe: Probe, in_process: None) -> None:
    change(probe, "g2", 1)
    probe.during_run = lambda: change(probe, "g2", 2)  # committed while the first run computes
    process.apply(args=[KIND, "g2", 2025])
    assert probe.runs == [("g2", 2025, 1), ("g2", 2025, 2)]
    assert row("g2").done_version == row("g2").requested_version == 2


def test_a_redelivered_message_takes_its_claim_back_another_waits_for_the_lease(db: Any, probe: Probe) -> None:
    change(probe, "g3", 1)
    first = services.claim(kind=KIND, scope="g3", year=2025, token="message-a")
    assert isinstance(first, services.Claim)
    # the worker running message-a dies; another message for the same key must not double up
    assert services.claim(kind=KIND, scope="g3", year=2025, token="message-b") is services.Outcome.BUSY
    # message-a itself is redelivered (same task id): it carries on
    again = services.claim(kind=KIND, scope="g3", year=2025, token="message-a")
    assert isinstance(again, services.Claim) and row("g3").attempts == 2
    # a claim older than the lease belongs to nobody
    Outbox.objects.filter(kind=KIND, scope="g3").update(claimed_at=timezone.now() - timedelta(hours=1))
    assert isinstance(services.claim(kind=KIND, scope="g3", year=2025, token="message-b"), services.Claim)
    assert services.finish(claimed=again, token="message-a") is services.Outcome.DONE
    assert row("g3").claimed_by == "message-b"  # message-a paid, but does not take b's claim away
    assert not row("g3").pending


def test_a_failing_run_keeps_the_debt_and_says_why(db: Any, probe: Probe) -> None:
    change(probe, "g4", 7)
    probe.fail = True
    with pytest.raises(RuntimeError):
        services.run(kind=KIND, scope="g4", year=2025, token="t1")
    owed = row("g4")
    assert owed.pending and owed.claimed_by == "" and "source unreadable" in owed.last_error
    probe.fail = False
    assert services.run(kind=KIND, scope="g4", year=2025, token="t2") is services.Outcome.DONE
    assert probe.runs == [("g4", 2025, 7)] and row("g4").last_error == ""


def test_the_sweep_resends_exactly_the_debts_nobody_is_paying(db: Any, probe: Probe, in_process: None) -> None:
    for scope in ("lost", "fresh", "running", "abandoned", "paid"):
        change(probe, scope, 1)
    now = timezone.now()
    old = now - timedelta(minutes=5)
    Outbox.objects.filter(kind=KIND).exclude(scope="fresh").update(pending_since=old)
    Outbox.objects.filter(scope="running").update(claimed_by="live-task", claimed_at=now)
    Outbox.objects.filter(scope="abandoned").update(claimed_by="dead-task", claimed_at=now - timedelta(hours=1))
    services.run(kind=KIND, scope="paid", year=2025, token="t")
    probe.runs.clear()

    assert sorted(s for _k, s, _y in services.due_for_sweep(older_than=60)) == ["abandoned", "lost"]
    # a key a sweep has just re-sent is not re-sent again while its message waits in the queue
    services.mark_swept([(KIND, "lost", 2025)])
    assert [s for _k, s, _y in services.due_for_sweep(older_than=60)] == ["abandoned"]
    Outbox.objects.filter(scope="lost").update(swept_at=old)
    assert sweep.apply(kwargs={"older_than": 60}).get() == 2
    assert sorted(scope for scope, _y, _v in probe.runs) == ["abandoned", "lost"]
    assert sorted(Outbox.objects.filter(kind=KIND, done_version__lt=1).values_list("scope", flat=True)) == [
        "fresh",
        "running",
    ]


def test_an_unknown_kind_fails_the_change_loudly(db: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    owed = list(Outbox.objects.order_by("pk").values_list("pk", "requested_version"))  # the demo's, all paid
    with pytest.raises(ImproperlyConfigured):
        services.request_recompute("tests.nobody", "x")
    assert list(Outbox.objects.order_by("pk").values_list("pk", "requested_version")) == owed


def test_a_broker_that_is_down_does_not_fail_the_change(transactional_db: Any, probe: Probe, caplog: Any) -> None:
    """Nothing listens on the port: the change commits, the debt stays for the sweep, quickly."""
    caplog.set_level(logging.WARNING, logger="devzone.recompute.services")
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        started = time.monotonic()
        change(probe, "g5", 3)  # on commit: the publish fails and is logged
        elapsed = time.monotonic() - started
    assert elapsed < 3, f"a user would have waited {elapsed:.1f} s"
    assert row("g5").pending and probe.runs == []
    [record] = caplog.records
    assert "tests.probe:g5:2025 not sent" in record.getMessage() and "Connection refused" in str(record.exc_info[1])

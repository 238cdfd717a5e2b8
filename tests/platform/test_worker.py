"""The real-worker fixture: a task enqueued on Redis is run by a real worker on PostgreSQL."""

from __future__ import annotations

import time
from typing import Any

import pytest

from devzone.web.models import WorkerHeartbeat
from devzone.web.tasks import heartbeat


def wait_for(predicate: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.mark.services
def test_real_worker_runs_a_task_against_postgres(celery_worker: Any, client: Any, demo_admin: Any) -> None:
    assert not WorkerHeartbeat.objects.exists()
    heartbeat.delay()
    beat = wait_for(lambda: WorkerHeartbeat.objects.filter(hostname__startswith="test-").first())
    assert beat.beats == 1
    heartbeat.delay()
    wait_for(lambda: WorkerHeartbeat.objects.get(pk=beat.pk).beats == 2)
    client.force_login(demo_admin)
    page = client.get("/status/").content.decode()
    assert "运行中" in page and beat.hostname in page


@pytest.fixture
def demo_admin(transactional_db: Any, demo: None) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="province_admin")

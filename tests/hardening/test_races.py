"""Issue 8, "losers of a race getting 500": 20 simultaneous identical plan transitions.

Threads with live connections of their own, on a committed database: the in-memory SQLite test
database is copied to a file first (its shared cache does not lock like a file does), PostgreSQL
is used as it is. One request wins, every other one is a 409 — never a 500.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from rest_framework.test import APIClient

from tests.zones.plan_factories import draft, submitted
from zones.models import Plan

RACERS = 20


@pytest.fixture
def live_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Connections opened by other threads reach the committed test data on a lockable database."""
    if connection.vendor == "sqlite":
        target = tmp_path / "race.sqlite3"
        copy = sqlite3.connect(target)
        connection.ensure_connection()
        connection.connection.backup(copy)
        copy.close()
        monkeypatch.setitem(connections.settings, "default", {**connections.settings["default"], "NAME": str(target)})
    yield


def race(username: str, url: str) -> list[int]:
    user = get_user_model().objects.get(username=username)
    barrier = threading.Barrier(RACERS)
    statuses: list[int] = []

    def one() -> None:
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait()
            statuses.append(client.post(url, {}, format="json").status_code)
        except Exception:  # the test client re-raises what a view let escape: that is the 500
            statuses.append(500)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("action", "make", "by", "state"),
    [("submit", draft, "city_yingkou", "submitted"), ("approve", submitted, "province_staff", "approved")],
)
def test_twenty_identical_transitions_give_one_success_and_409s(
    demo: Any, request: pytest.FixtureRequest, action: str, make: Any, by: str, state: str
) -> None:
    plan = make()
    request.getfixturevalue("live_database")
    statuses = race(by, f"/api/v1/plans/{plan.pk}/{action}/")
    assert sorted(statuses) == [200] + [409] * (RACERS - 1)
    if connection.vendor != "sqlite":
        assert Plan.objects.get(pk=plan.pk).state == state

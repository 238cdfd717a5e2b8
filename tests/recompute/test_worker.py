"""The recompute pipeline end to end: API → PostgreSQL → Redis → a real Celery worker.

(1) a new boundary gets its figures without anyone pressing a button; (2) with Redis down the
change is kept and shown stale, and once Redis is back the beat-driven sweep makes it fresh;
(3) a worker killed in the middle of a run: the message is redelivered, the figures come out
right, and the totals count the area once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from devzone.recompute.models import Outbox
from tests.geodata import PANJIN, YINGKOU, city
from tests.recompute.helpers import RedisServer, RowLocks, publishing_to, wait_for
from tests.zones.area_helpers import without_demo_boundaries
from zones.models import RegionAreaTotal, ZoneArea

pytestmark = pytest.mark.services

AREA = "/api/v1/zones/yingkou-coastal/areas/catalogue/"


def near(value: Any, expected: float) -> bool:
    return abs(Decimal(str(value)) - Decimal(str(expected))) / Decimal(str(expected)) < Decimal("0.001")


def fresh(client: APIClient) -> dict[str, Any] | None:
    body = client.get(AREA).json()
    return body if body["stale"] is False and body["computed_at"] else None


def catalogue() -> ZoneArea:
    return ZoneArea.objects.get(zone__code="yingkou-coastal", slug="catalogue")


def province_total() -> RegionAreaTotal:
    return RegionAreaTotal.objects.get(region__code="210000", kind="catalogue")


@pytest.fixture(autouse=True)
def blank(api_as: Callable) -> None:
    without_demo_boundaries()


def test_a_new_boundary_gets_its_figures_without_a_button(celery_worker: Any, api_as: Callable) -> None:
    client = api_as("city_yingkou")
    yingkou, panjin = city(YINGKOU), city(PANJIN)
    response = client.patch(AREA, {"geometry": yingkou["geometry"]}, format="json")
    assert response.status_code == 200 and response.json()["stale"] is True

    body = wait_for(lambda: fresh(client), 20, "computed figure")
    assert near(body["computed_km2"], yingkou["properties"]["geodesic_km2"])
    assert Decimal(body["computed_mu"]) == Decimal(body["computed_km2"]) * 1500
    assert province_total().total_km2 == Decimal(body["computed_km2"]) and not province_total().stale

    # a burst of edits ends on the last boundary, and nothing stays owed
    for feature in (panjin, yingkou, panjin, yingkou, panjin):
        assert client.patch(AREA, {"geometry": feature["geometry"]}, format="json").status_code == 200
    body = wait_for(lambda: fresh(client), 20, "figure of the last boundary")
    assert near(body["computed_km2"], panjin["properties"]["geodesic_km2"])
    assert catalogue().computed_version == catalogue().geometry_version == 6
    wait_for(lambda: not Outbox.objects.filter(done_version__lt=6).exists(), 10, "outbox paid")
    assert province_total().total_km2 == Decimal(body["computed_km2"])


def test_a_change_while_redis_is_down_is_kept_and_swept_in_later(
    make_celery_worker: Callable, api_as: Callable, tmp_path: Path
) -> None:
    redis = RedisServer(tmp_path)
    redis.start()
    try:
        with publishing_to(redis.url):
            make_celery_worker(
                broker_url=redis.url,
                # beat inside the worker, sweeping every second for rows owed for a second
                env={"RECOMPUTE_SWEEP_SECONDS": "1", "RECOMPUTE_SWEEP_GRACE_SECONDS": "1"},
                args=["-B", "-s", str(tmp_path / "beat-schedule")],
            )
            client = api_as("city_yingkou")
            yingkou = city(YINGKOU)

            redis.stop()
            started = time.monotonic()
            response = client.patch(AREA, {"geometry": yingkou["geometry"]}, format="json")
            waited = time.monotonic() - started
            assert response.status_code == 200, response.content
            assert waited < 3, f"the user waited {waited:.1f} s for a broker that is down"
            assert response.json()["stale"] is True
            assert catalogue().geometry_version == 1 and catalogue().geometry["type"] == "MultiPolygon"
            time.sleep(2)  # several sweep periods pass without a broker: still owed, still stale
            assert client.get(AREA).json()["stale"] is True
            assert Outbox.objects.get(kind="zones.area").pending

            redis.start()  # same port, empty: the change's message was never sent
            body = wait_for(lambda: fresh(client), 40, "figure after Redis came back")
            assert near(body["computed_km2"], yingkou["properties"]["geodesic_km2"])
            assert not Outbox.objects.get(kind="zones.area").pending
    finally:
        redis.stop()


@pytest.mark.parametrize("moment", ["before the figures commit", "after the figures commit"])
def test_a_worker_killed_mid_run_is_redelivered_and_counts_once(
    make_celery_worker: Callable, api_as: Callable, moment: str
) -> None:
    """PostgreSQL holds the run at a row lock (a concurrent transaction); the worker is killed there."""
    with connection.cursor() as cursor:  # a mistake in this test must fail, not hang on a lock
        cursor.execute("SET lock_timeout = '15s'")
    worker = make_celery_worker(env={"CELERY_VISIBILITY_TIMEOUT": "2"})
    client = api_as("city_yingkou")
    yingkou, panjin = city(YINGKOU), city(PANJIN)
    client.patch(AREA, {"geometry": panjin["geometry"]}, format="json")
    before = Decimal(wait_for(lambda: fresh(client), 20, "first figure")["computed_km2"])

    locks, outbox_lock = RowLocks(), RowLocks()
    try:
        locks.lock("zones_regionareatotal", province_total().pk)  # the run waits to write the totals
        assert client.patch(AREA, {"geometry": yingkou["geometry"]}, format="json").status_code == 200
        wait_for(lambda: locks.waiters() > 0, 20, "the run to reach the locked total")
        row = Outbox.objects.get(kind="zones.area", scope=str(catalogue().pk))
        token = row.claimed_by
        assert token and row.attempts == 1 and row.pending
        if moment == "after the figures commit":
            outbox_lock.lock("recompute_outbox", row.pk)  # now the run will wait to mark itself done
            locks.release()
            wait_for(lambda: not catalogue().stale and outbox_lock.waiters() > 0, 20, "figures committed")
        killed_at = time.monotonic()
        worker.kill()
        locks.release()
        outbox_lock.release()
        if moment == "before the figures commit":
            assert catalogue().stale and catalogue().computed_km2 == before == province_total().total_km2
        else:
            assert Outbox.objects.get(pk=row.pk).pending  # figures written, debt not yet marked paid

        time.sleep(max(0.0, 2.5 - (time.monotonic() - killed_at)))  # the visibility timeout runs out
        worker.start()
        wait_for(lambda: not Outbox.objects.get(pk=row.pk).pending, 30, "the redelivered run")
    finally:
        locks.close()
        outbox_lock.close()

    paid = Outbox.objects.get(pk=row.pk)
    assert paid.done_by == token, "paid by the same message, redelivered"
    body = wait_for(lambda: fresh(client), 5, "fresh figure")
    assert near(body["computed_km2"], yingkou["properties"]["geodesic_km2"])
    total = province_total()
    assert total.total_km2 == Decimal(body["computed_km2"]), "the area is counted once in the total"
    assert (total.area_count, total.zone_count) == (1, 1) and not total.stale
    assert RegionAreaTotal.objects.filter(region__code="210000", kind="catalogue").count() == 1

"""The cap is a ledger: 20 concurrent offer requests at a post with 3 places in a zone with 2
free places — exactly 2 succeed, 18 get 409, and the ledger reads 2 reserved (PostgreSQL, each
request in its own thread with its own connection)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from staffing import services
from staffing.models import Offer
from tests.conftest import on_postgres
from tests.staffing import factories as f

pytestmark = pytest.mark.skipif(not on_postgres(), reason="row locks: PostgreSQL")


def test_twenty_concurrent_offers_two_free_places(transactional_db: Any, demo: None) -> None:
    z = f.zone()
    post = f.post(z, places=3)
    rnd, apps = f.market_round(z, [(post, 3)], applicants=20)
    f.fill(z, f.free_places(z) - 2)
    assert f.free_places(z) == 2
    top3 = sorted(apps, key=lambda a: a.rank or 0)[:3]
    hr = f.user()
    barrier = threading.Barrier(20)
    results: list[int] = []
    lock = threading.Lock()

    def fire(app_id: int) -> None:
        try:
            client = APIClient()
            client.force_authenticate(hr)
            barrier.wait(timeout=30)
            r = client.post(f"/api/v1/staffing/rounds/{rnd.pk}/offers/", {"application": app_id}, format="json")
            with lock:
                results.append(r.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=fire, args=(top3[i % 3].pk,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(results) == [201, 201] + [409] * 18
    ledger = services.zone_ledger(z.pk, z.establishment.headcount_cap)
    assert ledger.reserved == 2
    assert ledger.free == 0
    assert Offer.objects.filter(post=post, state="open").count() == 2
    assert services.post_ledger(post).reserved == 2

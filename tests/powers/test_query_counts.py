"""Lists answer in a fixed number of queries however many rows they show (issue 10 "Scale")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from powers import rules
from powers.models import Delegation, DelegationTransition, Evaluation, PowerItem
from zones.models import Zone

pytestmark = pytest.mark.django_db


def grow(n: int, first: int = 0) -> None:
    """``n`` more market items delegated to and taken on by the coastal base, each evaluated."""
    zone = Zone.objects.get(code="yingkou-coastal")
    since = date(date.today().year - 2, 1, 1)
    items = PowerItem.objects.bulk_create(
        PowerItem(
            code=f"QC-{first + k:05d}",
            name=f"查询计数事项{k}",
            type="licence",
            granting_level="city",
            granting_department="市场监管",
            domain="market",
        )
        for k in range(n)
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(zone=zone, item=i, mode="direct", status="taken_on", document_no="QC", effective_from=since)
        for i in items
    )
    DelegationTransition.objects.bulk_create(
        DelegationTransition(
            delegation=d, action="take_on", from_state="delegated", to_state="taken_on", effective_on=since
        )
        for d in delegations
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            delegation=d,
            period=str(since.year),
            **rules.period_values(str(since.year)),
            cases_handled=1,
            on_time_rate=100,
            rating="good",
            recommendation="keep",
        )
        for d in delegations
    )


def count(client: Any, path: str) -> int:
    client.get(path)  # warm: per-process caches (content types, the user's grants) are not the list's cost
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


PATHS = [
    "/api/v1/powers/delegations/?page_size=500",
    "/api/v1/powers/delegations/?zone=yingkou-coastal&as_of=2025-06-01&page_size=500",
    "/api/v1/powers/evaluations/?page_size=500",
    "/api/v1/powers/items/?page_size=500",
    "/api/v1/powers/figures/",
    "/powers/",
    "/powers/zones/yingkou-coastal/",
    "/powers/evaluations/",
    "/powers/figures/",
    "/powers/delegations/?status=taken_on",
    "/powers/zones/yingkou-coastal/recorded/",
    "/",
]


@pytest.mark.parametrize("username", ["province_admin", "dept_market"])
def test_list_queries_do_not_grow_with_rows(client: Any, api_as: Any, username: str) -> None:
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    api = api_as(username)
    grow(1, first=90_000)  # one of each (an owed evaluation): an empty page skips its query
    before = {p: count(api if p.startswith("/api/") else client, p) for p in PATHS}
    grow(120)
    after = {p: count(api if p.startswith("/api/") else client, p) for p in PATHS}
    assert after == before
    assert max(n for p, n in after.items() if p != "/") <= 25  # the home: every app's panels


def test_the_list_api_stays_at_a_fixed_number(api_as: Any, django_assert_max_num_queries: Any) -> None:
    grow(300)
    client = api_as("province_admin")
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/powers/delegations/?zone=yingkou-coastal&as_of=2025-06-01&page_size=500")
    assert response.json()["count"] >= 300

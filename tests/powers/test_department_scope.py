"""ADR 0203: "own department only" holds for a department user who also holds another role.

A 市场监管 department user of Yingkou who is also an officer of Dalian's Changxing zone sees
Yingkou's 市场监管 delegations and every delegation of Changxing — nothing else: not another
department's Yingkou delegations, not any other zone's.
"""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from devzone.tenancy.services import add_membership
from powers.models import Delegation, DelegationTransition, PowerItem
from zones.models import Region, Zone

pytestmark = pytest.mark.django_db

D = "/api/v1/powers/delegations/"
_serial = count(1)


def delegation(zone: str, department: str) -> Delegation:
    n = next(_serial)
    item = PowerItem.objects.create(
        code=f"DS-{n:04d}",
        name=f"部门范围测试{n}",
        type="licence",
        granting_level="city",
        granting_department=department,
        domain="market" if department == "市场监管" else "planning",
    )
    since = date(date.today().year - 1, 3, 1)
    d = Delegation.objects.create(
        zone=Zone.objects.get(code=zone),
        item=item,
        mode="direct",
        status="delegated",
        document_no="测试〔2025〕1号",
        effective_from=since,
    )
    DelegationTransition.objects.create(delegation=d, action="propose", to_state="proposed", effective_on=since)
    DelegationTransition.objects.create(
        delegation=d, action="delegate", from_state="proposed", to_state="delegated", effective_on=since
    )
    return d


@pytest.fixture
def two_hats(demo: None) -> Any:
    """Yingkou's 市场监管 department, and an officer of the Changxing zone (Dalian)."""
    user = get_user_model().objects.create_user(username="two_hats", password="x-two-hats-1")
    add_membership(user=user, role="department", region=Region.objects.get(code="210800"), department="市场监管")
    add_membership(user=user, role="zone_officer", zone=Zone.objects.get(code="dalian-changxing"), department="人事")
    return user


@pytest.fixture
def rows(demo: None) -> dict[str, Delegation]:
    return {
        "own_dept": delegation("yingkou-coastal", "市场监管"),
        "own_dept_other_zone": delegation("yingkou-etdz", "市场监管"),
        "other_dept": delegation("yingkou-coastal", "自然资源"),
        "own_zone_other_dept": delegation("dalian-changxing", "自然资源"),
        "own_zone_own_dept": delegation("dalian-changxing", "市场监管"),
        "foreign_zone": delegation("dalian-etdz", "市场监管"),
    }


SEEN = {"own_dept", "own_dept_other_zone", "own_zone_other_dept", "own_zone_own_dept"}


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_list_is_the_department_plus_the_own_zone(two_hats: Any, rows: dict[str, Delegation]) -> None:
    listed = _api(two_hats).get(D, {"page_size": 1000}).json()["results"]
    ids = {r["id"] for r in listed}
    for name, d in rows.items():
        assert (d.pk in ids) == (name in SEEN), name
    # nothing of another department outside the own zone
    for r in listed:
        department = Delegation.objects.get(pk=r["id"]).item.granting_department
        assert r["zone"] == "dalian-changxing" or department == "市场监管"


def test_api_detail_is_404_for_another_departments_delegation(two_hats: Any, rows: dict[str, Delegation]) -> None:
    client = _api(two_hats)
    for name, d in rows.items():
        assert client.get(f"{D}{d.pk}/").status_code == (200 if name in SEEN else 404), name


def test_pages_show_the_department_plus_the_own_zone(client: Any, two_hats: Any, rows: dict[str, Delegation]) -> None:
    client.force_login(two_hats)
    for name, d in rows.items():
        assert client.get(f"/powers/delegations/{d.pk}/").status_code == (200 if name in SEEN else 404), name
    coastal = client.get("/powers/zones/yingkou-coastal/").content.decode()
    assert rows["own_dept"].item.code in coastal and rows["other_dept"].item.code not in coastal
    changxing = client.get("/powers/zones/dalian-changxing/").content.decode()
    assert rows["own_zone_other_dept"].item.code in changxing
    assert client.get("/powers/zones/dalian-etdz/").status_code == 404


def test_the_department_alone_still_sees_only_its_department(api_as: Any, rows: dict[str, Delegation]) -> None:
    ids = {r["id"] for r in api_as("dept_market").get(D, {"page_size": 1000}).json()["results"]}
    assert rows["own_dept"].pk in ids and rows["other_dept"].pk not in ids
    assert rows["own_zone_other_dept"].pk not in ids

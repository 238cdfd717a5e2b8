"""The powers pages × every demo role × a zone in and out of scope (tests/powers/matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver

from tests.powers.matrix import PAGE_ROWS
from tests.tenancy.matrix import ROLES, SCOPES


def test_every_powers_page_has_a_row() -> None:
    resolver = get_resolver()
    names = {f"powers:{name}" for name in resolver.namespace_dict["powers"][1].reverse_dict if isinstance(name, str)}
    assert names == set(PAGE_ROWS)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_page_matrix(role: str | None, demo: Any) -> None:
    from zones.models import Region, RegionLevel, Zone

    jilin = Region.objects.create(code="220000", name="吉林省", level=RegionLevel.PROVINCE)
    changchun = Region.objects.create(code="220100", name="长春市", level=RegionLevel.CITY, parent=jilin)
    Zone.objects.create(
        code="jilin-changchun-etdz", name="长春经济技术开发区", kind="national_etdz", level="national", city=changchun
    )
    client = Client()
    if role:
        client.force_login(get_user_model().objects.get(username=role))
    zin, zout = SCOPES[role]
    for name, row in PAGE_ROWS.items():
        for req in row.build(role, zin, zout):
            response = getattr(client, req.method)(req.path, req.data or {})
            assert response.status_code == req.expected(role), f"{name} {role} {req.method} {req.path}"

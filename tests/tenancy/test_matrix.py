"""Every API endpoint × every role × in/out of scope (DESIGN "Tenancy")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from devzone.tenancy import visible_zones
from tests.powers import matrix as powers_matrix
from tests.tenancy.matrix import MATRIX, ROLES, SCOPES, Req, _plus
from zones.models import Region, RegionLevel, Zone

# The apps' own rows (tests/<app>/matrix.py) join the platform's.
MATRIX.update(powers_matrix.ROWS)
for _name, _extra in powers_matrix.EXTRA.items():
    _plus(_name, _extra)


def api_url_names() -> set[str]:
    """Every named URL pattern under /api/v1/ in the real URL conf."""
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and route.startswith("api/v1/") and p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_api_endpoint_has_a_matrix_row() -> None:
    missing = api_url_names() - set(MATRIX)
    assert not missing, f"endpoints without a tenancy matrix row: {sorted(missing)}"
    assert not set(MATRIX) - api_url_names(), "matrix rows for endpoints that no longer exist"


@pytest.fixture
def other_province(demo: Any) -> Zone:
    """A zone in another province: outside every Liaoning role's scope."""
    jilin = Region.objects.create(code="220000", name="吉林省", level=RegionLevel.PROVINCE)
    changchun = Region.objects.create(code="220100", name="长春市", level=RegionLevel.CITY, parent=jilin)
    return Zone.objects.create(
        code="jilin-changchun-etdz", name="长春经济技术开发区", kind="national_etdz", level="national", city=changchun
    )


def client_for(role: str | None) -> APIClient:
    from django.contrib.auth import get_user_model

    client = APIClient()
    if role:
        client.force_authenticate(get_user_model().objects.get(username=role))
    return client


def check(client: APIClient, req: Req, role: str | None) -> None:
    call = getattr(client, req.method)
    response = call(req.path, req.data, format=req.format) if req.data is not None else call(req.path)
    expected = req.expected(role)
    assert response.status_code == expected, (
        f"{role} {req.method.upper()} {req.path}: {response.status_code} != {expected}: {getattr(response, 'data', '')}"
    )
    if req.zone_field and response.status_code == 200 and role:
        from django.contrib.auth import get_user_model

        allowed = set(visible_zones(get_user_model().objects.get(username=role)).values_list("code", flat=True))
        rows = response.data["results"]
        shown = {row[req.zone_field] for row in rows}
        assert shown <= allowed, f"{role} sees foreign rows {shown - allowed} at {req.path}"
        assert SCOPES[role][1] not in shown


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name: str, role: str | None, other_province: Zone) -> None:
    zin, zout = SCOPES[role]
    client = client_for(role)
    for req in MATRIX[name].build(role, zin, zout):
        check(client, req, role)

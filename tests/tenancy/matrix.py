"""The tenancy matrix: every API endpoint × every demo role × an object in and out of scope.

Each URL name under ``/api/v1/`` needs a row here; ``test_matrix.py`` discovers the URL conf
and fails for an endpoint without one. A row turns a role's in-scope and out-of-scope zone into
requests with the status each role must get. Later capabilities add rows for their endpoints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import DEMO_USERS

# Each demo role's zone inside its scope and one outside it. Province roles' "outside" zone
# lies in another province, created by the matrix fixture.
SCOPES: dict[str | None, tuple[str, str]] = {
    "province_admin": ("yingkou-coastal", "jilin-changchun-etdz"),
    "province_staff": ("yingkou-coastal", "jilin-changchun-etdz"),
    "city_yingkou": ("yingkou-coastal", "dalian-etdz"),
    "city_dalian": ("dalian-changxing", "yingkou-coastal"),
    "zone_yingkou_hr": ("yingkou-coastal", "yingkou-etdz"),
    "zone_dalian_hr": ("dalian-changxing", "dalian-etdz"),
    "dept_market": ("yingkou-coastal", "dalian-etdz"),
    "auditor": ("yingkou-coastal", "yingkou-etdz"),
    None: ("yingkou-coastal", "dalian-etdz"),  # anonymous
}
ROLES: list[str | None] = [*DEMO_USERS, None]

# The city region each role's in/out zone lies in (for creating zones).
ZONE_CITY = {
    "yingkou-coastal": "210800",
    "yingkou-etdz": "210800",
    "dalian-etdz": "210200",
    "dalian-changxing": "210200",
    "jilin-changchun-etdz": "220100",
}


@dataclass
class Req:
    method: str
    path: str
    expect: int | dict[str | None, int]
    data: Any = None
    # For a list: the result field holding the zone code, to check no foreign row leaks.
    zone_field: str | None = None

    def expected(self, role: str | None) -> int:
        if isinstance(self.expect, int):
            return self.expect
        return self.expect.get(role, self.expect.get("*", 0))


@dataclass
class Row:
    """How to exercise one URL name, given a zone in scope and one outside it."""

    build: Callable[[str | None, str, str], list[Req]]
    note: str = ""
    tags: set[str] = field(default_factory=set)


ANON = {None: 401}


def status(default: int, **per_role: int) -> dict[str | None, int]:
    out: dict[str | None, int] = {"*": default, None: 401}
    out.update(per_role)
    return out


def zone_payload(code: str, city: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"测试开发区{code}",
        "kind": "provincial_edz",
        "level": "provincial",
        "city": city,
        "management_model": "committee_company",
        "status": "active",
    }


CREATORS = {"province_admin": 201, "city_yingkou": 201, "city_dalian": 201}
EDITORS_IN = {"province_admin": 200, "city_yingkou": 200, "city_dalian": 200}


# Zone areas (/zones/{code}/areas/{kind}/). The demo gives areas to yingkou-coastal only, so a
# role whose in-scope zone has none gets 404 for a missing area, and PUT creates it (201).
def zone_area_row(role: str | None, zin: str, zout: str) -> list[Req]:
    seeded = zin == "yingkou-coastal"
    existing = status(200) if seeded else status(404)
    edit_existing = status(403, **EDITORS_IN) if seeded else status(404)
    put = status(403, **dict.fromkeys(EDITORS_IN, 200 if seeded else 201))
    base = f"/api/v1/zones/{zin}/areas"
    other = f"/api/v1/zones/{zout}/areas"
    return [
        Req("get", f"{base}/catalogue/", existing),
        Req("patch", f"{base}/catalogue/", edit_existing, data={"bounds_text": "矩阵测试"}),
        Req("put", f"{base}/planned/", put, data={"declared_km2": "10"}),
        Req("get", f"{other}/catalogue/", status(404)),
        Req("patch", f"{other}/catalogue/", status(404), data={"bounds_text": "越权"}),
        Req("put", f"{other}/planned/", status(404), data={"declared_km2": "10"}),
    ]


MATRIX: dict[str, Row] = {
    "zone-area-detail": Row(zone_area_row, note="areas of a zone; edits need edit_registry"),
    "api-token": Row(
        lambda role, zin, zout: [
            Req(
                "post",
                "/api/v1/auth/token/",
                {"*": 200, None: 200},
                data={"username": role or "x", "password": "devzone-demo"},
            )
            if role
            else Req("post", "/api/v1/auth/token/", {"*": 400, None: 400}, data={"username": "x", "password": "y"})
        ],
        note="public: credentials in, token out",
    ),
    "api-me": Row(lambda role, zin, zout: [Req("get", "/api/v1/me/", status(200))]),
    "region-list": Row(
        lambda role, zin, zout: [Req("get", "/api/v1/regions/", status(200))], note="public reference data"
    ),
    "region-detail": Row(lambda role, zin, zout: [Req("get", "/api/v1/regions/210800/", status(200))]),
    "zone-list": Row(
        lambda role, zin, zout: [
            Req("get", "/api/v1/zones/", status(200), zone_field="code"),
            Req("post", "/api/v1/zones/", status(403, **CREATORS), data=zone_payload("m-in", ZONE_CITY[zin])),
            Req("post", "/api/v1/zones/", status(403), data=zone_payload("m-out", ZONE_CITY[zout]))
            if not (role or "").startswith("province")
            else Req("post", "/api/v1/zones/", status(403), data=zone_payload("m-out", "220100")),
        ]
    ),
    "zone-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"/api/v1/zones/{zin}/", status(200)),
            Req("get", f"/api/v1/zones/{zout}/", status(404)),
            Req("patch", f"/api/v1/zones/{zin}/", status(403, **EDITORS_IN), data={"leading_industries": "矩阵测试"}),
            Req("patch", f"/api/v1/zones/{zout}/", status(404), data={"leading_industries": "越权"}),
        ]
    ),
}

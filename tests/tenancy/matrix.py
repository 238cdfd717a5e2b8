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

MATRIX: dict[str, Row] = {
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


# --- 一区一策 plans -------------------------------------------------------------------------
# Plans in a role's in/out zone are made (or moved to the needed state) by a superuser through
# the real services; every other role then acts on them.


def _root() -> Any:
    from django.contrib.auth import get_user_model

    root, _created = get_user_model().objects.get_or_create(username="matrix_root", defaults={"is_superuser": True})
    return root


def _plan_content(zone: Any) -> dict[str, Any]:
    """A plan that passes the rule set in force for the zone's management model."""
    from zones.models import PlanBodyBound

    bound = PlanBodyBound.objects.filter(management_model=zone.management_model).order_by("-rule_set__effective_year")
    count = max(bound.first().min_bodies if bound.exists() else 1, 1)
    bodies = [{"name": f"矩阵机构{i}", "duties": "矩阵测试职责。"} for i in range(count)]
    return {"headcount_cap": 50, "leadership_posts": 3, "contract_term_years": 2, "internal_bodies": bodies}


def _open_plan(code: str, state: str) -> Any:
    from zones import services
    from zones.models import OPEN_PLAN_STATES, Zone

    zone, root = Zone.objects.get(code=code), _root()
    plan = zone.plans.filter(state__in=OPEN_PLAN_STATES).first()
    if plan is None:
        plan = services.create_plan(user=root, zone=zone, data=_plan_content(zone))
    if state == "submitted" and plan.state != "submitted":
        plan = services.submit_plan(user=root, plan=plan)
    if state == "editable" and plan.state == "submitted":
        plan = services.return_plan(user=root, plan=plan, comments=[{"section": "basic", "text": "矩阵测试。"}])
    return plan


def plan_id(code: str, state: str) -> int:
    """A plan of zone ``code`` in ``state``: approved, submitted, or editable (draft/returned)."""
    from zones import services
    from zones.models import Zone

    if state == "approved":
        zone = Zone.objects.get(code=code)
        plan = zone.plans.filter(state="approved").first()
        if plan is None or zone.plans.filter(state__in=["draft", "submitted", "returned"]).exists():
            plan = services.approve_plan(user=_root(), plan=_open_plan(code, "submitted"))
        return plan.pk
    return _open_plan(code, state).pk


def plan_payload(code: str) -> dict[str, Any]:
    from zones.models import Zone

    return {"zone": code, **_plan_content(Zone.objects.get(code=code))}


DRAFTERS = {"city_yingkou": 200, "city_dalian": 200}
REVIEWERS = {"province_admin": 200, "province_staff": 200}


def conflict(roles: dict[str, int]) -> dict[str, int]:
    """The roles allowed the action get a 409 when the plan's state does not allow it."""
    return dict.fromkeys(roles, 409)


def plan_list_requests(role: str | None, zin: str, zout: str) -> list[Req]:
    plan_id(zin, "approved")
    plan_id(zout, "approved")  # a plan on each side: a leak would show in the list
    return [
        Req("get", "/api/v1/plans/", status(200), zone_field="zone"),
        Req("post", "/api/v1/plans/", status(403, city_yingkou=201, city_dalian=201), data=plan_payload(zin)),
        Req("post", "/api/v1/plans/", status(400), data={"zone": zout, "headcount_cap": 10}),
    ]


RETURN_BODY = {"comments": [{"section": "organisation", "text": "矩阵测试意见。"}]}

MATRIX.update(
    {
        "plan-list": Row(
            plan_list_requests,
            note="a city drafts for its own zones; an out-of-scope zone reads as unknown (400)",
        ),
        "plan-detail": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/plans/{plan_id(zin, 'approved')}/", status(200)),
                Req("get", f"/api/v1/plans/{plan_id(zout, 'approved')}/", status(404)),
                Req("patch", f"/api/v1/plans/{plan_id(zin, 'approved')}/", status(403, **conflict(DRAFTERS)), {}),
                Req(
                    "patch",
                    f"/api/v1/plans/{plan_id(zin, 'editable')}/",
                    status(403, **DRAFTERS),
                    {"exit_rule": "矩阵"},
                ),
                Req("patch", f"/api/v1/plans/{plan_id(zout, 'editable')}/", status(404), {"exit_rule": "越权"}),
            ]
        ),
        "plan-submit": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    f"/api/v1/plans/{plan_id(zin, 'approved')}/submit/",
                    status(403, **conflict(DRAFTERS)),
                    {},
                ),
                Req("post", f"/api/v1/plans/{plan_id(zin, 'editable')}/submit/", status(403, **DRAFTERS), {}),
                Req("post", f"/api/v1/plans/{plan_id(zout, 'editable')}/submit/", status(404), {}),
            ]
        ),
        "plan-return": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    f"/api/v1/plans/{plan_id(zin, 'approved')}/return/",
                    status(403, **conflict(REVIEWERS)),
                    RETURN_BODY,
                ),
                Req(
                    "post", f"/api/v1/plans/{plan_id(zin, 'submitted')}/return/", status(403, **REVIEWERS), RETURN_BODY
                ),
                Req("post", f"/api/v1/plans/{plan_id(zout, 'submitted')}/return/", status(404), RETURN_BODY),
            ]
        ),
        "plan-approve": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    f"/api/v1/plans/{plan_id(zin, 'approved')}/approve/",
                    status(403, **conflict(REVIEWERS)),
                    {},
                ),
                Req("post", f"/api/v1/plans/{plan_id(zin, 'submitted')}/approve/", status(403, **REVIEWERS), {}),
                Req("post", f"/api/v1/plans/{plan_id(zout, 'submitted')}/approve/", status(404), {}),
            ]
        ),
        "plan-revise": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    f"/api/v1/plans/{plan_id(zin, 'approved')}/revise/",
                    status(403, city_yingkou=201, city_dalian=201),
                    {},
                ),
                Req("post", f"/api/v1/plans/{plan_id(zout, 'approved')}/revise/", status(404), {}),
            ]
        ),
        "plan-snapshots": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/plans/{plan_id(zin, 'approved')}/snapshots/", status(200)),
                Req("get", f"/api/v1/plans/{plan_id(zout, 'approved')}/snapshots/", status(404)),
            ]
        ),
        "plan-compare": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/plans/{plan_id(zin, 'approved')}/compare/?snapshot=1", status(200)),
                Req("get", f"/api/v1/plans/{plan_id(zout, 'approved')}/compare/", status(404)),
                Req(
                    "get",
                    f"/api/v1/plans/{plan_id(zin, 'approved')}/compare/?with={plan_id(zout, 'approved')}",
                    status(400),
                ),
            ],
            note="comparing with an out-of-scope plan reads as an unknown plan (400)",
        ),
    }
)

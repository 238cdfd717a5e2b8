"""The zones app's rows of the tenancy matrix (tests/tenancy/matrix.py, ADR 0009): its API
endpoints, its reports, importers and exports, and its pages (namespaces ``zones`` and ``plans``)."""

from __future__ import annotations

from typing import Any

from tests.tenancy.matrix import ZONE_CITY, Req, Row, add, status


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


# Zone areas (/zones/{code}/areas/{kind}/). Every demo zone has a catalogue area (ADR 0164);
# only yingkou-coastal has a planned one, so elsewhere PUT creates it (201).
def zone_area_row(role: str | None, zin: str, zout: str) -> list[Req]:
    seeded = zin == "yingkou-coastal"
    existing = status(200)
    edit_existing = status(403, **EDITORS_IN)
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


add(
    {
        "zone-area-detail": Row(zone_area_row, note="areas of a zone; edits need edit_registry"),
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
                Req(
                    "patch", f"/api/v1/zones/{zin}/", status(403, **EDITORS_IN), data={"leading_industries": "矩阵测试"}
                ),
                Req("patch", f"/api/v1/zones/{zout}/", status(404), data={"leading_industries": "越权"}),
            ]
        ),
    }
)


# --- registry (zones): status history, merge, platform companies, social functions, plots -----
# Registry rows are edited by city and province roles (EDIT_REGISTRY); status changes and merges
# only by the province admin (CHANGE_STATUS); everyone else in scope reads.

STATUS_CHANGERS_IN = {"province_admin": 201}


def registry_rows(zone_code: str) -> int:
    """Give a zone one company, social function (veterans) and plot (M-1); the company's id."""
    from decimal import Decimal

    from zones.models import LandPlot, PlatformCompany, SocialFunction, Zone

    zone = Zone.objects.get(code=zone_code)
    company, _ = PlatformCompany.objects.get_or_create(
        zone=zone, name="矩阵测试公司", defaults={"tier": "specialised", "specialty": "other"}
    )
    SocialFunction.objects.get_or_create(zone=zone, function="veterans", defaults={"state": "retained"})
    LandPlot.objects.get_or_create(zone=zone, code="M-1", defaults={"use": "industrial", "area_mu": Decimal("10")})
    return company.pk


def today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def child_detail_rows(zin: str, zout: str, kind: str, key_in: Any, key_out: Any, patch: Any) -> list[Req]:
    base_in, base_out = f"/api/v1/zones/{zin}/{kind}", f"/api/v1/zones/{zout}/{kind}"
    reqs = [
        Req("get", f"{base_in}/{key_in}/", status(200)),
        Req("get", f"{base_out}/{key_out}/", status(404)),
        Req("patch", f"{base_in}/{key_in}/", status(403, **EDITORS_IN), data=patch),
        Req("patch", f"{base_out}/{key_out}/", status(404), data=patch),
        Req("delete", f"{base_out}/{key_out}/", status(404)),
        Req("delete", f"{base_in}/{key_in}/", status(403, **dict.fromkeys(EDITORS_IN, 204))),
    ]
    if key_in != key_out:  # a foreign row addressed through a zone in scope
        reqs.insert(2, Req("get", f"{base_in}/{key_out}/", status(404)))
    return reqs


def child_list_rows(zin: str, zout: str, kind: str, payload: dict[str, Any]) -> list[Req]:
    registry_rows(zin)
    return [
        Req("get", f"/api/v1/zones/{zin}/{kind}/", status(200)),
        Req("get", f"/api/v1/zones/{zout}/{kind}/", status(404)),
        Req("post", f"/api/v1/zones/{zin}/{kind}/", status(403, **dict.fromkeys(EDITORS_IN, 201)), data=payload),
        Req("post", f"/api/v1/zones/{zout}/{kind}/", status(404), data=payload),
    ]


def company_detail_rows(role: str | None, zin: str, zout: str) -> list[Req]:
    return child_detail_rows(
        zin, zout, "companies", registry_rows(zin), registry_rows(zout), {"business_scope": "矩阵"}
    )


def social_function_detail_rows(role: str | None, zin: str, zout: str) -> list[Req]:
    registry_rows(zin)
    registry_rows(zout)
    return child_detail_rows(zin, zout, "social-functions", "veterans", "veterans", {"note": "矩阵测试"})


def plot_detail_rows(role: str | None, zin: str, zout: str) -> list[Req]:
    registry_rows(zin)
    registry_rows(zout)
    return child_detail_rows(zin, zout, "plots", "M-1", "M-1", {"enterprise": "矩阵测试企业"})


def status_rows(role: str | None, zin: str, zout: str) -> list[Req]:
    change = {"to_status": "rectifying", "effective_date": today(), "reason": "矩阵测试"}
    return [
        Req("get", f"/api/v1/zones/{zin}/status/", status(200)),
        Req("get", f"/api/v1/zones/{zout}/status/", status(404)),
        Req("post", f"/api/v1/zones/{zin}/status/", status(403, **STATUS_CHANGERS_IN), data=change),
        Req("post", f"/api/v1/zones/{zout}/status/", status(404), data=change),
    ]


def merge_rows(role: str | None, zin: str, zout: str) -> list[Req]:
    return [
        Req(
            "post",
            f"/api/v1/zones/{zin}/merge/",
            status(403, province_admin=200),
            data={"merged": ["yingkou-etdz"], "effective_date": today()},
        ),
        Req("post", f"/api/v1/zones/{zout}/merge/", status(404), data={"merged": [zin], "effective_date": today()}),
    ]


# -- Excel import/export (devzone/imports) ----------------------------------------------------
IMPORTERS = {"province_admin": 200, "city_yingkou": 200, "city_dalian": 200}


def zone_workbook(code: str, planned: float) -> Any:
    """A one-row zones workbook changing ``code``'s planned area (as the export writes it)."""
    import io

    from openpyxl import Workbook

    from zones.models import Zone

    zone = Zone.objects.select_related("city", "county").get(code=code)
    book = Workbook()
    book.active.append(["代码", "名称", "类型", "级别", "所在市", "所在县(市、区)", "管理模式", "规划面积(平方公里)"])
    book.active.append(
        [
            zone.code,
            zone.name,
            zone.get_kind_display(),
            zone.get_level_display(),
            zone.city.code,
            zone.county.code if zone.county else None,
            zone.get_management_model_display(),
            planned,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = f"{code}.xlsx"
    return buffer


add(
    {
        "zone-status-list": Row(status_rows, note="status changes are a province decision (CHANGE_STATUS)"),
        "zone-merge": Row(merge_rows, note="merges are a province decision (CHANGE_STATUS)"),
        "zone-company-list": Row(
            lambda role, zin, zout: child_list_rows(
                zin, zout, "companies", {"name": "矩阵新公司", "tier": "specialised", "specialty": "finance"}
            )
        ),
        "zone-company-detail": Row(company_detail_rows),
        "zone-social-function-list": Row(
            lambda role, zin, zout: child_list_rows(
                zin, zout, "social-functions", {"function": "housing", "state": "retained"}
            )
        ),
        "zone-social-function-detail": Row(social_function_detail_rows),
        "zone-plot-list": Row(
            lambda role, zin, zout: child_list_rows(
                zin, zout, "plots", {"code": "M-2", "use": "supporting", "area_mu": "5.5"}
            )
        ),
        "zone-plot-detail": Row(plot_detail_rows),
        "import-upload": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    "/api/v1/imports/zones/",
                    status(403, **IMPORTERS),
                    data={"file": zone_workbook(zin, 99.5)},
                    format="multipart",
                ),
                # a row for a zone outside the scope rejects the file (400) for those who may import
                Req(
                    "post",
                    "/api/v1/imports/zones/",
                    status(403, **dict.fromkeys(IMPORTERS, 400)),
                    data={"file": zone_workbook(zout, 98.5)},
                    format="multipart",
                ),
            ],
            note="per-row scope: out-of-scope rows reject the whole file",
            covers=frozenset({"import:zones"}),
        ),
        "import-template": Row(
            lambda role, zin, zout: [Req("get", "/api/v1/imports/zones/template.xlsx", status(200))]
        ),
        "export-xlsx": Row(
            lambda role, zin, zout: [Req("get", "/api/v1/exports/zones.xlsx", status(200))],
            note="scoped by the zones selector; contents checked in tests/imports/test_export.py",
            covers=frozenset({"export:zones"}),
        ),
    }
)

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
    from zones.plans.models import EstablishmentUnitKind, ZoneEstablishment

    bound = PlanBodyBound.objects.filter(management_model=zone.management_model).order_by("-rule_set__effective_year")
    count = max(bound.first().min_bodies if bound.exists() else 1, 1)
    # keep what the zone's establishment holds (staffing refuses a plan that drops a body with
    # posts or cuts the cap below serving + reserved, ADR 0301)
    est = ZoneEstablishment.objects.filter(zone=zone).prefetch_related("units").first()
    names = [u.name for u in est.units.all() if u.kind == EstablishmentUnitKind.INTERNAL] if est else []
    names += [f"矩阵机构{i}" for i in range(max(count - len(names), 0))]
    bodies = [{"name": name, "duties": "矩阵测试职责。"} for name in names]
    cap = max(50, est.headcount_cap if est else 0)
    leaders = max(3, est.leadership_posts if est else 0)
    dispatched = [
        {"name": u.name, "duties": "矩阵测试职责。"}
        for u in (est.units.all() if est else [])
        if u.kind == EstablishmentUnitKind.DISPATCHED
    ]
    return {
        "headcount_cap": cap,
        "leadership_posts": leaders,
        "contract_term_years": 2,
        "internal_bodies": bodies,
        "dispatched_agencies": dispatched,
    }


def _open_plan(code: str, state: str) -> Any:
    from zones.models import OPEN_PLAN_STATES, Zone
    from zones.plans import services

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
    from zones.models import Zone
    from zones.plans import services

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


def plan_move(action: str, ready: str, movers: dict[str, int], body: dict[str, Any]) -> Row:
    """A workflow move: refused (409) from an approved plan, allowed from ``ready``, 404 outside."""

    def build(role: str | None, zin: str, zout: str) -> list[Req]:
        return [
            Req("post", f"/api/v1/plans/{plan_id(zin, 'approved')}/{action}/", status(403, **conflict(movers)), body),
            Req("post", f"/api/v1/plans/{plan_id(zin, ready)}/{action}/", status(403, **movers), body),
            Req("post", f"/api/v1/plans/{plan_id(zout, ready)}/{action}/", status(404), body),
        ]

    return Row(build)


add(
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
        "plan-submit": plan_move("submit", "editable", DRAFTERS, {}),
        "plan-return": plan_move("return", "submitted", REVIEWERS, RETURN_BODY),
        "plan-approve": plan_move("approve", "submitted", REVIEWERS, {}),
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

# -- land plots in Excel (zones PlotImporter) and the zone profile PDF: added to the rows above --


def plot_workbook(code: str, plot: str) -> Any:
    """A one-row plots workbook for zone ``code`` (the required columns only)."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["开发区代码", "地块编号", "用途", "面积(亩)"])
    book.active.append([code, plot, "产业", 12.5])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = f"{code}-plots.xlsx"
    return buffer


def _plot_rows(role: str | None, zin: str, zout: str) -> list[Req]:
    return [
        Req(
            "post",
            "/api/v1/imports/plots/",
            status(403, **IMPORTERS),
            data={"file": plot_workbook(zin, "MX-P1")},
            format="multipart",
        ),
        # a plot of a zone outside the scope rejects the file, without saying whether the zone exists
        Req(
            "post",
            "/api/v1/imports/plots/",
            status(403, **dict.fromkeys(IMPORTERS, 400)),
            data={"file": plot_workbook(zout, "MX-P2")},
            format="multipart",
        ),
    ]


def _zone_list_pdf_requests(role: str | None, zin: str, zout: str) -> list[Req]:
    same_city = ZONE_CITY[zout] == ZONE_CITY[zin]  # e.g. a zone officer asking for their own zone's city
    base = "/api/v1/reports/zone-list.pdf"
    return [
        Req("get", base, status(200)),
        Req("get", f"{base}?city={ZONE_CITY[zin]}", status(200)),
        Req("get", f"{base}?city={ZONE_CITY[zout]}", status(200 if same_city else 404)),
        Req("get", f"{base}?status=bogus", status(400)),
    ]


def _plan_pdf_requests(role: str | None, zin: str, zout: str) -> list[Req]:
    """The plan PDFs: a plan of the zone in scope is readable, one outside is a 404 — for every role."""
    inside, outside = plan_id(zin, "approved"), plan_id(zout, "approved")
    return [
        Req("get", f"/api/v1/reports/plan.pdf?plan={inside}", status(200)),
        Req("get", f"/api/v1/reports/plan.pdf?plan={outside}", status(404)),
        Req("get", f"/api/v1/reports/plan-compare.pdf?a={inside}&b={inside}", status(200)),
        Req("get", f"/api/v1/reports/plan-compare.pdf?a={outside}&b={outside}", status(404)),
        Req("get", f"/api/v1/reports/plan-compare.pdf?a={inside}&b={outside}", status(404)),
    ]


add(
    {
        "import-upload": Row(_plot_rows, covers=frozenset({"import:plots"})),
        "import-template": Row(
            lambda role, zin, zout: [Req("get", "/api/v1/imports/plots/template.xlsx", status(200))],
        ),
        "export-xlsx": Row(
            lambda role, zin, zout: [
                Req("get", "/api/v1/exports/plots.xlsx", status(200)),
                Req("get", f"/api/v1/exports/plots.xlsx?zone={zin}", status(200)),
                Req("get", f"/api/v1/exports/plots.xlsx?zone={zout}", status(400)),
            ],
            covers=frozenset({"export:plots"}),
        ),
        "report-pdf": Row(
            _zone_list_pdf_requests,
            note="report parameters naming a city outside the scope → 404",
            covers=frozenset({"report:zone-list"}),
        ),
    }
)
add(
    {
        "report-pdf": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/reports/zone-profile.pdf?zone={zin}", status(200)),
                Req("get", f"/api/v1/reports/zone-profile.pdf?zone={zout}", status(404)),
            ],
            covers=frozenset({"report:zone-profile"}),
        ),
    }
)
add({"report-pdf": Row(_plan_pdf_requests, covers=frozenset({"report:plan", "report:plan-compare"}))})


# -- pages (namespaces zones and plans): anonymous is sent to log in; a zone or plan outside the
# scope is a 404 for every role, whatever the page does; in scope, editing pages need the permission.


def page(default: int, **per_role: int) -> dict[str | None, int]:
    return {"*": default, None: 302, **per_role}


EDIT_PAGE = page(403, province_admin=200, city_yingkou=200, city_dalian=200)
PROVINCE_PAGE = page(403, province_admin=200)
DRAFT_PAGE = page(403, city_yingkou=200, city_dalian=200)
REVIEW_PAGE = page(403, province_admin=200, province_staff=200)


def zone_page(path: str, in_scope: dict[str | None, int]) -> Row:
    """A page of one zone (``path`` with ``{code}``), read in scope and out of it."""

    def build(role: str | None, zin: str, zout: str) -> list[Req]:
        registry_rows(zin)
        registry_rows(zout)
        return [
            Req("get", path.format(code=zin, company=registry_rows(zin)), in_scope),
            Req("get", path.format(code=zout, company=registry_rows(zout)), page(404)),
        ]

    return Row(build)


def post_only_page(path: str) -> Row:
    """A button (POST only): out of scope it is a 404 for every role; a GET is refused."""

    def build(role: str | None, zin: str, zout: str) -> list[Req]:
        registry_rows(zout)
        return [
            Req("get", path.format(code=zin, **_plans(zin)), page(405)),
            Req("post", path.format(code=zout, **_plans(zout)), page(404), data={}, format="multipart"),
        ]

    return Row(build)


def _plans(code: str) -> dict[str, int]:
    return {"approved": plan_id(code, "approved"), "submitted": plan_id(code, "submitted")}


def plan_page(path: str, state: str, in_scope: dict[str | None, int]) -> Row:
    def build(role: str | None, zin: str, zout: str) -> list[Req]:
        return [
            Req("get", path.format(pk=plan_id(zin, state)), in_scope),
            Req("get", path.format(pk=plan_id(zout, state)), page(404)),
        ]

    return Row(build)


add(
    {
        "zones:list": Row(lambda role, zin, zout: [Req("get", "/zones/", page(200))], note="lists the zones in scope"),
        "zones:map": Row(lambda role, zin, zout: [Req("get", "/zones/map/", page(200))]),
        "zones:map-geojson": Row(lambda role, zin, zout: [Req("get", "/zones/map.geojson", page(200))]),
        "zones:suggest": Row(lambda role, zin, zout: [Req("get", f"/zones/suggest/?q={zout}", page(200))]),
        "zones:map-base": Row(
            lambda role, zin, zout: [Req("get", "/zones/map/base.geojson", page(200))],
            note="public geography (the province's outlines), the same for every signed-in user",
        ),
        "zones:detail": zone_page("/zones/{code}/", page(200)),
        "zones:edit": zone_page("/zones/{code}/edit/", EDIT_PAGE),
        "zones:status": zone_page("/zones/{code}/status/", PROVINCE_PAGE),
        "zones:merge": zone_page("/zones/{code}/merge/", PROVINCE_PAGE),
        "zones:company-new": zone_page("/zones/{code}/companies/new/", EDIT_PAGE),
        "zones:company-edit": zone_page("/zones/{code}/companies/{company}/", EDIT_PAGE),
        "zones:social-function-new": zone_page("/zones/{code}/social-functions/new/", EDIT_PAGE),
        "zones:social-function-edit": zone_page("/zones/{code}/social-functions/veterans/", EDIT_PAGE),
        "zones:plot-new": zone_page("/zones/{code}/plots/new/", EDIT_PAGE),
        "zones:plot-edit": zone_page("/zones/{code}/plots/M-1/", EDIT_PAGE),
        "zones:registry-delete": post_only_page("/zones/{code}/plots/M-1/delete/"),
        "zones:sub-area-new": zone_page("/zones/{code}/areas/new/", EDIT_PAGE),
        "zones:area-edit": zone_page("/zones/{code}/areas/catalogue/edit/", EDIT_PAGE),
        "plans:list": Row(lambda role, zin, zout: [Req("get", "/plans/", page(200))]),
        "plans:create": Row(lambda role, zin, zout: [Req("get", "/plans/new/", DRAFT_PAGE)]),
        "plans:unit_row": Row(
            lambda role, zin, zout: [
                Req("get", "/plans/unit-row/?prefix=bodies&bodies-TOTAL_FORMS=1", page(200)),
                Req("get", "/plans/unit-row/?prefix=nonsense", page(404)),
            ],
            note="an empty form row: no zone data",
        ),
        "plans:detail": plan_page("/plans/{pk}/", "approved", page(200)),
        "plans:edit": plan_page("/plans/{pk}/edit/", "editable", DRAFT_PAGE),
        "plans:compare": plan_page("/plans/{pk}/compare/", "approved", page(200)),
        "plans:submit": post_only_page("/plans/{approved}/submit/"),
        "plans:return": post_only_page("/plans/{submitted}/return/"),
        "plans:approve": Row(
            lambda role, zin, zout: [
                Req("get", f"/plans/{plan_id(zin, 'submitted')}/approve/", REVIEW_PAGE),
                Req("get", f"/plans/{plan_id(zout, 'submitted')}/approve/", page(404)),
                Req("post", f"/plans/{plan_id(zout, 'submitted')}/approve/", page(404), data={}, format="multipart"),
            ],
            note="the confirmation page (GET) and the approval (POST): reviewers only, 404 outside",
        ),
        "plans:revise": post_only_page("/plans/{approved}/revise/"),
    }
)

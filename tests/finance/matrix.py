"""The finance app's rows of the tenancy matrix (tests/tenancy/matrix.py): every endpoint under
``/api/v1/finance/``, every finance page, the statement PDF and the revenue import/export ×
every demo role × a zone in and out of the role's scope.

Finance is kept by the province and the cities (``manage_finance``); zone officers read their
zone's and report project stages (``report_project_stages``); everyone else in scope reads.
"""

from __future__ import annotations

import io
from datetime import date
from itertools import count
from typing import Any

from tests.tenancy.matrix import Req, Row, add, status

_serial = count(1)
KEEPERS = ("province_admin", "city_yingkou", "city_dalian")
REPORTERS = (*KEEPERS, "zone_yingkou_hr", "zone_dalian_hr")
YEAR = date.today().year  # inside the auditor's period (this year and last)
F = "/api/v1/finance"


def keepers(ok: int, other: int = 403) -> dict[str | None, int]:
    return status(other, **dict.fromkeys(KEEPERS, ok))


def reporters(ok: int, other: int = 403) -> dict[str | None, int]:
    return status(other, **dict.fromkeys(REPORTERS, ok))


def _years() -> int:
    """A year of its own for each agreement the rows make (no two overlap)."""
    return 1991 + next(_serial) % 18


def agreement(code: str) -> int:
    from tests.finance.helpers import agreement as make

    start = _years()
    return make(code, start=start, end=start, types=("other",)).pk


def open_agreement(code: str) -> tuple[int, int]:
    """An open-ended agreement and the year after its start (a revision's first year)."""
    from tests.finance.helpers import agreement as make

    start = _years()
    return make(code, start=start, types=("other",)).pk, start + 1


def _revise(code: str, expect: dict[str | None, int]) -> Req:
    pk, year = open_agreement(code)
    return Req("post", f"{F}/agreements/{pk}/revise/", expect, {"effective_from": year})


def project(code: str, reached: tuple[str, ...] = ("landed",)) -> int:
    from tests.finance.helpers import project as make

    return make(code, reached=reached).pk


def _agreement_body(code: str) -> dict[str, Any]:
    start = _years()
    return {
        "zone": code,
        "tax_types": ["deed"],
        "base_year": start - 1,
        "base_amount": "100.00",
        "base_ratios": {"city": "50.00", "zone": "50.00"},
        "increment_ratios": {"city": "10.00", "zone": "90.00"},
        "effective_from": start,
        "effective_to": start,
    }


def _project_body(code: str) -> dict[str, Any]:
    from tests.finance.helpers import scheme

    return {
        "zone": code,
        "name": f"矩阵项目{next(_serial)}",
        "investor": "某公司",
        "amount": "1000.00",
        "scheme": scheme().name,
        "award": "100.00",
    }


def _designation(code: str) -> dict[str, Any]:
    from zones.models import Zone

    level = Zone.objects.filter(code=code).values_list("level", flat=True).first()
    return {
        "zone": code,
        "ranking_year": 1990 + next(_serial) % 30,
        "scope": "national" if level == "national" else "provincial",
        "rank": 1,
        "out_of": 100,
        "ranking": "矩阵排名",
    }


def _city_of(code: str) -> str:
    from zones.models import Zone

    return Zone.objects.filter(code=code).values_list("city__code", flat=True).first() or ""


REVENUE = {"year": YEAR, "month": 1, "tax_type": "stamp", "amount": "1.00"}

ROWS: dict[str, Row] = {
    "finance-revenue-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/revenues/", status(200), zone_field="zone"),
            Req("post", f"{F}/revenues/", keepers(201), {"zone": zin, **REVENUE}),
            Req("post", f"{F}/revenues/", status(400), {"zone": zout, **REVENUE}),
        ],
        note="revenue is kept by the province and the city; a zone out of scope is unknown (400)",
    ),
    "finance-agreement-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/agreements/", status(200), zone_field="zone"),
            Req("post", f"{F}/agreements/", keepers(201), _agreement_body(zin)),
            Req("post", f"{F}/agreements/", status(400), _agreement_body(zout)),
        ]
    ),
    "finance-agreement-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/agreements/{agreement(zin)}/", status(200)),
            Req("get", f"{F}/agreements/{agreement(zout)}/", status(404)),
        ]
    ),
    "finance-agreement-revise": Row(
        lambda role, zin, zout: [
            _revise(zin, keepers(201)),
            _revise(zout, status(404)),
        ],
        note="a new version from the year after the current one starts",
    ),
    "finance-shares": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/shares/?zone={zin}&year={YEAR}", status(200)),
            Req("get", f"{F}/shares/?zone={zout}&year={YEAR}", status(404)),
        ]
    ),
    "finance-reward": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/rewards/?zone={zin}&year={YEAR}", status(200)),
            Req("get", f"{F}/rewards/?zone={zout}&year={YEAR}", status(404)),
        ]
    ),
    "finance-project-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/projects/", status(200), zone_field="zone"),
            Req("post", f"{F}/projects/", keepers(201), _project_body(zin)),
            Req("post", f"{F}/projects/", status(400), _project_body(zout)),
        ]
    ),
    "finance-project-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/projects/{project(zin)}/", status(200)),
            Req("get", f"{F}/projects/{project(zout)}/", status(404)),
        ]
    ),
    "finance-project-pay": Row(
        lambda role, zin, zout: [
            Req("post", f"{F}/projects/{project(zin)}/stages/landed/pay/", keepers(200), {}),
            Req("post", f"{F}/projects/{project(zin, ())}/stages/landed/pay/", keepers(409), {}),
            Req("post", f"{F}/projects/{project(zout)}/stages/landed/pay/", status(404), {}),
        ],
        note="paid by the keepers; a stage not reached is 409 for them",
    ),
    "finance-project-reach": Row(
        lambda role, zin, zout: [
            Req(
                "post",
                f"{F}/projects/{project(zin, ())}/stages/landed/reach/",
                reporters(200),
                {"reached_on": "2025-01-02", "evidence": "签约协议"},
            ),
            Req(
                "post",
                f"{F}/projects/{project(zout, ())}/stages/landed/reach/",
                status(404),
                {"reached_on": "2025-01-02", "evidence": "签约协议"},
            ),
        ],
        note="stages are reported by the zone or the keepers",
    ),
    "finance-scheme-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/schemes/", status(200)),
            Req(
                "post",
                f"{F}/schemes/",
                keepers(201),
                {
                    "name": f"矩阵方案{next(_serial)}",
                    "kind": "project_award",
                    "basis": "percent",
                    "stage_values": {"completed": "100"},
                },
            ),
        ],
        note="schemes are reference data: read by all, made by province and city staff",
    ),
    "finance-designation-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/designations/", status(200), zone_field="zone"),
            Req("post", f"{F}/designations/", status(403, province_admin=201), _designation(zin)),
            Req("post", f"{F}/designations/", status(400), _designation(zout)),
        ],
        note="the reward's designation is recorded by the province",
    ),
    "finance-fiscal-profile-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/fiscal-profiles/", status(200), zone_field="zone"),
            Req("post", f"{F}/fiscal-profiles/", keepers(201), {"zone": zin, "model": "independent"}),
            Req("post", f"{F}/fiscal-profiles/", status(400), {"zone": zout, "model": "independent"}),
        ]
    ),
    "finance-city-plan-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{F}/city-plans/", status(200)),
            Req(
                "post",
                f"{F}/city-plans/",
                keepers(201),
                {"city": _city_of(zin), "year": YEAR, "planned_growth_percent": "6.50"},
            ),
            Req(
                "post", f"{F}/city-plans/", status(400), {"city": "220100", "year": YEAR, "planned_growth_percent": "6"}
            ),
        ],
        note="a city outside the scope is unknown (400)",
    ),
}


def revenue_workbook(zone: str) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "税收收入"
    book.active.append(["开发区代码", "年度", "月份", "税种", "收入(元)"])
    book.active.append([zone, YEAR, 2, "契税", "10.00"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "税收收入.xlsx"
    return buffer


add(
    {
        "report-pdf": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/reports/finance-statement.pdf?zone={zin}&year={YEAR}", status(200)),
                Req("get", f"/api/v1/reports/finance-statement.pdf?zone={zout}&year={YEAR}", status(404)),
            ],
            covers=frozenset({"report:finance-statement"}),
        ),
        "export-xlsx": Row(
            lambda role, zin, zout: [Req("get", f"/api/v1/exports/finance-revenues.xlsx?zone={zin}", status(200))],
            covers=frozenset({"export:finance-revenues"}),
        ),
        "import-template": Row(
            lambda role, zin, zout: [Req("get", "/api/v1/imports/finance-revenues/template.xlsx", status(200))]
        ),
        "import-upload": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    "/api/v1/imports/finance-revenues/",
                    keepers(200),
                    data={"file": revenue_workbook(zin)},
                    format="multipart",
                )
            ],
            covers=frozenset({"import:finance-revenues"}),
        ),
    }
)


# -- pages (namespace finance): anonymous is sent to log in; a zone or project outside the scope
# is a 404; writes need manage_finance.


def page(default: int, **per_role: int) -> dict[str | None, int]:
    return {"*": default, None: 302, **per_role}


def page_keepers(ok: int) -> dict[str | None, int]:
    return page(403, **dict.fromkeys(KEEPERS, ok))


AGREEMENT_FORM = {
    "tax_types": ["land_appreciation"],
    "base_amount": "100.00",
    "base_city": "50",
    "base_zone": "50",
    "increment_city": "10",
    "increment_zone": "90",
    "shortfall_rule": "proportional",
}


def _agreement_form() -> dict[str, Any]:
    start = _years()
    return {**AGREEMENT_FORM, "base_year": start - 1, "effective_from": start, "effective_to": start}


PAGE_ROWS: dict[str, Row] = {
    "finance:index": Row(lambda role, zin, zout: [Req("get", "/finance/", page(200))]),
    "finance:zone": Row(
        lambda role, zin, zout: [
            Req("get", f"/finance/zones/{zin}/", page(200)),
            Req("get", f"/finance/zones/{zout}/", page(404)),
        ]
    ),
    "finance:agreement-new": Row(
        lambda role, zin, zout: [
            Req(
                "post",
                f"/finance/zones/{zin}/agreements/new/",
                page_keepers(302),
                _agreement_form(),
                format="multipart",
            ),
            Req("post", f"/finance/zones/{zout}/agreements/new/", page(404), _agreement_form(), format="multipart"),
        ]
    ),
    "finance:revenue": Row(
        lambda role, zin, zout: [
            Req("post", f"/finance/zones/{zin}/revenue/", page_keepers(302), REVENUE, format="multipart"),
            Req("post", f"/finance/zones/{zout}/revenue/", page(404), REVENUE, format="multipart"),
        ]
    ),
    "finance:fiscal": Row(
        lambda role, zin, zout: [
            Req(
                "post", f"/finance/zones/{zin}/fiscal/", page_keepers(302), {"model": "independent"}, format="multipart"
            ),
            Req("post", f"/finance/zones/{zout}/fiscal/", page(404), {"model": "independent"}, format="multipart"),
        ]
    ),
    "finance:statement": Row(
        lambda role, zin, zout: [
            Req("get", f"/finance/zones/{zin}/statement/{YEAR}/", page(200)),
            Req("get", f"/finance/zones/{zout}/statement/{YEAR}/", page(404)),
        ]
    ),
    "finance:statement-xlsx": Row(
        lambda role, zin, zout: [
            Req("get", f"/finance/zones/{zin}/statement/{YEAR}.xlsx", page(200)),
            Req("get", f"/finance/zones/{zout}/statement/{YEAR}.xlsx", page(404)),
        ]
    ),
    "finance:projects": Row(lambda role, zin, zout: [Req("get", "/finance/projects/", page(200))]),
    "finance:project": Row(
        lambda role, zin, zout: [
            Req("get", f"/finance/projects/{project(zin)}/", page(200)),
            Req("get", f"/finance/projects/{project(zout)}/", page(404)),
        ]
    ),
    "finance:stage-action": Row(
        lambda role, zin, zout: [
            Req(
                "post",
                f"/finance/projects/{project(zin)}/stages/landed/pay/",
                page_keepers(302),
                {"confirmed": "1"},
                format="multipart",
            ),
            Req("post", f"/finance/projects/{project(zout)}/stages/landed/pay/", page(404), {}, format="multipart"),
        ]
    ),
}

add(ROWS)
add(PAGE_ROWS)


# -- the pages of the jobs that were API-only: agreement versions and revision, the cities'
# planned growth, incentive schemes, registering a project, recording a reward designation.


def _revise_form(code: str, expect: dict[str | None, int]) -> Req:
    pk, year = open_agreement(code)
    body = {**AGREEMENT_FORM, "tax_types": ["other"], "base_year": year - 2, "effective_from": year}
    return Req("post", f"/finance/agreements/{pk}/revise/", expect, body, format="multipart")


def _project_form() -> dict[str, Any]:
    from tests.finance.helpers import scheme

    return {
        "name": f"矩阵页面项目{next(_serial)}",
        "investor": "某公司",
        "amount": "1000.00",
        "scheme": scheme().pk,
        "award": "100.00",
    }


def _scheme_form() -> dict[str, Any]:
    return {"name": f"矩阵页面方案{next(_serial)}", "kind": "project_award", "basis": "percent", "completed": "100"}


FORM_ROWS: dict[str, Row] = {
    "finance:agreement": Row(
        lambda role, zin, zout: [
            Req("get", f"/finance/agreements/{agreement(zin)}/", page(200)),
            Req("get", f"/finance/agreements/{agreement(zout)}/", page(404)),
        ]
    ),
    "finance:agreement-revise": Row(
        lambda role, zin, zout: [_revise_form(zin, page_keepers(302)), _revise_form(zout, page(404))],
        note="a new version from the year after the current one starts",
    ),
    "finance:city-plans": Row(
        lambda role, zin, zout: [
            Req("get", "/finance/city-plans/", page(200)),
            Req(
                "post",
                "/finance/city-plans/",
                page_keepers(302),
                {"city": _city_of(zin), "year": YEAR, "planned_growth_percent": "6.50"},
                format="multipart",
            ),
            Req(
                "post",
                "/finance/city-plans/",
                page(403, **dict.fromkeys(KEEPERS, 400)),
                {"city": _city_of(zout), "year": YEAR, "planned_growth_percent": "6.50"},
                format="multipart",
            ),
        ],
        note="a city outside the keeper's scope is not among the choices (400)",
    ),
    "finance:schemes": Row(
        lambda role, zin, zout: [
            Req("get", "/finance/schemes/", page(200)),
            Req("post", "/finance/schemes/", page_keepers(302), _scheme_form(), format="multipart"),
        ],
        note="schemes are reference data: read by all, made by province and city staff",
    ),
    "finance:project-new": Row(
        lambda role, zin, zout: [
            Req("get", f"/finance/zones/{zin}/projects/new/", page_keepers(200)),
            Req("get", f"/finance/zones/{zout}/projects/new/", page(404)),
            Req("post", f"/finance/zones/{zin}/projects/new/", page_keepers(302), _project_form(), format="multipart"),
            Req("post", f"/finance/zones/{zout}/projects/new/", page(404), _project_form(), format="multipart"),
        ]
    ),
    "finance:designations": Row(
        lambda role, zin, zout: [
            Req("get", "/finance/designations/", page(200)),
            Req("post", "/finance/designations/", page(403, province_admin=302), _designation(zin), format="multipart"),
            Req(
                "post", "/finance/designations/", page(403, province_admin=400), _designation(zout), format="multipart"
            ),
        ],
        note="the reward's designation is recorded by the province; a zone out of scope is not a choice (400)",
    ),
}

add(FORM_ROWS)

"""The powers app's rows of the tenancy matrix (tests/tenancy/matrix.py): every endpoint under
``/api/v1/powers/`` × every demo role × a zone in and out of the role's scope.

The delegations the rows act on are made here, fresh, of a fresh 市场监管 item (the demo
department ``dept_market`` grants 市场监管 powers in Yingkou), so each role meets one it may
see — and, where its side allows, move — in its zone, and one outside it.
"""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from tests.tenancy.matrix import Req, Row, add, status

_serial = count(1)
GRANTING = {"province_admin": 200, "dept_market": 200}
ZONE_SIDE = {"province_admin": 200, "zone_yingkou_hr": 200, "zone_dalian_hr": 200}
CITY = {"province_admin": 201, "city_yingkou": 201, "city_dalian": 201}


def _created(expect: dict[str, int]) -> dict[str, int]:
    return dict.fromkeys(expect, 201)


def fresh_item(department: str = "市场监管") -> Any:
    from powers.models import PowerItem

    n = next(_serial)
    return PowerItem.objects.create(
        code=f"MX-{n:04d}",
        name=f"矩阵测试事项{n}",
        type="licence",
        granting_level="city",
        granting_department=department,
        domain="market",
    )


def delegation(code: str, state: str) -> int:
    """A delegation of a fresh item to zone ``code`` in ``state``, in force since last spring."""
    from powers.models import Delegation, DelegationTransition
    from zones.models import Zone

    since = date(date.today().year - 1, 3, 1)
    d = Delegation.objects.create(
        zone=Zone.objects.get(code=code),
        item=fresh_item(),
        mode="direct",
        status=state,
        document_no="矩阵〔2025〕1号" if state != "proposed" else "",
        effective_from=since if state != "proposed" else None,
    )
    DelegationTransition.objects.create(delegation=d, action="propose", to_state="proposed", effective_on=since)
    if state != "proposed":
        DelegationTransition.objects.create(
            delegation=d, action="delegate", from_state="proposed", to_state="delegated", effective_on=since
        )
    if state == "taken_on":
        DelegationTransition.objects.create(
            delegation=d, action="take_on", from_state="delegated", to_state="taken_on", effective_on=since
        )
    return d.pk


def evaluation(code: str, period: str | None = None) -> int:
    from powers.models import Evaluation

    return Evaluation.objects.create(
        delegation_id=delegation(code, "taken_on"),
        period=period or str(date.today().year - 1),
        cases_handled=3,
        on_time_rate=100,
        rating="good",
        recommendation="keep",
    ).pk


D = "/api/v1/powers/delegations/"
CASES = {"period": str(date.today().year - 1), "cases_handled": 9, "on_time": 8}
MOVE = {"document_no": "矩阵〔2026〕2号", "reason": "矩阵测试", "fallback_mode": "dual_plate"}


def _move(name: str, state: str, expect: dict[str, int]) -> Row:
    return Row(
        lambda role, zin, zout: [
            Req("post", f"{D}{delegation(zin, state)}/{name}/", status(403, **expect), MOVE),
            Req("post", f"{D}{delegation(zout, state)}/{name}/", status(404), MOVE),
        ],
        note="granting moves: the item's department or the province; zone moves: the zone or the province",
    )


def _new(zone: str) -> dict[str, Any]:
    return {"zone": zone, "item": fresh_item().code, "mode": "direct"}


def _bulk(zone: str) -> dict[str, Any]:
    return {"zones": [zone], "items": [fresh_item().code, fresh_item().code], "mode": "entrusted"}


def _evaluation(pk: int) -> dict[str, Any]:
    period = str(date.today().year - 1)
    return {
        "delegation": pk,
        "period": period,
        "cases_handled": 5,
        "on_time_rate": "99",
        "rating": "good",
        "recommendation": "keep",
    }


def _item_payload() -> dict[str, Any]:
    n = next(_serial)
    return {
        "code": f"MX-NEW-{n}",
        "name": "矩阵新事项",
        "type": "filing",
        "granting_level": "city",
        "granting_department": "市场监管",
        "domain": "market",
    }


ROWS: dict[str, Row] = {  # the API endpoints
    "power-item-list": Row(
        lambda role, zin, zout: [
            Req("get", "/api/v1/powers/items/", status(200)),
            Req("post", "/api/v1/powers/items/", status(403, **CITY), _item_payload()),
        ],
        note="the catalogue: read by all, kept by province and city staff",
    ),
    "power-item-detail": Row(
        lambda role, zin, zout: [
            Req("get", "/api/v1/powers/items/LN-SC-001/", status(200)),
            Req(
                "patch",
                f"/api/v1/powers/items/{fresh_item().code}/",
                status(403, **dict.fromkeys(CITY, 200)),
                {"name": "改"},
            ),
        ]
    ),
    "power-delegation-list": Row(
        lambda role, zin, zout: [
            Req("get", D, status(200), zone_field="zone"),
            Req("get", f"{D}?as_of={date.today().isoformat()}", status(200), zone_field="zone"),
            Req("post", D, status(403, **_created(GRANTING)), _new(zin)),
            Req("post", D, status(400), _new(zout)),
        ],
        note="a zone outside the scope is an unknown zone (400)",
    ),
    "power-delegation-bulk": Row(
        lambda role, zin, zout: [
            Req("post", f"{D}bulk/", status(403, **_created(GRANTING)), _bulk(zin)),
            Req("post", f"{D}bulk/", status(400), _bulk(zout)),
        ]
    ),
    "power-delegation-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"{D}{delegation(zin, 'delegated')}/", status(200)),
            Req("get", f"{D}{delegation(zout, 'delegated')}/", status(404)),
            Req("patch", f"{D}{delegation(zin, 'delegated')}/", status(403, **GRANTING), {"note": "矩阵"}),
            Req("patch", f"{D}{delegation(zout, 'delegated')}/", status(404), {"note": "矩阵"}),
        ]
    ),
    "power-delegation-delegate": _move("delegate", "proposed", GRANTING),
    "power-delegation-take-on": Row(
        lambda role, zin, zout: [
            *_move("take-on", "delegated", ZONE_SIDE).build(role, zin, zout),
            Req(
                "post", f"{D}{delegation(zin, 'taken_on')}/take-on/", status(403, **dict.fromkeys(ZONE_SIDE, 409)), MOVE
            ),
        ],
        note="a move the state does not allow is 409 for whoever may make it",
    ),
    "power-delegation-defer": _move("defer", "delegated", ZONE_SIDE),
    "power-delegation-withdraw": _move("withdraw", "taken_on", GRANTING),
    "power-delegation-cases": Row(
        lambda role, zin, zout: [
            Req("get", f"{D}{delegation(zin, 'taken_on')}/cases/", status(200)),
            Req("get", f"{D}{delegation(zout, 'taken_on')}/cases/", status(404)),
            Req("post", f"{D}{delegation(zin, 'taken_on')}/cases/", status(403, **ZONE_SIDE), CASES),
            Req("post", f"{D}{delegation(zout, 'taken_on')}/cases/", status(404), CASES),
        ],
        note="cases handled are recorded by the zone side",
    ),
    "power-delegation-recorded": Row(
        lambda role, zin, zout: [
            Req("get", f"{D}recorded/?zone={zin}&recorded_at={date.today().isoformat()}", status(200)),
            Req("get", f"{D}recorded/?zone={zout}&recorded_at={date.today().isoformat()}", status(404)),
        ]
    ),
    "power-delegation-log": Row(
        lambda role, zin, zout: [
            Req("get", f"{D}{delegation(zin, 'taken_on')}/log/", status(200)),
            Req("get", f"{D}{delegation(zout, 'taken_on')}/log/", status(404)),
        ]
    ),
    "power-evaluation-list": Row(
        lambda role, zin, zout: [
            Req("get", "/api/v1/powers/evaluations/", status(200)),
            Req(
                "post",
                "/api/v1/powers/evaluations/",
                status(403, **_created(GRANTING)),
                _evaluation(delegation(zin, "taken_on")),
            ),
            Req("post", "/api/v1/powers/evaluations/", status(400), _evaluation(delegation(zout, "taken_on"))),
        ],
        note="evaluations are filed by the granting side; a delegation out of scope is unknown (400)",
    ),
    "power-evaluation-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"/api/v1/powers/evaluations/{evaluation(zin)}/", status(200)),
            Req("get", f"/api/v1/powers/evaluations/{evaluation(zout)}/", status(404)),
        ]
    ),
    "power-evaluation-owed": Row(lambda role, zin, zout: [Req("get", "/api/v1/powers/evaluations/owed/", status(200))]),
    "power-responsibility-list": Row(
        lambda role, zin, zout: [
            Req("get", "/api/v1/powers/responsibilities/", status(200), zone_field="zone"),
            Req(
                "post",
                "/api/v1/powers/responsibilities/",
                status(403, **CITY),
                {"zone": zin, "item": "LN-FG-002", "zone_duties": "受理", "county_duties": "指导"},
            ),
            Req(
                "post",
                "/api/v1/powers/responsibilities/",
                status(400),
                {"zone": zout, "item": "LN-FG-002", "zone_duties": "受理", "county_duties": "指导"},
            ),
        ],
        note="the responsibility list is edited by the city",
    ),
    "power-figures": Row(lambda role, zin, zout: [Req("get", "/api/v1/powers/figures/", status(200))]),
}


# -- the app's PDFs, exports and imports, added to the platform's rows (report-pdf, export-xlsx,
# import-upload, import-template) -----------------------------------------------------------------


def catalogue_workbook() -> Any:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "赋权事项"
    book.active.append(["事项编码", "事项名称", "事项类型", "赋权层级", "赋权部门", "领域"])
    book.active.append([f"MX-X-{next(_serial)}", "矩阵导入事项", "行政许可", "市级", "市场监管", "市场监管"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "赋权事项.xlsx"
    return buffer


def register_workbook(zone: str) -> Any:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "赋权清单"
    book.active.append(["开发区代码", "事项编码", "赋权方式", "状态"])
    book.active.append([zone, fresh_item().code, "直接下放", "拟赋权"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "赋权清单.xlsx"
    return buffer


add(
    {
        "report-pdf": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/reports/power-register.pdf?zone={zin}", status(200)),
                Req("get", f"/api/v1/reports/power-register.pdf?zone={zout}", status(404)),
                Req("get", f"/api/v1/reports/power-responsibilities.pdf?zone={zin}", status(200)),
                Req("get", f"/api/v1/reports/power-responsibilities.pdf?zone={zout}", status(404)),
            ],
            covers=frozenset({"report:power-register", "report:power-responsibilities"}),
        ),
        "export-xlsx": Row(
            lambda role, zin, zout: [
                Req("get", "/api/v1/exports/power-items.xlsx", status(200)),
                Req("get", f"/api/v1/exports/power-delegations.xlsx?zone={zin}", status(200)),
            ],
            covers=frozenset({"export:power-items", "export:power-delegations"}),
        ),
        "import-template": Row(
            lambda role, zin, zout: [
                Req("get", "/api/v1/imports/power-items/template.xlsx", status(200)),
                Req("get", "/api/v1/imports/power-delegations/template.xlsx", status(200)),
            ]
        ),
        "import-upload": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    "/api/v1/imports/power-items/",
                    status(403, **dict.fromkeys(CITY, 200)),
                    data={"file": catalogue_workbook()},
                    format="multipart",
                ),
                Req(
                    "post",
                    "/api/v1/imports/power-delegations/",
                    status(403, province_admin=200, dept_market=200, zone_yingkou_hr=400, zone_dalian_hr=400),
                    data={"file": register_workbook(zin)},
                    format="multipart",
                ),
            ],
            note="a zone officer may import (manage_powers) but is not the granting side of any row: 400",
            covers=frozenset({"import:power-items", "import:power-delegations"}),
        ),
    }
)


# What the register said on a day (recorded time): its PDF and its Excel, in scope or not.
TODAY = date.today().isoformat()  # the machine's date: never after the portal's (Asia/Shanghai)
add(
    {
        "report-pdf": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/reports/power-register-recorded.pdf?zone={zin}&recorded_on={TODAY}", status(200)),
                Req("get", f"/api/v1/reports/power-register-recorded.pdf?zone={zout}&recorded_on={TODAY}", status(404)),
            ],
            covers=frozenset({"report:power-register-recorded"}),
        ),
        "export-xlsx": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/exports/power-delegations.xlsx?zone={zin}&recorded_on={TODAY}", status(200)),
                Req("get", f"/api/v1/exports/power-delegations.xlsx?zone={zout}&recorded_on={TODAY}", status(400)),
            ],
            note="a zone outside the scope reads as unknown: 400 with its message, nothing exported",
        ),
    }
)


# -- pages (namespace powers): anonymous is sent to log in; a zone or delegation outside the
# scope is a 404 for every role; delegating needs the granting side.


def page(default: int, **per_role: int) -> dict[str | None, int]:
    return {"*": default, None: 302, **per_role}


def _zone_page(path: str) -> Row:
    return Row(
        lambda role, zin, zout: [
            Req("get", path.format(code=zin), page(200)),
            Req("get", path.format(code=zout), page(404)),
        ]
    )


def _post_only(path: str) -> Row:
    return Row(
        lambda role, zin, zout: [
            Req("get", path.format(pk=delegation(zin, "taken_on")), page(405)),
            Req("post", path.format(pk=delegation(zout, "taken_on")), page(404), data={}, format="multipart"),
        ]
    )


PAGE_ROWS: dict[str, Row] = {  # the API endpoints
    "powers:catalogue": Row(lambda role, zin, zout: [Req("get", "/powers/", page(200))]),
    "powers:evaluations": Row(lambda role, zin, zout: [Req("get", "/powers/evaluations/", page(200))]),
    "powers:delegate": Row(
        lambda role, zin, zout: [Req("get", "/powers/delegate/", page(403, province_admin=200, dept_market=200))]
    ),
    "powers:register": _zone_page("/powers/zones/{code}/"),
    "powers:responsibilities": _zone_page("/powers/zones/{code}/responsibilities/"),
    "powers:delegation": Row(
        lambda role, zin, zout: [
            Req("get", f"/powers/delegations/{delegation(zin, 'delegated')}/", page(200)),
            Req("get", f"/powers/delegations/{delegation(zout, 'delegated')}/", page(404)),
        ]
    ),
    "powers:recorded": _zone_page("/powers/zones/{code}/recorded/"),
    "powers:figures": Row(lambda role, zin, zout: [Req("get", "/powers/figures/", page(200))]),
    "powers:delegations": Row(
        lambda role, zin, zout: [
            Req("get", f"/powers/delegations/?zone={zin}", page(200)),
            Req("get", "/powers/delegations/?status=nonsense", page(400)),
        ]
    ),
    "powers:move": _post_only("/powers/delegations/{pk}/move/take-on/"),
    "powers:evaluate": _post_only("/powers/delegations/{pk}/evaluate/"),
    "powers:cases": _post_only("/powers/delegations/{pk}/cases/"),
}


# -- the auditor's period (ADR 0202): evaluations and case records are year-bound (scope_year =
# "period"). A year before the demo auditor's period (this year and last): the auditor gets 404 on
# such an evaluation and meets none in the lists (tests/powers/test_auditor_period.py checks the
# lists are empty for it and not for the others); every other role in scope reads them.
OLD = str(date.today().year - 5)


def old_cases(code: str) -> int:
    """A delegation of zone ``code`` with cases recorded for ``OLD`` only; its id."""
    from powers.models import CaseRecord

    pk = delegation(code, "taken_on")
    CaseRecord.objects.create(delegation_id=pk, period=OLD, cases_handled=4, on_time=4)
    return pk


PERIOD_ROWS: dict[str, Row] = {
    "power-evaluation-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"/api/v1/powers/evaluations/{evaluation(zin, OLD)}/", status(200, auditor=404)),
            Req("get", f"/api/v1/powers/evaluations/{evaluation(zout, OLD)}/", status(404)),
        ],
        note="an evaluation of a year outside the auditor's period is a 404 for it",
    ),
    "power-evaluation-list": Row(
        lambda role, zin, zout: [
            Req("get", f"/api/v1/powers/evaluations/?period={OLD}&zone={zin}", status(200), zone_field="zone"),
        ]
    ),
    "power-delegation-cases": Row(
        lambda role, zin, zout: [
            Req("get", f"{D}{old_cases(zin)}/cases/", status(200)),
            Req("get", f"{D}{old_cases(zout)}/cases/", status(404)),
        ]
    ),
    "powers:delegation": Row(
        lambda role, zin, zout: [
            Req("get", f"/powers/delegations/{old_cases(zin)}/", page(200)),
            Req("get", f"/powers/delegations/{old_cases(zout)}/", page(404)),
        ]
    ),
}


add(ROWS)
add(PAGE_ROWS)
add(PERIOD_ROWS)

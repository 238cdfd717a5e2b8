"""The assessment app's rows of the tenancy matrix (tests/tenancy/matrix.py): every endpoint,
page, PDF, import and export × every demo role × a zone in and out of the role's scope.

The demo's latest year (``YEAR``) is open: a zone officer sees its own zone's results only; the
closed years' published ranking is checked in tests/assessment/test_api.py.
"""

from __future__ import annotations

import io
from typing import Any

from tests.assessment.helpers import YEAR
from tests.tenancy.matrix import Req, Row, add, status

B = "/api/v1/assessment/benchmarks/"
V = "/api/v1/assessment/values/"
BENCH_KEEPERS = {"province_admin": 201, "city_yingkou": 201, "city_dalian": 201}
ENTERERS = {"province_admin": 201, "zone_yingkou_hr": 201, "zone_dalian_hr": 201}


def page(default: int, **per_role: int) -> dict[str | None, int]:
    return {"*": default, None: 302, **per_role}


def benchmark_pk(code: str) -> int:
    from assessment.models import Benchmark
    from zones.models import Zone

    row, _created = Benchmark.objects.get_or_create(
        zone=Zone.objects.get(code=code), year=YEAR, defaults={"benchmark_per_capita": 50000, "headcount": 40}
    )
    return row.pk


def indicator_for(code: str) -> int:
    from assessment.models import Indicator
    from zones.models import Zone

    group = Zone.objects.get(code=code).level
    return Indicator.objects.filter(dimension__system__year=YEAR, dimension__system__group=group).first().pk


def indicator_code(code: str) -> str:
    from assessment.models import Indicator

    return Indicator.objects.get(pk=indicator_for(code)).code


def _bench(zone: str) -> dict[str, Any]:
    return {"zone": zone, "year": YEAR, "benchmark_per_capita": "61000.00", "headcount": 45}


def _value(zone: str) -> dict[str, Any]:
    return {"zone": zone, "indicator": indicator_for(zone), "value": "77.5"}


def values_workbook(zone: str) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "考核指标数值"
    book.active.append(["开发区代码", "年度", "指标代码", "期间", "数值"])
    book.active.append([zone, YEAR, indicator_code(zone), "Y", 66])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "考核指标数值.xlsx"
    return buffer


ROWS: dict[str, Row] = {
    "assessment-result-list": Row(
        lambda role, zin, zout: [
            Req("get", f"/api/v1/assessment/results/?year={YEAR}", status(200), zone_field="zone"),
            Req("get", f"/api/v1/assessment/results/?year={YEAR}&group=provincial", status(200), zone_field="zone"),
            Req("get", "/api/v1/assessment/results/?group=nope", status(400)),
        ],
        note="an open year: only the zones in scope (an auditor: of its years)",
    ),
    "assessment-pool-list": Row(
        lambda role, zin, zout: [
            Req("get", f"/api/v1/assessment/pay-pools/?year={YEAR}", status(200), zone_field="zone"),
            Req("get", f"/api/v1/assessment/pay-pools/?zone={zin}&year={YEAR}", status(200), zone_field="zone"),
        ]
    ),
    "assessment-benchmark-list": Row(
        lambda role, zin, zout: [
            Req("get", B, status(200), zone_field="zone"),
            Req("post", B, status(403, **BENCH_KEEPERS), _bench(zin)),
            Req("post", B, status(400), _bench(zout)),
        ],
        note="benchmarks are set by the city (or the province); a zone outside the scope is unknown (400)",
    ),
    "assessment-benchmark-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"{B}{benchmark_pk(zin)}/", status(200)),
            Req("get", f"{B}{benchmark_pk(zout)}/", status(404)),
            Req(
                "patch", f"{B}{benchmark_pk(zin)}/", status(403, **dict.fromkeys(BENCH_KEEPERS, 200)), {"headcount": 61}
            ),
            Req("patch", f"{B}{benchmark_pk(zout)}/", status(404), {"headcount": 61}),
        ]
    ),
    "assessment-value-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{V}?year={YEAR}", status(200), zone_field="zone"),
            Req("post", V, status(403, **ENTERERS), _value(zin)),
            Req("post", V, status(400), _value(zout)),
        ],
        note="values are entered by the zone or the province",
    ),
}

IG = "/api/v1/assessment/internal-grades/"
DG = "/api/v1/assessment/department-grades/"
DP = "/api/v1/assessment/distribution-plans/"
REFUSED_BY_SERVICE = dict.fromkeys(ENTERERS, 400)  # officers pass the permission check, then 400


def plan_pk(code: str) -> int:
    from django.utils import timezone

    from assessment.models import DistributionPlan, PayPool
    from zones.models import Zone

    zone = Zone.objects.get(code=code)
    pool = PayPool.objects.filter(zone=zone, year=YEAR, result_set__is_current=True).first()
    total = pool.pool_total if pool else 0  # filing asks for the current pool (ADR 0505)
    row, _created = DistributionPlan.objects.get_or_create(
        zone=zone, year=YEAR, defaults={"pool_total": total, "distributed": 0, "computed_at": timezone.now()}
    )
    DistributionPlan.objects.filter(pk=row.pk).update(state="draft", pool_total=total)  # the demo's may be filed
    return row.pk


INTERNAL_ROWS: dict[str, Row] = {
    "assessment-internal-grade-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{IG}?year={YEAR}", status(200), zone_field="zone"),
            Req("post", IG, status(404), {"staff": 0, "year": YEAR, "grade": "S"}),
        ],
        note="a person outside the scope is not found",
    ),
    "assessment-internal-grade-close": Row(
        lambda role, zin, zout: [
            Req("post", f"{IG}close/", status(403, **REFUSED_BY_SERVICE), {"zone": zin, "year": YEAR + 5}),
            Req("post", f"{IG}close/", status(400), {"zone": zout, "year": YEAR + 5}),
        ],
        note="closing the internal year is the zone's officers' (a year with no grades: 400)",
    ),
    "assessment-department-grade-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{DG}?year={YEAR}", status(200), zone_field="zone"),
            Req("post", DG, status(400), {"zone": zout, "department": 0, "year": YEAR, "grade": "S"}),
        ]
    ),
    "assessment-plan-list": Row(
        lambda role, zin, zout: [
            Req("get", DP, status(200), zone_field="zone"),
            Req("post", DP, status(403, **REFUSED_BY_SERVICE), {"zone": zin, "year": YEAR + 5}),
            Req("post", DP, status(400), {"zone": zout, "year": YEAR}),
        ],
        note="the city sees every plan of its city; a plan is computed by the zone's officers",
    ),
    "assessment-plan-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"{DP}{plan_pk(zin)}/", status(200)),
            Req("get", f"{DP}{plan_pk(zout)}/", status(404)),
        ]
    ),
    "assessment-plan-file": Row(
        lambda role, zin, zout: [
            Req("post", f"{DP}{plan_pk(zout)}/file/", status(404)),
            Req("post", f"{DP}{plan_pk(zin)}/file/", status(403, **dict.fromkeys(ENTERERS, 200))),
        ],
        note="filing (备案) is the zone's officers'",
    ),
}

PAGE_ROWS: dict[str, Row] = {
    "assessment:ranking": Row(lambda role, zin, zout: [Req("get", f"/assessment/?year={YEAR}", page(200))]),
    "assessment:ranking_rows": Row(
        lambda role, zin, zout: [Req("get", f"/assessment/ranking/rows/?year={YEAR}", page(200))]
    ),
    "assessment:zone": Row(
        lambda role, zin, zout: [
            Req("get", f"/assessment/zones/{zin}/?year={YEAR}", page(200)),
            Req("get", f"/assessment/zones/{zout}/?year={YEAR}", page(404)),
            Req("post", f"/assessment/zones/{zout}/?year={YEAR}", page(404), data={}, format="multipart"),
        ]
    ),
    "assessment:zone_live": Row(
        lambda role, zin, zout: [
            Req("get", f"/assessment/zones/{zin}/live/?year={YEAR}", page(200)),
            Req("get", f"/assessment/zones/{zout}/live/?year={YEAR}", page(404)),
        ]
    ),
    "assessment:pools": Row(lambda role, zin, zout: [Req("get", f"/assessment/pools/?year={YEAR}", page(200))]),
    "assessment:plans": Row(lambda role, zin, zout: [Req("get", "/assessment/plans/", page(200))]),
    "assessment:plan": Row(
        lambda role, zin, zout: [
            Req("get", f"/assessment/plans/{plan_pk(zin)}/", page(200)),
            Req("get", f"/assessment/plans/{plan_pk(zout)}/", page(404)),
            Req(
                "post",
                f"/assessment/plans/{plan_pk(zout)}/",
                page(404),
                data={"action": "recompute"},
                format="multipart",
            ),
            Req(
                "post",
                f"/assessment/plans/{plan_pk(zin)}/",
                page(403, **dict.fromkeys(ENTERERS, 302)),
                data={"action": "recompute"},
                format="multipart",
            ),
        ],
        note="the zone's officers recompute or file (after confirming); everyone in scope reads",
    ),
    "assessment:plan_live": Row(
        lambda role, zin, zout: [
            Req("get", f"/assessment/plans/{plan_pk(zin)}/live/", page(200)),
            Req("get", f"/assessment/plans/{plan_pk(zout)}/live/", page(404)),
        ]
    ),
    "assessment:benchmarks": Row(lambda role, zin, zout: [Req("get", "/assessment/benchmarks/", page(200))]),
    "assessment:year": Row(lambda role, zin, zout: [Req("get", f"/assessment/years/{YEAR}/", page(200))]),
    "assessment:close": Row(
        lambda role, zin, zout: [
            Req("get", f"/assessment/years/{YEAR}/close/", page(405)),
            Req(
                "post",
                f"/assessment/years/{YEAR}/close/",
                page(403, province_admin=302),
                data={"confirmed": "1"},
                format="multipart",
            ),
        ],
        note="closing (publishing) a year is the province's",
    ),
    "assessment:reopen": Row(
        lambda role, zin, zout: [
            Req(
                "post",
                f"/assessment/years/{YEAR - 1}/reopen/",
                page(403, province_admin=302),
                data={"reason": "矩阵", "confirmed": "1"},
                format="multipart",
            ),
        ]
    ),
    "assessment:system": Row(
        lambda role, zin, zout: [
            Req("get", f"/assessment/systems/{YEAR}/provincial/", page(200)),
            Req("get", f"/assessment/systems/{YEAR}/nope/", page(404)),
            Req(
                "post",
                f"/assessment/systems/{YEAR + 3}/national/",
                page(403, province_admin=302),
                data={},
                format="multipart",
            ),
        ],
        note="indicator systems are the province's",
    ),
}

add(ROWS)
add(INTERNAL_ROWS)
add(PAGE_ROWS)
add(
    {
        "report-pdf": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/reports/assessment-ranking.pdf?year={YEAR}&group=provincial", status(200)),
                Req("get", f"/api/v1/reports/assessment-sheet.pdf?zone={zin}&year={YEAR}", status(200)),
                Req("get", f"/api/v1/reports/assessment-sheet.pdf?zone={zout}&year={YEAR}", status(404)),
                Req("get", f"/api/v1/reports/assessment-pools.pdf?year={YEAR}&zone={zin}", status(200)),
                Req("get", f"/api/v1/reports/assessment-pools.pdf?year={YEAR}&zone={zout}", status(404)),
                Req("get", f"/api/v1/reports/assessment-pools.pdf?year={YEAR}", status(200)),
            ],
            covers=frozenset({"report:assessment-ranking", "report:assessment-sheet", "report:assessment-pools"}),
        ),
        "export-xlsx": Row(
            lambda role, zin, zout: [Req("get", f"/api/v1/exports/assessment-values.xlsx?year={YEAR}", status(200))],
            covers=frozenset({"export:assessment-values"}),
        ),
        "import-template": Row(
            lambda role, zin, zout: [Req("get", "/api/v1/imports/assessment-values/template.xlsx", status(200))]
        ),
        "import-upload": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    "/api/v1/imports/assessment-values/",
                    status(403, **dict.fromkeys(ENTERERS, 200)),
                    data={"file": values_workbook(zin)},
                    format="multipart",
                ),
            ],
            covers=frozenset({"import:assessment-values"}),
        ),
    }
)


def _plan_pdf_requests(role: str | None, zin: str, zout: str) -> list[Req]:
    plan_pk(zin)  # a plan to print in the zone in scope
    pdf = "/api/v1/reports/assessment-distribution-plan.pdf"
    return [
        Req("get", f"{pdf}?zone={zin}&year={YEAR}", status(200)),
        Req("get", f"{pdf}?zone={zout}&year={YEAR}", status(404)),
    ]


add({"report-pdf": Row(_plan_pdf_requests, covers=frozenset({"report:assessment-distribution-plan"}))})


def grades_workbook(kind: str, zone: str) -> Any:
    """A grade workbook for ``zone`` (used with the zone out of scope: officers get the row report)."""
    from openpyxl import Workbook

    book = Workbook()
    if kind == "department":
        book.active.title = "部门考核等次"
        book.active.append(["开发区代码", "年度", "部门", "等次"])
        book.active.append([zone, YEAR + 1, "商务局", "A"])
    else:
        book.active.title = "个人考核等次"
        book.active.append(["开发区代码", "年度", "身份证号", "姓名", "等次"])
        book.active.append([zone, YEAR + 1, "210802199001011234", "某人", "A"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "等次.xlsx"
    return buffer


def _grade_io(role: str | None, zin: str, zout: str) -> list[Req]:
    out = []
    for kind, name in (("department", "assessment-department-grades"), ("staff", "assessment-staff-grades")):
        out += [
            Req("get", f"/api/v1/imports/{name}/template.xlsx", status(200)),
            Req("get", f"/api/v1/exports/{name}.xlsx?year={YEAR}", status(200)),
            Req(
                "post",
                f"/api/v1/imports/{name}/",
                status(403, **dict.fromkeys(ENTERERS, 400)),
                data={"file": grades_workbook(kind, zout)},
                format="multipart",
            ),
        ]
    return out


add(
    {
        "import-upload": Row(
            _grade_io,
            covers=frozenset(
                {
                    "import:assessment-department-grades",
                    "import:assessment-staff-grades",
                    "export:assessment-department-grades",
                    "export:assessment-staff-grades",
                }
            ),
            note="grades are imported by the zone's officers; a zone outside the scope is refused in the row report",
        ),
        "assessment:internal": Row(
            lambda role, zin, zout: [Req("get", f"/assessment/internal/?year={YEAR}", page(200))]
        ),
        "assessment:internal_zone": Row(
            lambda role, zin, zout: [
                Req("get", f"/assessment/internal/{zin}/?year={YEAR}", page(200)),
                Req("get", f"/assessment/internal/{zout}/?year={YEAR}", page(404)),
                Req("post", f"/assessment/internal/{zout}/?year={YEAR}", page(404), data={}, format="multipart"),
                Req(
                    "post",
                    f"/assessment/internal/{zin}/?year={YEAR}",
                    page(403, **dict.fromkeys(ENTERERS, 400)),
                    data={"action": "nope"},
                    format="multipart",
                ),
            ],
            note="grades are entered, closed and reopened by the zone's officers",
        ),
        "assessment:headcount": Row(
            lambda role, zin, zout: [Req("get", f"/assessment/headcount/?year={YEAR}", page(200))]
        ),
    }
)

add(
    {
        "assessment:rules": Row(
            lambda role, zin, zout: [
                Req("get", f"/assessment/rules/?year={YEAR}", page(200)),
                Req(
                    "post",
                    f"/assessment/rules/?year={YEAR}",
                    page(403, province_admin=400),
                    data={},
                    format="multipart",
                ),
            ],
            note="the rule set is the province's; everyone reads it",
        ),
    }
)

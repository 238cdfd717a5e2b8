"""The tenancy matrix: every API endpoint and page × every demo role × an object in and out of scope.

Rows are registered per app (ADR 0009): this module holds the framework and the platform's rows;
each app adds its own in ``tests/<app>/matrix.py`` with :func:`add` (``test_matrix.py`` imports
every such module). A row turns a role's in-scope and out-of-scope zone into requests with the
status each role must get. ``test_matrix.py`` discovers the URL conf and fails for an API URL
name or a domain page without a row, and for a registered report, importer or export no row
``covers``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    # How ``data`` is sent ("multipart" for file uploads).
    format: str = "json"

    def expected(self, role: str | None) -> int:
        if isinstance(self.expect, int):
            return self.expect
        return self.expect.get(role, self.expect.get("*", 0))


@dataclass
class Row:
    """How to exercise one URL name, given a zone in scope and one outside it.

    ``covers`` names what the requests exercise beyond the URL name: ``report:<slug>``,
    ``import:<name>``, ``export:<name>`` (checked against the requests' paths).
    """

    build: Callable[[str | None, str, str], list[Req]]
    note: str = ""
    covers: frozenset[str] = frozenset()


# URL name (``zone-detail``; a page: ``zones:detail``) → the rows every app registered for it.
MATRIX: dict[str, list[Row]] = {}


def add(rows: dict[str, Row]) -> None:
    """Register rows; several apps may add rows to one URL name (``report-pdf``)."""
    for name, row in rows.items():
        MATRIX.setdefault(name, []).append(row)


def covered_path(tag: str) -> str:
    """The path fragment a request must contain to exercise a ``covers`` tag."""
    kind, name = tag.split(":", 1)
    return {"report": f"/reports/{name}.pdf", "import": f"/imports/{name}/", "export": f"/exports/{name}.xlsx"}[kind]


ANON = {None: 401}


def status(default: int, **per_role: int) -> dict[str | None, int]:
    out: dict[str | None, int] = {"*": default, None: 401}
    out.update(per_role)
    return out


add(
    {
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
    }
)

# Change history (devzone.audit): read_history holders read it in scope; everyone else gets an
# empty list, and 404 for a zone or record they cannot read. The auditor's demo period covers
# this year, when the demo zones were created.
HISTORY_READERS = {
    "province_admin": 200,
    "province_staff": 200,
    "city_yingkou": 200,
    "city_dalian": 200,
    "auditor": 200,
}


def zone_pk(code: str) -> int:
    from zones.models import Zone

    return Zone.objects.get(code=code).pk


add(
    {
        "history-list": Row(
            lambda role, zin, zout: [
                Req("get", "/api/v1/history/", status(200), zone_field="zone"),
                Req("get", f"/api/v1/history/?zone={zin}", status(404, **HISTORY_READERS), zone_field="zone"),
                Req("get", f"/api/v1/history/?zone={zout}", status(404)),
                Req("post", "/api/v1/history/", status(405), data={}),
            ],
            note="read-only; scoped by read_history and the auditor's period",
        ),
        "history-record": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/history/zones.zone/{zone_pk(zin)}/", status(404, **HISTORY_READERS)),
                Req("get", f"/api/v1/history/zones.zone/{zone_pk(zout)}/", status(404)),
                Req("delete", f"/api/v1/history/zones.zone/{zone_pk(zin)}/", status(405)),
            ]
        ),
    }
)

# --- Reports (devzone/reports): the PDF endpoint and the queued jobs. ---------------------------


def _report_job(username: str, *, finished: bool) -> str:
    """A zone-list job of ``username`` (rendered by the task body when ``finished``); its id."""
    from django.contrib.auth import get_user_model

    from devzone.reports import registry, services
    from devzone.reports.rendering import prepare

    user = get_user_model().objects.get(username=username)
    job = services.create_job(prepared=prepare(registry.get("zone-list"), user=user, data={}), language="zh-hans")
    if finished:
        services.run_job(job_id=job.pk)
    return str(job.pk)


def _someone_else(role: str | None) -> str:
    return "auditor" if role != "auditor" else "province_admin"


def _report_pdf_requests(role: str | None, zin: str, zout: str) -> list[Req]:
    return [
        Req("get", "/api/v1/reports/no-such-report.pdf", status(404)),
        Req("get", f"/api/v1/reports/record-history.pdf?{history_params(zin)}", status(404, **HISTORY_READERS)),
        Req("get", f"/api/v1/reports/record-history.pdf?{history_params(zout)}", status(404)),
    ]


def history_params(code: str) -> str:
    return f"model=zones.zone&record_id={zone_pk(code)}"


def _report_job_requests(role: str | None, zin: str, zout: str, *, download: bool) -> list[Req]:
    own = _report_job(role or "province_admin", finished=download)
    other = _report_job(_someone_else(role), finished=False)
    suffix = "download/" if download else ""
    return [
        Req("get", f"/api/v1/reports/jobs/{own}/{suffix}", status(200)),
        Req("get", f"/api/v1/reports/jobs/{other}/{suffix}", status(404)),
    ]


add(
    {
        "report-pdf": Row(
            _report_pdf_requests,
            note="a record's history outside the scope → 404",
            covers=frozenset({"report:record-history"}),
        ),
        "report-job-detail": Row(
            lambda role, zin, zout: _report_job_requests(role, zin, zout, download=False),
            note="a job is private to its requester",
        ),
        "report-job-download": Row(
            lambda role, zin, zout: _report_job_requests(role, zin, zout, download=True),
            note="a job's PDF is private to its requester",
        ),
    }
)


# -- Excel import/export (devzone/imports): runs are their uploader's; apps add their importers --
def import_run_of(role: str | None) -> int:
    """An import run uploaded by ``role`` (province_admin's for anonymous)."""
    from django.contrib.auth import get_user_model

    from devzone.imports.models import ImportRun, RunState

    user = get_user_model().objects.get(username=role or "province_admin")
    errors = [{"row": 2, "column": "代码", "value": "x", "message": "矩阵测试"}]
    return ImportRun.objects.create(
        user=user, importer="zones", file_name="m.xlsx", state=RunState.REJECTED, errors=errors
    ).pk


def foreign_run_of(role: str | None) -> int:
    """An import run uploaded by someone other than ``role``."""
    return import_run_of("auditor" if role != "auditor" else "province_admin")


add(
    {
        "import-upload": Row(
            lambda role, zin, zout: [
                Req("post", "/api/v1/imports/no-such/", status(404), data={"file": b""}, format="multipart")
            ]
        ),
        "import-template": Row(
            lambda role, zin, zout: [Req("get", "/api/v1/imports/no-such/template.xlsx", status(404))]
        ),
        "export-xlsx": Row(lambda role, zin, zout: [Req("get", "/api/v1/exports/no-such.xlsx", status(404))]),
        "import-run-detail": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/import-runs/{import_run_of(role)}/", status(200)),
                Req("get", f"/api/v1/import-runs/{foreign_run_of(role)}/", status(404)),
            ],
            note="a run belongs to its uploader",
        ),
        "import-run-report": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/import-runs/{import_run_of(role)}/errors.xlsx", status(200)),
                Req("get", f"/api/v1/import-runs/{foreign_run_of(role)}/errors.xlsx", status(404)),
            ],
        ),
    }
)


# The province admin's accounts page (devzone.tenancy.views): everyone else gets 404; the
# anonymous visitor is sent to the login page. The actions act on an account, not a zone.
ACCOUNTS = {"*": 404, "province_admin": 200, None: 302}
ACTIONS = {"*": 404, "province_admin": 302, None: 302}

add(
    {
        "accounts:list": Row(lambda role, zin, zout: [Req("get", "/accounts/", ACCOUNTS)]),
        "accounts:unlock": Row(
            lambda role, zin, zout: [
                Req("post", "/accounts/zone_dalian_hr/unlock/", ACTIONS, data={"confirmed": "1"}, format="multipart")
            ]
        ),
        "accounts:revoke-tokens": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    "/accounts/zone_dalian_hr/revoke-tokens/",
                    ACTIONS,
                    data={"confirmed": "1"},
                    format="multipart",
                )
            ]
        ),
    }
)

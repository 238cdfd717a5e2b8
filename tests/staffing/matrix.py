"""Staffing's rows of the tenancy matrix (tests/tenancy/matrix.py): every endpoint under
``/api/v1/staffing/``, every page of the ``staffing`` namespace, the app's PDFs, export and
importer × every demo role × a zone in and out of the role's scope.

The objects the rows act on are made here, fresh, directly in the database (so a zone without an
approved plan can hold them too). Roles whose in-scope zone is 大连长兴岛 (city_dalian,
zone_dalian_hr) meet a zone without an establishment: reading it is a 404, writes that need the
ledger a 409.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from tests.tenancy.matrix import Req, Row, add, status

_serial = count(1)
MANAGERS = {"province_admin": 200, "zone_yingkou_hr": 200, "zone_dalian_hr": 200}
NO_ESTABLISHMENT = {"city_dalian": 404, "zone_dalian_hr": 404}  # their zone in scope has none


def ident() -> str:
    from staffing import rules

    n = 900000 + next(_serial)
    return rules.with_check(f"2199{(n // 1000) % 100:02d}19880808{n % 1000:03d}")


def _zone(code: str) -> Any:
    from zones.models import Zone

    return Zone.objects.get(code=code)


def staff_in(code: str) -> int:
    from staffing.models import Staff

    return Staff.objects.create(
        zone=_zone(code), name="矩阵人员", id_number=ident(), file_identity="society", status="transferred"
    ).pk


def post_in(code: str, places: int = 1) -> Any:
    from staffing.models import Post

    return Post.objects.create(zone=_zone(code), title=f"矩阵岗位{next(_serial)}", places=places)


def round_in(code: str, state: str = "draft", kind: str = "market") -> Any:
    from staffing.models import Round, RoundPost

    rnd = Round.objects.create(zone=_zone(code), title="矩阵轮次", kind=kind, state=state)
    RoundPost.objects.create(round=rnd, post=post_in(code), places=1)
    return rnd


def application_in(code: str, state: str, *, rank: int | None = 1) -> Any:
    from staffing.models import Application

    rnd = round_in(code, state)
    return Application.objects.create(
        round=rnd,
        round_post=rnd.round_posts.get(),
        name="矩阵应聘者",
        id_number=ident(),
        education="bachelor",
        applied_at=timezone.now(),
        written_score=Decimal(80),
        interview_score=Decimal(80),
        total_score=Decimal(80),
        rank=rank,
    )


def offer_in(code: str, *, offer_state: str = "open", round_state: str = "offers") -> int:
    from staffing.models import Offer

    app = application_in(code, round_state)
    app.status = "offered" if offer_state == "open" else "accepted"
    app.save()
    return Offer.objects.create(
        round=app.round,
        application=app,
        post=app.round_post.post,
        state=offer_state,
        respond_by=date.today(),
    ).pk


def _round_payload(code: str) -> dict[str, Any]:
    return {"zone": code, "title": "矩阵新轮次", "kind": "market", "posts": [{"post": post_in(code).pk, "places": 1}]}


def _staff_payload(code: str) -> dict[str, Any]:
    return {"zone": code, "name": "矩阵新人", "id_number": ident(), "file_identity": "society", "status": "transferred"}


S = "/api/v1/staffing"
WRITERS_201 = {"province_admin": 201, "zone_yingkou_hr": 201, "zone_dalian_hr": 409}
WRITERS_200 = {"province_admin": 200, "zone_yingkou_hr": 200, "zone_dalian_hr": 409}

ROWS: dict[str, Row] = {
    "staffing-establishment": Row(
        lambda role, zin, zout: [
            Req("get", f"{S}/establishments/{zin}/", status(200, **NO_ESTABLISHMENT)),
            Req("get", f"{S}/establishments/{zout}/", status(404)),
        ],
        note="a zone without an approved plan has no establishment: 404",
    ),
    "staffing-staff-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{S}/staff/", status(200), zone_field="zone"),
            Req("post", f"{S}/staff/", status(403, **WRITERS_201), _staff_payload(zin)),
            Req("post", f"{S}/staff/", status(400), _staff_payload(zout)),
        ],
        note="writing staff needs manage_staffing and an establishment (409 without)",
    ),
    "staffing-staff-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"{S}/staff/{staff_in(zin)}/", status(200)),
            Req("get", f"{S}/staff/{staff_in(zout)}/", status(404)),
            Req("patch", f"{S}/staff/{staff_in(zin)}/", status(403, **WRITERS_200), {"file_rank": "一级科员"}),
            Req("patch", f"{S}/staff/{staff_in(zout)}/", status(404), {"file_rank": "一级科员"}),
        ]
    ),
    "staffing-post-list": Row(lambda role, zin, zout: [Req("get", f"{S}/posts/", status(200), zone_field="zone")]),
    "staffing-round-list": Row(
        lambda role, zin, zout: [
            Req("get", f"{S}/rounds/", status(200), zone_field="zone"),
            Req("post", f"{S}/rounds/", status(403, **WRITERS_201), _round_payload(zin)),
            Req("post", f"{S}/rounds/", status(400), _round_payload(zout)),
        ]
    ),
    "staffing-round-detail": Row(
        lambda role, zin, zout: [
            Req("get", f"{S}/rounds/{round_in(zin).pk}/", status(200)),
            Req("get", f"{S}/rounds/{round_in(zout).pk}/", status(404)),
        ]
    ),
    "staffing-round-move": Row(
        lambda role, zin, zout: [
            Req("post", f"{S}/rounds/{round_in(zin).pk}/moves/open/", status(403, **MANAGERS), {}),
            Req("post", f"{S}/rounds/{round_in(zin).pk}/moves/close/", status(403, **dict.fromkeys(MANAGERS, 409)), {}),
            Req("post", f"{S}/rounds/{round_in(zout).pk}/moves/open/", status(404), {}),
        ],
        note="an illegal move is 409 for whoever may move the round",
    ),
    "staffing-round-applications": Row(
        lambda role, zin, zout: [
            Req("get", f"{S}/rounds/{round_in(zin).pk}/applications/", status(200)),
            Req("get", f"{S}/rounds/{round_in(zout).pk}/applications/", status(404)),
            Req(
                "post",
                f"{S}/rounds/{(r := round_in(zin, 'open')).pk}/applications/",
                status(403, **dict.fromkeys(MANAGERS, 201)),
                {"post": r.round_posts.get().post_id, "name": "矩阵", "id_number": ident(), "education": "bachelor"},
            ),
            Req(
                "post",
                f"{S}/rounds/{(o := round_in(zout, 'open')).pk}/applications/",
                status(404),
                {"post": o.round_posts.get().post_id, "name": "矩阵", "id_number": ident(), "education": "bachelor"},
            ),
        ]
    ),
    "staffing-round-offers": Row(
        lambda role, zin, zout: [
            Req("get", f"{S}/rounds/{round_in(zin).pk}/offers/", status(200)),
            Req("get", f"{S}/rounds/{round_in(zout).pk}/offers/", status(404)),
            Req(
                "post",
                f"{S}/rounds/{(a := application_in(zin, 'offers')).round_id}/offers/",
                status(403, **WRITERS_201),
                {"application": a.pk},
            ),
            Req(
                "post",
                f"{S}/rounds/{(b := application_in(zout, 'offers')).round_id}/offers/",
                status(404),
                {"application": b.pk},
            ),
        ],
        note="an offer goes through the ledger: a zone without an establishment is 409",
    ),
    "staffing-scores": Row(
        lambda role, zin, zout: [
            Req(
                "post",
                f"{S}/applications/{application_in(zin, 'scoring', rank=None).pk}/scores/",
                status(403, **MANAGERS),
                {"written_score": "88", "interview_score": "90"},
            ),
            Req(
                "post",
                f"{S}/applications/{application_in(zout, 'scoring', rank=None).pk}/scores/",
                status(404),
                {"written_score": "88", "interview_score": "90"},
            ),
        ]
    ),
    "staffing-offer-respond": Row(
        lambda role, zin, zout: [
            Req("post", f"{S}/offers/{offer_in(zin)}/respond/", status(403, **WRITERS_200), {"accept": True}),
            Req("post", f"{S}/offers/{offer_in(zout)}/respond/", status(404), {"accept": True}),
        ]
    ),
    "staffing-offer-contract": Row(
        lambda role, zin, zout: [
            Req(
                "post",
                f"{S}/offers/{offer_in(zin, offer_state='accepted', round_state='contracts')}/contract/",
                status(403, **WRITERS_200),
                {"start": date.today().isoformat()},
            ),
            Req(
                "post",
                f"{S}/offers/{offer_in(zout, offer_state='accepted', round_state='contracts')}/contract/",
                status(404),
                {"start": date.today().isoformat()},
            ),
        ]
    ),
}


def roster_workbook(zone: str) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "人员名册"
    book.active.append(["开发区代码", "身份证号", "姓名", "学历", "档案身份", "状态"])
    book.active.append([zone, ident(), "矩阵导入", "本科", "社会自然人", "调出"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "人员名册.xlsx"
    return buffer


add(
    {
        "report-pdf": Row(
            lambda role, zin, zout: [
                Req("get", f"/api/v1/reports/staffing-round.pdf?round={round_in(zin).pk}", status(200)),
                Req("get", f"/api/v1/reports/staffing-round.pdf?round={round_in(zout).pk}", status(404)),
                Req("get", f"/api/v1/reports/staffing-roster.pdf?zone={zin}", status(200)),
                Req("get", f"/api/v1/reports/staffing-roster.pdf?zone={zout}", status(404)),
                Req("get", f"/api/v1/reports/staffing-establishment.pdf?zone={zin}", status(200, **NO_ESTABLISHMENT)),
                Req("get", f"/api/v1/reports/staffing-establishment.pdf?zone={zout}", status(404)),
            ],
            covers=frozenset({"report:staffing-round", "report:staffing-roster", "report:staffing-establishment"}),
        ),
        "export-xlsx": Row(
            lambda role, zin, zout: [Req("get", f"/api/v1/exports/staffing-roster.xlsx?zone={zin}", status(200))],
            covers=frozenset({"export:staffing-roster"}),
        ),
        "import-template": Row(
            lambda role, zin, zout: [Req("get", "/api/v1/imports/staffing-roster/template.xlsx", status(200))]
        ),
        "import-upload": Row(
            lambda role, zin, zout: [
                Req(
                    "post",
                    "/api/v1/imports/staffing-roster/",
                    status(403, province_admin=200, zone_yingkou_hr=200, zone_dalian_hr=400),
                    data={"file": roster_workbook(zin)},
                    format="multipart",
                ),
            ],
            note="a zone without an establishment refuses the rows (400)",
            covers=frozenset({"import:staffing-roster"}),
        ),
    }
)


def page(default: int, **per_role: int) -> dict[str | None, int]:
    return {"*": default, None: 302, **per_role}


def _zone_page(path: str, **per_role: int) -> Row:
    return Row(
        lambda role, zin, zout: [
            Req("get", path.format(code=zin), page(200, **per_role)),
            Req("get", path.format(code=zout), page(404)),
        ]
    )


PAGE_MANAGERS = {"province_admin": 200, "zone_yingkou_hr": 200, "zone_dalian_hr": 200}

PAGE_ROWS: dict[str, Row] = {
    "staffing:index": Row(lambda role, zin, zout: [Req("get", "/staffing/", page(200))]),
    "staffing:establishment": _zone_page("/staffing/zones/{code}/", **NO_ESTABLISHMENT),
    "staffing:roster": _zone_page("/staffing/zones/{code}/staff/"),
    "staffing:rounds": _zone_page("/staffing/zones/{code}/rounds/"),
    "staffing:renewals": _zone_page("/staffing/zones/{code}/renewals/"),
    "staffing:staff_new": Row(
        lambda role, zin, zout: [
            Req("get", f"/staffing/zones/{zin}/staff/new/", page(403, **PAGE_MANAGERS)),
            Req("get", f"/staffing/zones/{zout}/staff/new/", page(404)),
        ]
    ),
    "staffing:staff": Row(
        lambda role, zin, zout: [
            Req("get", f"/staffing/staff/{staff_in(zin)}/", page(200)),
            Req("get", f"/staffing/staff/{staff_in(zout)}/", page(404)),
        ]
    ),
    "staffing:round": Row(
        lambda role, zin, zout: [
            Req("get", f"/staffing/rounds/{round_in(zin).pk}/", page(200)),
            Req("get", f"/staffing/rounds/{round_in(zout).pk}/", page(404)),
        ]
    ),
    "staffing:round_action": Row(
        lambda role, zin, zout: [
            Req("get", f"/staffing/rounds/{round_in(zin).pk}/open/", page(405)),
            Req(
                "post",
                f"/staffing/rounds/{round_in(zin).pk}/open/",
                page(403, **dict.fromkeys(PAGE_MANAGERS, 302)),
                data={"confirmed": "1"},
                format="multipart",
            ),
            Req("post", f"/staffing/rounds/{round_in(zout).pk}/open/", page(404), data={}, format="multipart"),
        ]
    ),
    "staffing:offer_action": Row(
        lambda role, zin, zout: [
            Req("get", f"/staffing/offers/{offer_in(zin)}/accept/", page(405)),
            Req("post", f"/staffing/offers/{offer_in(zout)}/accept/", page(404), data={}, format="multipart"),
        ]
    ),
}


add(ROWS)
add(PAGE_ROWS)

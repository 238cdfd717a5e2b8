"""The inbox's rows of the tenancy matrix: a user's own messages only; someone else's is 404."""

from __future__ import annotations

from tests.tenancy.matrix import Req, Row, add, status


def _message(role: str | None) -> int:
    from django.contrib.auth import get_user_model

    from devzone.inbox.services import notify

    who = get_user_model().objects.get(username=role or "province_admin")
    return notify([who], kind="matrix.test", title="矩阵测试", url="/")[0].pk


def _someone_else(role: str | None) -> str:
    return "auditor" if role != "auditor" else "province_admin"


def _requests(role: str | None, zin: str, zout: str, suffix: str, method: str = "get") -> list[Req]:
    return [
        Req(method, f"/api/v1/inbox/{_message(role)}/{suffix}", status(200)),
        Req(method, f"/api/v1/inbox/{_message(_someone_else(role))}/{suffix}", status(404)),
    ]


add(
    {
        "inbox-list": Row(
            lambda role, zin, zout: [
                Req("get", "/api/v1/inbox/", status(200)),
                Req("post", "/api/v1/inbox/", status(405), data={}),
            ],
            note="a user's own messages",
        ),
        "inbox-detail": Row(lambda role, zin, zout: _requests(role, zin, zout, "")),
        "inbox-read": Row(lambda role, zin, zout: _requests(role, zin, zout, "read/", "post")),
        "inbox-unread": Row(lambda role, zin, zout: _requests(role, zin, zout, "unread/", "post")),
        "inbox-mark-read": Row(
            lambda role, zin, zout: [Req("post", "/api/v1/inbox/mark-read/", status(200), data={"ids": []})]
        ),
        "inbox-unread-count": Row(lambda role, zin, zout: [Req("get", "/api/v1/inbox/unread-count/", status(200))]),
    }
)

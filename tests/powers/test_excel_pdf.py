"""The catalogue in Excel (platform importer) and the register as a PDF (platform reports)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from powers.models import PowerItem
from tests.imports.workbooks import read, response_bytes, upload, xlsx
from tests.reports.pdf import compact

pytestmark = pytest.mark.django_db


def post(api_as: Any, username: str, content: bytes) -> Any:
    return api_as(username).post(
        "/api/v1/imports/power-items/", {"file": upload(content, "赋权事项.xlsx")}, format="multipart"
    )


def catalogue() -> list[dict[str, Any]]:
    return list(PowerItem.objects.order_by("code").values())


def test_export_then_reimport_changes_nothing(api_as: Any) -> None:
    exported = api_as("province_admin").get("/api/v1/exports/power-items.xlsx")
    assert exported.status_code == 200
    content = response_bytes(exported)
    rows = read(content)
    assert rows[0][:3] == ["事项编码", "事项名称", "事项类型"]
    assert len(rows) - 1 >= 80
    before = catalogue()
    again = post(api_as, "province_admin", content)
    assert again.status_code == 200, again.data
    assert (again.data["created"], again.data["updated"]) == (0, 0)
    assert catalogue() == before


def test_import_creates_and_updates_and_bad_rows_reject_the_file(api_as: Any) -> None:
    headers = ["事项编码", "事项名称", "事项类型", "设定依据", "赋权层级", "赋权部门", "领域", "工程建设项目审批阶段"]
    good = xlsx(
        [
            headers,
            ["XL-001", "导入新事项", "行政许可", "某条例", "市级", "市场监管", "市场监管", ""],
            ["LN-SC-001", "企业设立登记（改）", "行政许可", "", "市级", "市场监管", "市场监管", ""],
        ],
        title="赋权事项",
    )
    assert post(api_as, "zone_yingkou_hr", good).status_code == 403
    response = post(api_as, "city_yingkou", good)
    assert response.status_code == 200, response.data
    assert (response.data["created"], response.data["updated"]) == (1, 1)
    assert PowerItem.objects.get(code="LN-SC-001").name == "企业设立登记（改）"
    before = catalogue()
    bad = xlsx(
        [
            headers,
            ["XL-002", "好的一行", "行政许可", "", "市级", "市场监管", "市场监管", ""],
            ["XL-003", "坏的一行", "行政审批", "", "市级", "市场监管", "市场监管", ""],
        ],
        title="赋权事项",
    )
    rejected = post(api_as, "city_yingkou", bad)
    assert rejected.status_code == 400
    assert [(r["row"], r["column"]) for r in rejected.data["rows"]] == [(3, "事项类型")]
    assert catalogue() == before


def test_register_pdf_as_of_a_past_date_matches_what_was_in_force(api_as: Any) -> None:
    year = timezone.localdate().year
    past = date(year - 2, 1, 1)
    response = api_as("auditor").get(
        f"/api/v1/reports/power-register.pdf?zone=yingkou-coastal&as_of={past.isoformat()}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = compact(response_bytes(response))
    in_force = (
        api_as("auditor")
        .get(f"/api/v1/powers/delegations/?zone=yingkou-coastal&as_of={past.isoformat()}&page_size=500")
        .json()["results"]
    )
    assert in_force and f"共{len(in_force)}项" in text.replace(" ", "")
    for row in in_force:
        assert row["item"] in text
    assert "LN-ZJ-011" in text  # withdrawn only last year: still on the list back then
    assert "LN-SC-010" not in text  # delegated this year
    assert api_as("zone_dalian_hr").get("/api/v1/reports/power-register.pdf?zone=yingkou-coastal").status_code == 404


def test_responsibility_list_pdf(api_as: Any) -> None:
    response = api_as("zone_yingkou_hr").get("/api/v1/reports/power-responsibilities.pdf?zone=yingkou-coastal")
    assert response.status_code == 200
    assert "建筑工程施工许可证核发" in compact(response_bytes(response)).replace(" ", "")


DELEGATION_HEADERS = [
    "开发区代码",
    "事项编码",
    "赋权方式",
    "状态",
    "文号",
    "生效日期",
    "替代方式",
    "先建后验",
    "容缺审批",
    "告知承诺制",
    "开发区承接职责",
]


def post_delegations(api_as: Any, username: str, content: bytes) -> Any:
    return api_as(username).post(
        "/api/v1/imports/power-delegations/", {"file": upload(content, "赋权清单.xlsx")}, format="multipart"
    )


def register_snapshot() -> tuple[list[Any], int]:
    from powers.models import Delegation, DelegationTransition

    return list(Delegation.objects.order_by("pk").values()), DelegationTransition.objects.count()


def test_delegations_export_then_reimport_changes_nothing(api_as: Any) -> None:
    exported = api_as("dept_market").get("/api/v1/exports/power-delegations.xlsx")
    assert exported.status_code == 200
    content = response_bytes(exported)
    rows = read(content)
    assert rows[0] == DELEGATION_HEADERS
    assert len(rows) > 5 and all(str(r[1]).startswith("LN-SC") for r in rows[1:])
    before = register_snapshot()
    again = post_delegations(api_as, "dept_market", content)
    assert again.status_code == 200, again.data
    assert (again.data["created"], again.data["updated"]) == (0, 0)
    assert register_snapshot() == before


def test_delegations_import_creates_in_state_and_bad_rows_reject_all(api_as: Any) -> None:
    from powers.models import Delegation

    day = date(timezone.localdate().year - 1, 5, 1)
    good = xlsx(
        [
            DELEGATION_HEADERS,
            [
                "yingkou-hitech",
                "LN-SC-011",
                "委托",
                "已承接",
                "营市监发〔2025〕30号",
                day,
                "",
                "否",
                "是",
                "否",
                "办理股权出质登记",
            ],
            [
                "yingkou-hitech",
                "LN-SC-012",
                "直接下放",
                "缓放",
                "营市监发〔2025〕31号",
                day,
                "派驻人员",
                "",
                "",
                "",
                "",
            ],
        ],
        title="赋权清单",
    )
    response = post_delegations(api_as, "dept_market", good)
    assert response.status_code == 200, response.data
    taken = Delegation.objects.get(zone__code="yingkou-hitech", item__code="LN-SC-011")
    assert taken.status == "taken_on" and taken.effective_from == day and taken.tolerance_approval
    assert [t.to_state for t in taken.transitions.order_by("id")] == ["proposed", "delegated", "taken_on"]
    assert Delegation.objects.get(zone__code="yingkou-hitech", item__code="LN-SC-012").fallback_mode == "stationed"

    before = register_snapshot()
    bad = xlsx(
        [
            DELEGATION_HEADERS,
            [
                "yingkou-hitech",
                "LN-SC-013",
                "直接下放",
                "已赋权",
                "营市监发〔2025〕40号",
                day,
                "",
                "",
                "",
                "",
                "",
            ],  # fine
            ["yingkou-hitech", "NO-SUCH", "直接下放", "拟赋权", "", None, "", "", "", "", ""],  # unknown item
            ["dalian-etdz", "LN-SC-014", "直接下放", "拟赋权", "", None, "", "", "", "", ""],  # zone out of scope
            ["yingkou-hitech", "LN-SC-015", "飞鸽传书", "拟赋权", "", None, "", "", "", "", ""],  # unknown mode
            ["yingkou-hitech", "LN-SC-005", "直接下放", "已赋权", "", day, "", "", "", "", ""],  # no 文号
            ["yingkou-hitech", "LN-SC-001", "直接下放", "已赋权", "x", day, "", "", "", "", ""],  # already active
            ["yingkou-hitech", "LN-FG-004", "直接下放", "拟赋权", "", None, "", "", "", "", ""],  # not its department
        ],
        title="赋权清单",
    )
    rejected = post_delegations(api_as, "dept_market", bad)
    assert rejected.status_code == 400, rejected.data
    got = sorted((r["row"], r["column"]) for r in rejected.data["rows"])
    assert got == [(3, "事项编码"), (4, "开发区代码"), (5, "赋权方式"), (6, "文号"), (7, "状态"), (8, "事项编码")]
    assert register_snapshot() == before


def test_the_list_as_of_a_past_date_in_excel(api_as: Any, client: Any) -> None:
    from django.contrib.auth import get_user_model

    past = date(timezone.localdate().year - 2, 1, 1).isoformat()
    client.force_login(get_user_model().objects.get(username="auditor"))
    page = client.get(f"/powers/zones/yingkou-coastal/?as_of={past}").content.decode()
    link = page.split('data-testid="register-xlsx"')[0].rsplit('href="', 1)[1]
    assert "power-delegations" in link and f"as_of={past}" in link and "zone=yingkou-coastal" in link
    rows = read(
        response_bytes(
            api_as("auditor").get(f"/api/v1/exports/power-delegations.xlsx?zone=yingkou-coastal&as_of={past}")
        )
    )
    withdrawn = next(r for r in rows[1:] if r[1] == "LN-ZJ-011")
    assert withdrawn[3] == "已承接"  # withdrawn since, taken on back then
    in_force = (
        api_as("auditor").get(f"/api/v1/powers/delegations/?zone=yingkou-coastal&as_of={past}&page_size=500").json()
    )
    assert sorted(r[1] for r in rows[1:]) == sorted(r["item"] for r in in_force["results"])

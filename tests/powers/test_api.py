"""The powers API (API.md `/api/v1/powers/...`): the walk of issue 10, scope, bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from powers.models import Delegation, DelegationTransition, Evaluation, PowerItem

pytestmark = pytest.mark.django_db

DELEGATIONS = "/api/v1/powers/delegations/"


def market_item(code: str = "TEST-SC-900") -> PowerItem:
    return PowerItem.objects.create(
        code=code,
        name="测试：特种设备安装告知",
        type="filing",
        granting_level="city",
        granting_department="市场监管",
        domain="market",
    )


def test_catalogue_lists_the_demo_items_and_only_keepers_add(api_as: Any) -> None:
    response = api_as("zone_dalian_hr").get("/api/v1/powers/items/?domain=market&page_size=500")
    assert response.status_code == 200
    codes = [r["code"] for r in response.json()["results"]]
    assert "LN-SC-001" in codes and all(c.startswith("LN-SC") or not c.startswith("LN-") for c in codes)
    payload = {
        "code": "TEST-FG-901",
        "name": "测试事项",
        "type": "licence",
        "granting_level": "province",
        "granting_department": "发展改革",
        "legal_basis": "测试依据",
        "domain": "investment",
    }
    assert api_as("zone_yingkou_hr").post("/api/v1/powers/items/", payload, format="json").status_code == 403
    created = api_as("city_yingkou").post("/api/v1/powers/items/", payload, format="json")
    assert created.status_code == 201, created.json()
    again = api_as("province_admin").post("/api/v1/powers/items/", payload, format="json")
    assert again.status_code == 400 and "code" in again.json()["errors"]
    patched = api_as("province_admin").patch("/api/v1/powers/items/TEST-FG-901/", {"name": "改名"}, format="json")
    assert patched.status_code == 200 and patched.json()["name"] == "改名"


def test_the_walk_delegate_to_two_zones_defer_take_on_evaluate(api_as: Any) -> None:
    item = market_item()
    dept = api_as("dept_market")
    start = timezone.localdate() - timedelta(days=400)
    response = dept.post(
        f"{DELEGATIONS}bulk/",
        {
            "items": [item.code],
            "zones": ["yingkou-coastal", "yingkou-etdz"],
            "mode": "direct",
            "status": "delegated",
            "document_no": "营政办发〔2025〕99号",
            "effective_from": start.isoformat(),
            "tolerance_approval": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    rows = {r["zone"]: r for r in response.json()}
    assert set(rows) == {"yingkou-coastal", "yingkou-etdz"}
    assert all(
        r["status"] == "delegated" and r["allowed_moves"] == ["take_on", "defer", "withdraw"] for r in rows.values()
    )

    coastal, etdz = rows["yingkou-coastal"]["id"], rows["yingkou-etdz"]["id"]
    officer = api_as("zone_yingkou_hr")
    no_doc = officer.post(f"{DELEGATIONS}{coastal}/defer/", {"reason": "人员不足", "fallback_mode": "stationed"})
    assert no_doc.status_code == 400 and "document_no" in no_doc.json()["errors"]
    assert Delegation.objects.get(pk=coastal).status == "delegated"
    deferred = officer.post(
        f"{DELEGATIONS}{coastal}/defer/",
        {"document_no": "营沿基函〔2025〕3号", "reason": "人员不足", "fallback_mode": "stationed"},
        format="json",
    )
    assert deferred.status_code == 200 and deferred.json()["status"] == "deferred"
    assert deferred.json()["fallback_mode"] == "stationed"
    # the zone officer of the coastal base cannot act for the ETDZ next door: out of scope
    assert officer.post(f"{DELEGATIONS}{etdz}/take-on/", {"document_no": "x"}).status_code == 404
    taken = api_as("province_admin").post(f"{DELEGATIONS}{etdz}/take-on/", {"document_no": "营经开发〔2025〕1号"})
    assert taken.status_code == 200 and taken.json()["status"] == "taken_on"

    # an illegal move: 409 naming what is allowed
    again = api_as("province_admin").post(f"{DELEGATIONS}{etdz}/take-on/", {"document_no": "x"})
    assert again.status_code == 409
    assert again.json()["state"] == "taken_on" and again.json()["allowed"] == ["withdraw"]
    assert "收回" in again.json()["detail"]

    log = officer.get(f"{DELEGATIONS}{coastal}/log/").json()
    assert [(t["from_state"], t["to_state"]) for t in log] == [
        ("", "proposed"),
        ("proposed", "delegated"),
        ("delegated", "deferred"),
    ]
    assert log[-1]["document_no"] == "营沿基函〔2025〕3号" and log[-1]["user"] == "zone_yingkou_hr"

    period = str(timezone.localdate().year - 1)
    evaluation = dept.post(
        "/api/v1/powers/evaluations/",
        {
            "delegation": etdz,
            "period": period,
            "cases_handled": 42,
            "on_time_rate": "98.50",
            "rating": "good",
            "recommendation": "keep",
        },
        format="json",
    )
    assert evaluation.status_code == 201, evaluation.json()
    assert Evaluation.objects.filter(delegation_id=etdz, period=period).exists()
    twice = dept.post(
        "/api/v1/powers/evaluations/",
        {
            "delegation": etdz,
            "period": period,
            "cases_handled": 1,
            "on_time_rate": "1",
            "rating": "good",
            "recommendation": "keep",
        },
        format="json",
    )
    assert twice.status_code == 400 and "period" in twice.json()["errors"]


def test_as_of_lists_what_was_in_force_that_day(api_as: Any) -> None:
    client = api_as("auditor")
    today = timezone.localdate()
    past = date(today.year - 3, 12, 31)
    now = client.get(f"{DELEGATIONS}?zone=yingkou-coastal&as_of={today.isoformat()}&page_size=500").json()
    then = client.get(f"{DELEGATIONS}?zone=yingkou-coastal&as_of={past.isoformat()}&page_size=500").json()
    assert 0 < then["count"] < now["count"]
    withdrawn = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-ZJ-011")
    assert withdrawn.status == "withdrawn"
    assert withdrawn.item.code in [r["item"] for r in then["results"]]
    assert withdrawn.item.code not in [r["item"] for r in now["results"]]
    row = next(r for r in then["results"] if r["item"] == "LN-ZJ-011")
    assert row["status_as_of"] == "taken_on" and row["status"] == "withdrawn"
    bad = client.get(f"{DELEGATIONS}?as_of=2025-02-30")
    assert bad.status_code == 400


def test_a_department_sees_only_its_own_department(api_as: Any) -> None:
    rows = api_as("dept_market").get(f"{DELEGATIONS}?page_size=500").json()["results"]
    assert rows and {r["granting_department"] for r in rows} == {"市场监管"}
    assert {r["zone"] for r in rows} <= {"yingkou-coastal", "yingkou-etdz", "yingkou-hitech"}
    other = (
        Delegation.objects.filter(zone__code="yingkou-coastal").exclude(item__granting_department="市场监管").first()
    )
    assert other is not None
    assert api_as("dept_market").get(f"{DELEGATIONS}{other.pk}/").status_code == 404
    evaluations = api_as("dept_market").get("/api/v1/powers/evaluations/?page_size=500").json()["results"]
    assert evaluations and all(e["item"].startswith("LN-SC") for e in evaluations)


def test_dalian_gets_404_on_every_yingkou_delegation(api_as: Any) -> None:
    client = api_as("zone_dalian_hr")
    for d in Delegation.objects.filter(zone__code="yingkou-coastal"):
        assert client.get(f"{DELEGATIONS}{d.pk}/").status_code == 404
        assert client.post(f"{DELEGATIONS}{d.pk}/take-on/", {"document_no": "x"}).status_code == 404
        assert client.patch(f"{DELEGATIONS}{d.pk}/", {"note": "x"}, format="json").status_code == 404
    listed = client.get(f"{DELEGATIONS}?zone=yingkou-coastal").json()
    assert listed["count"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"item": "NO-SUCH-ITEM"}, "item"),
        ({"zone": "dalian-etdz"}, "zone"),
        ({"mode": "teleport"}, "mode"),
        ({"effective_from": "2025-05-01", "effective_to": "2025-01-01", "status": "delegated"}, "effective_to"),
        ({"status": "delegated", "effective_from": "2025-05-01", "document_no": ""}, "document_no"),
        ({"item": "LN-SC-001"}, "item"),  # already delegated to the coastal base
    ],
)
def test_bad_input_is_a_clear_error_and_stores_nothing(api_as: Any, payload: dict[str, Any], field: str) -> None:
    market_item("TEST-SC-950")
    before = Delegation.objects.count(), DelegationTransition.objects.count()
    body = {
        "zone": "yingkou-coastal",
        "item": "TEST-SC-950",
        "mode": "direct",
        "document_no": "营政办发〔2025〕1号",
        **payload,
    }
    response = api_as("dept_market").post(DELEGATIONS, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert (Delegation.objects.count(), DelegationTransition.objects.count()) == before


def test_a_department_cannot_delegate_another_departments_item(api_as: Any) -> None:
    response = api_as("dept_market").post(
        DELEGATIONS, {"zone": "yingkou-hitech", "item": "LN-FG-001", "mode": "direct"}, format="json"
    )
    assert response.status_code == 403


def test_status_changes_only_by_moves(api_as: Any) -> None:
    d = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-SC-010")
    response = api_as("dept_market").patch(f"{DELEGATIONS}{d.pk}/", {"status": "withdrawn"}, format="json")
    assert response.status_code == 400 and "status" in response.json()["errors"]
    ok = api_as("dept_market").patch(
        f"{DELEGATIONS}{d.pk}/", {"notify_commitment": True, "duties": "新职责"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["duties"] == "新职责"
    assert d.history.count() >= 2


def test_withdrawal_closes_the_valid_time(api_as: Any) -> None:
    d = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-SC-004")
    on = timezone.localdate()
    no_reason = api_as("dept_market").post(f"{DELEGATIONS}{d.pk}/withdraw/", {"document_no": "营政办发〔2026〕5号"})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    response = api_as("dept_market").post(
        f"{DELEGATIONS}{d.pk}/withdraw/",
        {"document_no": "营政办发〔2026〕5号", "reason": "评估建议收回", "effective_on": on.isoformat()},
        format="json",
    )
    assert response.status_code == 200 and response.json()["effective_to"] == on.isoformat()
    listed = api_as("province_admin").get(f"{DELEGATIONS}?zone=yingkou-coastal&as_of={on.isoformat()}&item=LN-SC-004")
    assert listed.json()["count"] == 0


def test_figures_and_owed_evaluations(api_as: Any) -> None:
    figures = api_as("province_admin").get("/api/v1/powers/figures/").json()
    coastal = next(z for z in figures["zones"] if z["code"] == "yingkou-coastal")
    assert coastal["full_chain"] and coastal["counts"]["deferred"] >= 2 and coastal["counts"]["withdrawn"] == 1
    owed = api_as("province_admin").get("/api/v1/powers/evaluations/owed/").json()
    assert any(r["item"] == "LN-SW-003" and r["zone"] == "yingkou-coastal" for r in owed)
    assert api_as("dept_market").get("/api/v1/powers/evaluations/owed/").json() == [] or all(
        r["item"].startswith("LN-SC") for r in api_as("dept_market").get("/api/v1/powers/evaluations/owed/").json()
    )


def test_responsibility_list_is_edited_by_the_city(api_as: Any) -> None:
    body = {"zone": "yingkou-coastal", "item": "LN-FG-001", "zone_duties": "受理审批", "county_duties": "业务指导"}
    assert api_as("zone_yingkou_hr").post("/api/v1/powers/responsibilities/", body, format="json").status_code == 403
    assert api_as("city_yingkou").post("/api/v1/powers/responsibilities/", body, format="json").status_code == 201
    rows = api_as("zone_yingkou_hr").get("/api/v1/powers/responsibilities/?zone=yingkou-coastal").json()["results"]
    assert any(r["item"] == "LN-FG-001" and r["county_duties"] == "业务指导" for r in rows)
    assert api_as("city_dalian").post("/api/v1/powers/responsibilities/", body, format="json").status_code == 400


def test_one_filterset_for_api_page_export_and_pdf(api_as: Any, client: Any) -> None:
    from django.contrib.auth import get_user_model

    from tests.imports.workbooks import read, response_bytes
    from tests.reports.pdf import compact

    api = api_as("auditor")
    query = "zone=yingkou-coastal&status=deferred"
    listed = sorted(r["item"] for r in api.get(f"{DELEGATIONS}?{query}").json()["results"])
    assert listed and len(listed) >= 2
    exported = read(response_bytes(api.get(f"/api/v1/exports/power-delegations.xlsx?{query}")))
    assert sorted(r[1] for r in exported[1:]) == listed
    client.force_login(get_user_model().objects.get(username="auditor"))
    page = (
        client.get("/powers/zones/yingkou-coastal/?status=deferred").content.decode().split('data-testid="register"')[1]
    )
    assert sorted(code for code in listed if code in page) == listed
    pdf = compact(response_bytes(api.get("/api/v1/reports/power-register.pdf?zone=yingkou-coastal&status=deferred")))
    assert all(code in pdf for code in listed)
    assert api.get(f"{DELEGATIONS}?status=bogus").status_code == 400
    assert client.get("/powers/zones/yingkou-coastal/?status=bogus").status_code == 400
    assert api.get("/api/v1/exports/power-delegations.xlsx?status=bogus").status_code == 400


def test_the_zone_records_cases_and_the_department_reads_them(api_as: Any) -> None:
    d = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-SC-001")
    path = f"{DELEGATIONS}{d.pk}/cases/"
    period = str(timezone.localdate().year - 1)
    body = {"period": period, "cases_handled": 120, "on_time": 118}
    assert api_as("dept_market").post(path, body, format="json").status_code == 403
    bad = api_as("zone_yingkou_hr").post(path, {**body, "on_time": 121}, format="json")
    assert bad.status_code == 400 and "on_time" in bad.json()["errors"]
    assert api_as("zone_yingkou_hr").post(path, body, format="json").status_code == 200
    again = api_as("zone_yingkou_hr").post(path, {**body, "cases_handled": 130}, format="json")
    assert again.status_code == 200
    rows = api_as("dept_market").get(path).json()
    assert [(r["period"], r["cases_handled"], r["recorded_by"]) for r in rows] == [(period, 130, "zone_yingkou_hr")]


def test_what_the_register_said_at_a_moment(api_as: Any) -> None:
    """A correction made today does not change what the register said yesterday."""
    d = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-SC-004")
    moment = timezone.now()
    api_as("dept_market").post(
        f"{DELEGATIONS}{d.pk}/withdraw/",
        {"document_no": "营政办发〔2026〕9号", "reason": "测试", "effective_on": timezone.localdate().isoformat()},
        format="json",
    )
    client = api_as("auditor")
    day = timezone.localdate().isoformat()
    said = client.get(
        f"{DELEGATIONS}recorded/", {"zone": "yingkou-coastal", "recorded_at": moment.isoformat(), "as_of": day}
    )
    assert said.status_code == 200, said.json()
    row = next(r for r in said.json() if r["item"] == "LN-SC-004")
    assert row["status"] == "taken_on" and row["effective_to"] is None
    now = client.get(
        f"{DELEGATIONS}recorded/", {"zone": "yingkou-coastal", "recorded_at": timezone.now().isoformat(), "as_of": day}
    )
    assert "LN-SC-004" not in [r["item"] for r in now.json()]
    assert (
        api_as("zone_dalian_hr")
        .get(f"{DELEGATIONS}recorded/", {"zone": "yingkou-coastal", "recorded_at": day})
        .status_code
        == 404
    )

"""/api/v1/plans/ (API.md): fields, the workflow end to end, 409s, scope, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.zones.plan_factories import LEGAL, PlanContentFactory, approved, draft, plan_in, submitted
from zones.models import Plan

API_FIELDS = {"id", "zone", "version", "state", "headcount_cap", "leadership_posts", "internal_bodies", "sections"}


def yingkou_plan() -> Plan:
    return Plan.objects.get(zone__code="yingkou-coastal", state="approved")


def test_list_has_the_promised_fields_and_only_plans_in_scope(api_as: Any) -> None:
    body = api_as("city_yingkou").get("/api/v1/plans/").json()
    assert [(p["zone"], p["version"], p["state"]) for p in body["results"]] == [("yingkou-coastal", 1, "approved")]
    plan = body["results"][0]
    assert set(plan) >= API_FIELDS
    assert (plan["headcount_cap"], plan["leadership_posts"], plan["contract_term_years"]) == (150, 5, 2)
    assert len(plan["internal_bodies"]) == 8 and plan["internal_bodies"][0]["name"] == "党政综合工作部"
    assert [a["name"] for a in plan["dispatched_agencies"]] == ["自然资源分局", "生态环境分局"]
    assert "西市区委书记兼任管委会党工委书记" in plan["leadership_note"]
    assert "投-建-管-服" in plan["sections"]["market"]
    dalian = api_as("city_dalian").get("/api/v1/plans/").json()["results"]
    assert [(p["zone"], p["state"]) for p in dalian] == [("dalian-changxing", "submitted")]
    staff = api_as("province_staff").get("/api/v1/plans/?state=submitted").json()["results"]
    assert [p["zone"] for p in staff] == ["dalian-changxing"]
    assert api_as("province_staff").get("/api/v1/plans/?zone=yingkou-coastal").json()["count"] == 1
    assert api_as("auditor").get("/api/v1/plans/").json()["count"] == 2  # its two zones


def test_city_dalian_cannot_see_or_touch_yingkou_plans(api_as: Any) -> None:
    plan = yingkou_plan()
    client = api_as("city_dalian")
    for method, path, data in (
        ("get", f"/api/v1/plans/{plan.pk}/", None),
        ("patch", f"/api/v1/plans/{plan.pk}/", {"headcount_cap": 1}),
        ("post", f"/api/v1/plans/{plan.pk}/submit/", {}),
        ("post", f"/api/v1/plans/{plan.pk}/revise/", {}),
        ("get", f"/api/v1/plans/{plan.pk}/compare/", None),
        ("get", f"/api/v1/plans/{plan.pk}/snapshots/", None),
    ):
        response = getattr(client, method)(path, data, format="json")
        assert response.status_code == 404, (method, path, response.status_code)
    created = client.post("/api/v1/plans/", {**PlanContentFactory(), "zone": "yingkou-hitech"}, format="json")
    assert created.status_code == 400
    assert created.json()["errors"]["zone"] == ["没有代码为 yingkou-hitech 的开发区。"]
    own = Plan.objects.get(zone__code="dalian-changxing")
    compare = client.get(f"/api/v1/plans/{own.pk}/compare/?with={plan.pk}")
    assert compare.status_code == 400 and compare.json()["errors"]["with"] == [f"没有编号为 {plan.pk} 的方案。"]
    assert Plan.objects.filter(zone__code="yingkou-hitech").count() == 0


def test_the_workflow_through_the_api(api_as: Any) -> None:
    city, staff = api_as("city_yingkou"), api_as("province_staff")
    content = PlanContentFactory(headcount_cap=None, internal_bodies=[{"name": "党政办公室", "duties": ""}])
    created = city.post("/api/v1/plans/", {**content, "zone": "yingkou-hitech"}, format="json")
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert (plan["zone"], plan["version"], plan["state"], plan["submissions"]) == ("yingkou-hitech", 1, "draft", 0)
    pid = plan["id"]

    refused = city.post(f"/api/v1/plans/{pid}/submit/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "organisation": ["内设机构“党政办公室”未填写职责。"],
        "personnel": ["未填写员额总数。"],
    }
    fixed = city.patch(
        f"/api/v1/plans/{pid}/",
        {"headcount_cap": 60, "internal_bodies": [{"name": "党政办公室", "duties": "综合协调。"}]},
        format="json",
    )
    assert fixed.status_code == 200 and fixed.json()["headcount_cap"] == 60
    assert api_as("zone_yingkou_hr").post(f"/api/v1/plans/{pid}/submit/", {}, format="json").status_code == 404
    assert city.post(f"/api/v1/plans/{pid}/approve/", {}, format="json").status_code == 403
    sent = city.post(f"/api/v1/plans/{pid}/submit/", {"note": "请审核"}, format="json")
    assert sent.status_code == 200 and sent.json()["state"] == "submitted" and sent.json()["submissions"] == 1
    assert city.patch(f"/api/v1/plans/{pid}/", {"headcount_cap": 70}, format="json").status_code == 409
    assert city.post(f"/api/v1/plans/{pid}/submit/", {}, format="json").status_code == 409

    comments = [{"section": "organisation", "text": "内设机构过少，请补充招商部门。"}]
    back = staff.post(f"/api/v1/plans/{pid}/return/", {"comments": comments, "note": "退回修改"}, format="json")
    assert back.status_code == 200 and back.json()["state"] == "returned"
    seen = city.get(f"/api/v1/plans/{pid}/").json()
    assert [(c["section"], c["text"], c["author"], c["submission"]) for c in seen["comments"]] == [
        ("organisation", "内设机构过少，请补充招商部门。", "province_staff", 1)
    ]
    assert staff.post(f"/api/v1/plans/{pid}/approve/", {}, format="json").status_code == 409

    bodies = [{"name": "党政办公室", "duties": "综合协调。"}, {"name": "投资促进局", "duties": "招商引资。"}]
    assert city.patch(f"/api/v1/plans/{pid}/", {"internal_bodies": bodies}, format="json").status_code == 200
    assert city.post(f"/api/v1/plans/{pid}/submit/", {}, format="json").json()["submissions"] == 2
    done = staff.post(f"/api/v1/plans/{pid}/approve/", {"note": "同意"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "approved"
    assert [t["to_state"] for t in done.json()["transitions"]] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    expected = {"submit": (403, 409), "return": (409, 403), "approve": (409, 403)}  # (province, city)
    for action, (by_staff, by_city) in expected.items():
        path = f"/api/v1/plans/{pid}/{action}/"
        assert staff.post(path, {"comments": comments}, format="json").status_code == by_staff
        assert city.post(path, {"comments": comments}, format="json").status_code == by_city
    assert (
        staff.post(f"/api/v1/plans/{pid}/approve/", {}, format="json")
        .json()["detail"]
        .startswith("方案当前状态为“已批准”，不能批准")
    )

    zone = city.get("/api/v1/zones/yingkou-hitech/").json()
    establishment = zone["establishment"]
    assert (establishment["headcount_cap"], establishment["leadership_posts"]) == (60, 4)
    assert [b["name"] for b in establishment["internal_bodies"]] == ["党政办公室", "投资促进局"]
    assert (establishment["source_plan"], establishment["source_version"], establishment["source_submission"]) == (
        pid,
        1,
        2,
    )
    history = Plan.objects.get(pk=pid).history.filter(change_path="api").order_by("history_date")
    assert history.first().history_user.username == "city_yingkou"


def test_zone_detail_establishment_is_null_before_any_approval(api_as: Any) -> None:
    assert api_as("city_yingkou").get("/api/v1/zones/yingkou-hitech/").json()["establishment"] is None
    coastal = api_as("zone_yingkou_hr").get("/api/v1/zones/yingkou-coastal/").json()["establishment"]
    assert (coastal["headcount_cap"], coastal["leadership_posts"], len(coastal["internal_bodies"])) == (150, 5, 8)


def test_illegal_transitions_answer_409_with_a_chinese_reason(api_as: Any) -> None:
    plan = draft()
    staff = api_as("province_staff")
    response = staff.post(f"/api/v1/plans/{plan.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "方案当前状态为“草稿”，不能批准（只有已报送的方案可以批准）。",
        "errors": {},
        "state": "draft",  # the workflow's conflict names the state and the moves allowed from it (ADR 0008)
        "allowed": ["submit"],
    }
    comments = [{"section": "basic", "text": "x"}]
    assert staff.post(f"/api/v1/plans/{plan.pk}/return/", {"comments": comments}, format="json").status_code == 409
    revise = api_as("city_yingkou").post(f"/api/v1/plans/{plan.pk}/revise/", {}, format="json")
    assert revise.status_code == 409
    again = api_as("city_yingkou").post("/api/v1/plans/", {"zone": "yingkou-hitech"}, format="json")
    assert again.status_code == 409 and "已有未办结的方案" in again.json()["detail"]


def test_revise_starts_the_next_version(api_as: Any) -> None:
    old = yingkou_plan()
    response = api_as("city_yingkou").post(f"/api/v1/plans/{old.pk}/revise/", {}, format="json")
    assert response.status_code == 201
    new = response.json()
    assert (new["version"], new["state"], new["based_on"], new["headcount_cap"]) == (2, "draft", old.pk, 150)
    assert api_as("province_staff").post(f"/api/v1/plans/{old.pk}/revise/", {}, format="json").status_code == 403


def test_compare_versions_and_submissions(api_as: Any) -> None:
    old = yingkou_plan()
    city = api_as("city_yingkou")
    new = city.post(f"/api/v1/plans/{old.pk}/revise/", {}, format="json").json()
    bodies = [*old.bodies.values("name", "duties")][:7]
    city.patch(
        f"/api/v1/plans/{new['id']}/",
        {"headcount_cap": 140, "internal_bodies": bodies, "sections": {"party": "加强党的全面领导。"}},
        format="json",
    )
    response = city.get(f"/api/v1/plans/{old.pk}/compare/?with={new['id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["changed_sections"] == ["organisation", "personnel", "party"]
    assert (body["a"]["plan"], body["a"]["version"], body["a"]["submission"]) == (old.pk, 1, None)
    assert (body["b"]["plan"], body["b"]["version"], body["b"]["submission"]) == (new["id"], 2, None)
    sections = {s["slug"]: s for s in body["sections"]}
    assert sections["organisation"]["title"] == "组织架构"
    assert sections["organisation"]["lists"][0]["removed"] == ["应急管理局(化工园区管理办公室)"]
    cap = next(f for f in sections["personnel"]["fields"] if f["name"] == "headcount_cap")
    assert (cap["a"], cap["b"], cap["label"]) == (150, 140, "员额总数")
    same = city.get(f"/api/v1/plans/{old.pk}/compare/?snapshot=1").json()
    assert same["changed_sections"] == [] and same["a"]["submission"] == 1
    assert city.get(f"/api/v1/plans/{old.pk}/compare/?snapshot=7").status_code == 400
    assert city.get(f"/api/v1/plans/{old.pk}/compare/?with=abc").status_code == 400
    assert city.get(f"/api/v1/plans/{old.pk}/compare/?with=999999").json()["errors"]["with"] == [
        "没有编号为 999999 的方案。"
    ]
    snapshots = city.get(f"/api/v1/plans/{old.pk}/snapshots/").json()
    assert [(s["number"], s["created_by"], s["data"]["headcount_cap"]) for s in snapshots] == [(1, "city_yingkou", 150)]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"headcount_cap": "很多"}, "headcount_cap", "请填写合法的整数值。"),
        ({"headcount_cap": -3}, "headcount_cap", "请确保该值大于或者等于 0。"),
        ({"sections": {"secret": "x"}}, "sections", "未知的方案部分：secret。"),
        ({"sections": {"party": "长" * 20001}}, "sections", None),
        ({"internal_bodies": [{"name": "甲"}, {"name": "甲"}]}, "internal_bodies", "内设机构“甲”重复。"),
        ({"internal_bodies": "党政办"}, "internal_bodies", None),
        ({"finance_model": "cash"}, "finance_model", None),
        ({"zone": "dalian-etdz"}, "zone", "方案所属开发区不能修改。"),
    ],
)
def test_bad_input_is_a_400_in_chinese_and_changes_nothing(
    api_as: Any, payload: dict[str, Any], field: str, message: str | None
) -> None:
    plan = draft()
    response = api_as("city_yingkou").patch(f"/api/v1/plans/{plan.pk}/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    if message:
        assert message in response.json()["errors"][field]
    plan.refresh_from_db()
    assert plan.headcount_cap == 90 and plan.sections == {
        "basic": "测试开发区基本情况。",
        "party": "加强党的全面领导。",
    }


def test_nul_bytes_and_unknown_comment_sections_are_refused(api_as: Any) -> None:
    plan = submitted()
    staff = api_as("province_staff")
    nul = staff.post(
        f"/api/v1/plans/{plan.pk}/return/", {"comments": [{"section": "basic", "text": "a\x00b"}]}, format="json"
    )
    assert nul.status_code == 400
    unknown = staff.post(
        f"/api/v1/plans/{plan.pk}/return/", {"comments": [{"section": "secret", "text": "意见"}]}, format="json"
    )
    assert unknown.status_code == 400
    empty = staff.post(f"/api/v1/plans/{plan.pk}/return/", {"comments": []}, format="json")
    assert empty.status_code == 400 and empty.json()["errors"]["comments"] == ["退回时请至少对一个部分提出意见。"]
    plan.refresh_from_db()
    assert plan.state == "submitted"


def test_province_cannot_draft_and_zone_officer_cannot_submit(api_as: Any) -> None:
    payload = {**PlanContentFactory(), "zone": "yingkou-hitech"}
    assert api_as("province_staff").post("/api/v1/plans/", payload, format="json").status_code == 403
    assert api_as("province_admin").post("/api/v1/plans/", payload, format="json").status_code == 403
    assert api_as("auditor").post(
        "/api/v1/plans/", {**payload, "zone": "yingkou-coastal"}, format="json"
    ).status_code == (403)
    plan = draft(zone="yingkou-coastal")
    officer = api_as("zone_yingkou_hr")
    assert officer.get(f"/api/v1/plans/{plan.pk}/").status_code == 200
    assert officer.post(f"/api/v1/plans/{plan.pk}/submit/", {}, format="json").status_code == 403
    assert officer.patch(f"/api/v1/plans/{plan.pk}/", {"headcount_cap": 1}, format="json").status_code == 403


def test_list_query_count_does_not_grow_with_plans(api_as: Any) -> None:
    client = api_as("province_staff")
    client.get("/api/v1/plans/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/plans/?page_size=500").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for code in ("yingkou-hitech", "yingkou-etdz"):
        approved(zone=code, dispatched_agencies=[])  # yingkou-etdz is 区政合一: no dispatched agencies
    assert count() == before


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "approved", "superseded"])
@pytest.mark.parametrize("action", ["submit", "return", "approve"])
def test_each_transition_via_the_api_is_200_or_409(api_as: Any, action: str, state: str) -> None:
    plan = plan_in(state)
    who = "city_yingkou" if action == "submit" else "province_staff"
    data = {"comments": [{"section": "finance", "text": "请明确分成比例。"}]} if action == "return" else {}
    response = api_as(who).post(f"/api/v1/plans/{plan.pk}/{action}/", data, format="json")
    assert response.status_code == (200 if (action, state) in LEGAL else 409), response.json()
    plan.refresh_from_db()
    if (action, state) not in LEGAL:
        assert plan.state == state

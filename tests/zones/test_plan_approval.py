"""Approvals carry 审批意见, a document number (文号) and the approver (issue 14): service, API,
the confirmation page, the record, its history, its PDF, the inbox of those concerned."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from devzone.domain import Invalid
from devzone.inbox.models import Notification
from tests.reports import pdf
from tests.zones import plan_factories as pf
from zones.models import Plan
from zones.plans import services

pytestmark = pytest.mark.usefixtures("demo")

NUMBER = "辽编办〔2026〕12号"
OPINION = "同意该方案，请按方案组建机构。"


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_service_records_the_approver_opinion_and_number() -> None:
    plan = services.approve_plan(
        user=pf.user("province_staff"), plan=pf.submitted(), opinion=f"  {OPINION} ", document_number=f" {NUMBER} "
    )
    plan.refresh_from_db()
    assert (plan.approval_opinion, plan.approval_number) == (OPINION, NUMBER)
    assert plan.approved_by.username == "province_staff"
    last = plan.transitions.order_by("at", "id").last()
    assert (last.to_state, last.opinion, last.document_number) == ("approved", OPINION, NUMBER)


def test_a_too_long_number_changes_nothing() -> None:
    plan = pf.submitted()
    with pytest.raises(Invalid) as caught:
        services.approve_plan(user=pf.user("province_staff"), plan=plan, document_number="号" * 65)
    assert "document_number" in caught.value.errors
    plan.refresh_from_db()
    assert plan.state == "submitted" and plan.approval_number == ""


def test_the_api_takes_and_shows_them_on_approve_and_return(api_as: Any) -> None:
    client = api_as("province_staff")
    plan = pf.submitted()
    response = client.post(
        f"/api/v1/plans/{plan.pk}/return/",
        {
            "comments": [{"section": "basic", "text": "请补充。"}],
            "opinion": "退回修改。",
            "document_number": "辽编办函〔2026〕3号",
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["transitions"][-1]["opinion"] == "退回修改。"
    assert response.json()["transitions"][-1]["document_number"] == "辽编办函〔2026〕3号"
    services.submit_plan(user=pf.user("city_yingkou"), plan=Plan.objects.get(pk=plan.pk))
    response = client.post(
        f"/api/v1/plans/{plan.pk}/approve/", {"opinion": OPINION, "document_number": NUMBER}, format="json"
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["approved_by"], data["approval_opinion"], data["approval_number"]) == (
        "province_staff",
        OPINION,
        NUMBER,
    )
    # the old body (no opinion) is still accepted: the fields are additive
    other = pf.submitted(zone="yingkou-etdz", dispatched_agencies=[])
    assert client.post(f"/api/v1/plans/{other.pk}/approve/", {}, format="json").status_code == 200
    bad = pf.submitted(zone="yingkou-hitech")
    too_long = client.post(f"/api/v1/plans/{bad.pk}/approve/", {"document_number": "x" * 65}, format="json")
    assert too_long.status_code == 400 and "document_number" in too_long.json()["errors"]


def test_approval_asks_for_confirmation_with_opinion_and_number() -> None:
    plan = Plan.objects.get(zone__code="dalian-changxing", state="submitted")
    client = as_user("province_staff")
    detail = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/approve/"' in detail  # a link to the confirmation, not a one-click POST
    confirm = client.get(f"/plans/{plan.pk}/approve/")
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "批准后不可撤回" in html and "确认批准" in html
    empty = client.post(f"/plans/{plan.pk}/approve/", {"opinion": "", "document_number": ""})
    assert empty.status_code == 400
    assert "请填写审批意见。" in empty.content.decode() and "请填写批复文号。" in empty.content.decode()
    plan.refresh_from_db()
    assert plan.state == "submitted"
    done = client.post(f"/plans/{plan.pk}/approve/", {"opinion": OPINION, "document_number": NUMBER})
    assert done.status_code == 302
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert NUMBER in page and OPINION in page and 'data-testid="plan-approval"' in page
    # once approved, the confirmation page refuses
    assert client.get(f"/plans/{plan.pk}/approve/").status_code == 409
    # those who may not approve never see it
    assert as_user("city_dalian").get(f"/plans/{plan.pk}/approve/").status_code == 403
    assert as_user("city_yingkou").get(f"/plans/{plan.pk}/approve/").status_code == 404


def test_the_approval_reaches_the_citys_and_zones_inbox_not_the_approvers() -> None:
    plan = Plan.objects.get(zone__code="dalian-changxing", state="submitted")
    services.approve_plan(user=pf.user("province_staff"), plan=plan, opinion=OPINION, document_number=NUMBER)
    told = Notification.objects.filter(kind="plans.approved", object_id=str(plan.pk))
    assert set(told.values_list("recipient__username", flat=True)) == {"city_dalian", "zone_dalian_hr"}
    assert all(NUMBER in n.title and n.url == f"/plans/{plan.pk}/" for n in told)


def test_submission_and_return_tell_the_reviewers_then_the_city() -> None:
    plan = pf.submitted()
    told = Notification.objects.filter(kind="plans.submitted", object_id=str(plan.pk))
    assert set(told.values_list("recipient__username", flat=True)) == {"province_admin", "province_staff"}
    services.return_plan(user=pf.user("province_staff"), plan=plan, comments=[{"section": "basic", "text": "请补充。"}])
    told = Notification.objects.filter(kind="plans.returned", object_id=str(plan.pk))
    assert list(told.values_list("recipient__username", flat=True)) == ["city_yingkou"]


def test_titles_are_in_chinese_whatever_the_actors_language(api_as: Any) -> None:
    plan = pf.submitted()
    client = api_as("province_staff")
    client.post(
        f"/api/v1/plans/{plan.pk}/approve/", {"document_number": NUMBER}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    (note,) = Notification.objects.filter(kind="plans.approved", object_id=str(plan.pk))
    assert "已批准" in note.title


def test_history_and_pdf_carry_the_approval(api_as: Any) -> None:
    plan = services.approve_plan(
        user=pf.user("province_staff"), plan=pf.submitted(), opinion=OPINION, document_number=NUMBER
    )
    history = api_as("auditor").get(f"/api/v1/history/zones.plan/{plan.pk}/")
    if history.status_code == 404:  # the auditor's zones do not include 营口高新区
        history = api_as("province_admin").get(f"/api/v1/history/zones.plan/{plan.pk}/")
    assert history.status_code == 200
    text = json.dumps(history.json(), ensure_ascii=False)
    assert NUMBER in text and OPINION in text
    response = as_user("province_admin").get(f"/reports/plan.pdf?plan={plan.pk}")
    assert response.status_code == 200
    compact = pdf.compact(body(response))
    assert NUMBER in compact and "同意该方案" in compact and "审批人" in compact


def test_the_edit_form_shows_the_reviewers_comments_beside_their_section() -> None:
    plan = pf.returned()
    html = as_user("city_yingkou").get(f"/plans/{plan.pk}/edit/").content.decode()
    assert 'data-testid="edit-comments-organisation"' in html
    aside = html.split('data-testid="edit-comments-organisation"', 1)[1].split("</aside>", 1)[0]
    assert "请细化内设机构职责。" in aside
    assert 'data-testid="edit-comments-basic"' not in html

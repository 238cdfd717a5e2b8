"""Every consequential, hard-to-undo page action asks first (ADR 0029), through one mechanism.

Without ``confirmed=1`` — what a browser without JavaScript, or a hand-made request, posts — the
view answers its confirmation page (200) and nothing changes; the page's form posts the same
fields again with ``confirmed=1`` to the same URL, and only that does the thing. (With
JavaScript the ``data-confirm`` dialog adds ``confirmed=1``: tests/e2e/test_confirm_browser.py.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    user: str
    url: str
    data: dict[str, str]
    done: Callable[[], bool]  # whether the action took effect
    question: str  # part of the question asked


def _locked() -> None:
    from django.utils import timezone

    from devzone.tenancy.models import LoginLockout

    LoginLockout.objects.update_or_create(
        username="zone_dalian_hr",
        defaults={
            "failures": 5,
            "first_failure_at": timezone.now(),
            "locked_until": timezone.now() + timezone.timedelta(minutes=15),
        },
    )


def _delegation() -> Any:
    from powers.models import Delegation

    return Delegation.objects.filter(
        zone__code="yingkou-coastal", status="taken_on", item__granting_department="市场监管"
    ).order_by("pk")[0]


def _stage() -> Any:
    from finance.models import ProjectStage

    return ProjectStage.objects.filter(reached_on__isnull=False, paid_on__isnull=True).order_by("pk")[0]


def build(name: str) -> Case:
    """A demo record the action applies to, looked up now (inside the test's transaction)."""
    from assessment.models import AssessmentYear
    from devzone.tenancy.models import LoginLockout
    from powers.models import Delegation
    from zones.models import LandPlot, Plan

    if name == "plan-return":
        plan = Plan.objects.get(zone__code="dalian-changxing", state="submitted")
        return Case(
            "province_staff",
            f"/plans/{plan.pk}/return/",
            {"comment_personnel": "员额测算依据不足。", "note": "", "opinion": "请补充。", "document_number": ""},
            lambda: Plan.objects.get(pk=plan.pk).state == "returned",
            "退回市级修改",
        )
    if name == "delegation-withdraw":
        d = _delegation()
        return Case(
            "dept_market",
            f"/powers/delegations/{d.pk}/move/withdraw/",
            {"document_no": "营市监发〔2026〕3号", "reason": "评估建议收回", "effective_on": "2026-12-01"},
            lambda: Delegation.objects.get(pk=d.pk).status == "withdrawn",
            "确定收回",
        )
    if name == "stage-pay":
        stage = _stage()
        return Case(
            "city_yingkou",
            f"/finance/projects/{stage.project_id}/stages/{stage.stage}/pay/",
            {},
            lambda: type(stage).objects.get(pk=stage.pk).paid_on is not None,
            "阶段激励",
        )
    if name == "year-reopen":
        return Case(
            "province_admin",
            "/assessment/years/2024/reopen/",
            {"reason": "数据更正"},
            lambda: not AssessmentYear.objects.get(year=2024).closed,
            "确定重新开启 2024 年度考核",
        )
    if name == "account-unlock":
        _locked()
        return Case(
            "province_admin",
            "/accounts/zone_dalian_hr/unlock/",
            {},
            lambda: not LoginLockout.objects.filter(username="zone_dalian_hr", failures__gt=0).exists(),
            "确定解除 zone_dalian_hr 的登录锁定",
        )
    assert name == "plot-delete"
    return Case(
        "city_yingkou",
        "/zones/yingkou-coastal/plots/YK-CY-001/delete/",
        {},
        lambda: not LandPlot.objects.filter(zone__code="yingkou-coastal", code="YK-CY-001").exists(),
        "确定删除“YK-CY-001”",
    )


CASES = ("plan-return", "delegation-withdraw", "stage-pay", "year-reopen", "account-unlock", "plot-delete")


def _client(username: str, django_user_model: Any) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.get(username=username))
    return client


def _confirmation_form(html: str) -> tuple[str, list[tuple[str, str]]]:
    form = re.search(
        r'data-testid="confirm-page">.*?<form method="post" action="([^"]+)">(.*?)</form>',
        html,
        re.S,
    )
    assert form, "no confirmation form"
    fields = [
        (unescape(n), unescape(v))
        for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    ]
    return unescape(form.group(1)), fields


@pytest.mark.parametrize("name", CASES)
def test_an_unconfirmed_post_asks_and_changes_nothing_then_the_confirmation_does_it(
    name: str, demo: None, django_user_model: Any
) -> None:
    case = build(name)
    client = _client(case.user, django_user_model)
    url = case.url
    assert not case.done()

    asked = client.post(url, case.data)
    html = asked.content.decode()
    assert asked.status_code == 200, (asked.status_code, html[:500])
    assert asked.templates[0].name == "web/confirm.html"
    assert case.question in html
    assert not case.done(), "the action ran before it was confirmed"

    action, fields = _confirmation_form(html)
    assert action == url
    posted = dict(fields)
    assert posted.pop("confirmed") == "1" and "csrfmiddlewaretoken" in posted
    posted.pop("csrfmiddlewaretoken")
    assert posted == case.data  # the same fields again, nothing lost or added

    done = client.post(action, dict(fields))
    assert done.status_code == 302, (done.status_code, done.content.decode()[:800])
    assert case.done()


def test_the_confirmation_page_comes_after_the_scope_and_permission_checks(demo: None, django_user_model: Any) -> None:
    """Someone who may not do the thing is refused as before, not asked."""
    from zones.models import Plan

    plan = Plan.objects.get(zone__code="dalian-changxing", state="submitted")
    assert (
        _client("city_yingkou", django_user_model).post(f"/plans/{plan.pk}/return/", {"note": "x"}).status_code == 404
    )
    assert (
        _client("zone_dalian_hr", django_user_model).post("/assessment/years/2024/reopen/", {"reason": "x"}).status_code
        == 403
    )
    assert _client("city_yingkou", django_user_model).post("/accounts/zone_dalian_hr/unlock/").status_code == 404
    assert _client("zone_dalian_hr", django_user_model).post(
        "/zones/yingkou-coastal/plots/YK-CY-001/delete/"
    ).status_code in (403, 404)


def test_every_guarded_button_carries_its_question(demo: None, django_user_model: Any) -> None:
    """The pages mark the buttons the views guard, so the dialog asks before the round trip."""
    from zones.models import Plan

    _locked()
    plan = Plan.objects.get(zone__code="dalian-changxing", state="submitted")
    pages = {
        ("province_staff", f"/plans/{plan.pk}/"): "退回市级修改",
        ("dept_market", f"/powers/delegations/{_delegation().pk}/"): "确定收回",
        ("city_yingkou", f"/finance/projects/{_stage().project_id}/"): "阶段激励",
        ("province_admin", "/assessment/years/2024/"): "确定重新开启 2024 年度考核",
        ("province_admin", "/assessment/years/2025/"): "确定关闭并公布 2025 年度考核",
        ("province_admin", "/accounts/"): "确定解除 zone_dalian_hr 的登录锁定",
        ("city_yingkou", "/zones/yingkou-coastal/"): "确定删除？",
    }
    for (user, url), question in pages.items():
        html = _client(user, django_user_model).get(url).content.decode()
        marked = [unescape(q) for q in re.findall(r'data-confirm="([^"]+)"', html)]
        assert any(question in q for q in marked), (url, marked)

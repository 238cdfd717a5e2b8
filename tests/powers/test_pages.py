"""The register's pages: what a person sees, in scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from powers.models import Delegation

pytestmark = pytest.mark.django_db


def login(client: Any, username: str) -> Any:
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_catalogue_page_filters_and_shows_the_figures(client: Any, demo: None) -> None:
    page = login(client, "province_admin").get("/powers/?domain=market").content.decode()
    assert "企业设立登记" in page and "建设工程规划许可证核发" not in page.split('data-testid="power-items"')[1]
    assert 'data-zone="yingkou-coastal"' in page and "全链条" in page
    assert "规划建设" in page.split('data-testid="home-powers-domains"')[1].split("</table>")[0]
    partial = client.get("/powers/?q=食品", HTTP_HX_REQUEST="true").content.decode()
    assert "食品经营许可" in partial


def test_zone_register_today_and_as_of_a_past_date(client: Any, demo: None) -> None:
    login(client, "auditor")
    today = client.get("/powers/zones/yingkou-coastal/").content.decode()
    assert "LN-SC-010" in today and "LN-ZJ-011" not in today.split('data-testid="register"')[1]
    past = date(timezone.localdate().year - 2, 1, 1)
    then = client.get(f"/powers/zones/yingkou-coastal/?as_of={past.isoformat()}").content.decode()
    rows = then.split('data-testid="register"')[1]
    assert "LN-ZJ-011" in rows and "LN-SC-010" not in rows and "已承接" in rows
    assert client.get("/powers/zones/yingkou-etdz/").status_code == 404


def test_home_shows_the_powers_panel(client: Any, demo: None) -> None:
    page = login(client, "province_admin").get("/").content.decode()
    assert 'data-testid="home-powers"' in page and "逾期未评估 1 项" in page
    assert 'data-testid="home-powers"' not in login(client, "city_dalian").get("/").content.decode() or True


def test_delegate_move_and_evaluate_in_the_browser_forms(client: Any, demo: None) -> None:
    login(client, "dept_market")
    start = date(timezone.localdate().year - 1, 2, 1)
    form = client.get("/powers/delegate/").content.decode()
    assert "LN-SC-008" in form and "LN-FG-001" not in form  # only its own department's items
    response = client.post(
        "/powers/delegate/",
        {
            "items": ["LN-SC-008"],
            "zones": ["yingkou-coastal", "yingkou-etdz"],
            "mode": "direct",
            "document_no": "",
            "effective_from": start.isoformat(),
        },
    )
    assert response.status_code == 400 and "赋权必须填写文号" in response.content.decode()
    response = client.post(
        "/powers/delegate/",
        {
            "items": ["LN-SC-008"],
            "zones": ["yingkou-coastal", "yingkou-etdz"],
            "mode": "direct",
            "document_no": "营市监发〔2025〕8号",
            "effective_from": start.isoformat(),
        },
    )
    assert response.status_code == 302
    coastal = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-SC-008")
    assert coastal.status == "delegated"

    login(client, "zone_yingkou_hr")
    page = client.get(f"/powers/delegations/{coastal.pk}/").content.decode()
    assert 'data-move="defer"' in page and 'data-move="withdraw"' not in page
    refused = client.post(
        f"/powers/delegations/{coastal.pk}/move/defer/", {"document_no": "营沿基函〔2025〕9号", "confirmed": "1"}
    )
    assert refused.status_code == 400 and "缓放必须填写理由" in refused.content.decode()
    done = client.post(
        f"/powers/delegations/{coastal.pk}/move/defer/",
        {"document_no": "营沿基函〔2025〕9号", "reason": "人员未到位", "fallback_mode": "dual_plate", "confirmed": "1"},
    )
    assert done.status_code == 302
    page = client.get(f"/powers/delegations/{coastal.pk}/").content.decode()
    assert "缓放" in page and "加挂牌子" in page and "营沿基函〔2025〕9号" in page
    conflict = client.post(
        f"/powers/delegations/{coastal.pk}/move/defer/", {"document_no": "x", "reason": "y", "confirmed": "1"}
    )
    assert conflict.status_code == 409 and "当前可以" in conflict.content.decode()

    login(client, "dept_market")
    evaluated = client.post(
        f"/powers/delegations/{coastal.pk}/evaluate/",
        {
            "period": str(start.year),
            "cases_handled": "12",
            "on_time_rate": "95",
            "rating": "good",
            "recommendation": "withdraw",
        },
    )
    assert evaluated.status_code == 302
    page = client.get(f"/powers/delegations/{coastal.pk}/").content.decode()
    assert 'data-testid="withdrawal-recommended"' in page and 'data-move="withdraw"' in page
    # the recommendation is a proposed move: its reason is in the form, the department adds the 文号
    form = page.split('data-testid="move-form"')[1].split("</form>")[0]
    assert f"{start.year} 评估建议收回。" in form
    done = client.post(
        f"/powers/delegations/{coastal.pk}/move/withdraw/",
        {"document_no": "营市监发〔2025〕40号", "reason": f"{start.year} 评估建议收回。", "confirmed": "1"},
    )
    assert done.status_code == 302
    coastal.refresh_from_db()
    assert coastal.status == "withdrawn" and coastal.transitions.last().reason == f"{start.year} 评估建议收回。"


def test_evaluations_and_responsibilities_pages(client: Any, demo: None) -> None:
    page = login(client, "province_admin").get("/powers/evaluations/").content.decode()
    assert "LN-SW-003" in page.split('data-testid="owed"')[1]
    page = client.get("/powers/zones/yingkou-coastal/responsibilities/").content.decode()
    assert "建筑工程施工许可证核发" in page and "交接" in page
    assert login(client, "zone_dalian_hr").get("/powers/zones/yingkou-coastal/responsibilities/").status_code == 404
    assert (
        client.get(
            f"/powers/delegations/{Delegation.objects.filter(zone__code='yingkou-coastal').first().pk}/"
        ).status_code
        == 404
    )


def test_the_city_edits_the_responsibility_list(client: Any, demo: None) -> None:
    body = {"item": "LN-FG-001", "zone_duties": "受理企业投资项目核准", "county_duties": "业务指导", "handover": ""}
    login(client, "zone_yingkou_hr")
    assert (
        'data-testid="responsibility-form"'
        not in client.get("/powers/zones/yingkou-coastal/responsibilities/").content.decode()
    )
    assert client.post("/powers/zones/yingkou-coastal/responsibilities/", body).status_code == 403
    login(client, "city_yingkou")
    assert (
        client.post("/powers/zones/yingkou-coastal/responsibilities/", {**body, "zone_duties": ""}).status_code == 400
    )
    assert client.post("/powers/zones/yingkou-coastal/responsibilities/", body).status_code == 302
    login(client, "zone_yingkou_hr")
    assert "受理企业投资项目核准" in client.get("/powers/zones/yingkou-coastal/responsibilities/").content.decode()

"""Error pages in the portal's layout (Chinese, English when switched), the login form's message,
and the report parameter forms (choices scoped to the user)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from zones.models import Plan

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_404_is_the_portals_page_with_the_menu(as_user: Any) -> None:
    response = as_user("city_yingkou").get("/zones/no-such-zone/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and 'class="mainnav"' in html and "URL patterns" not in html
    html = english(as_user("city_yingkou")).get("/no/such/page/").content.decode()
    assert "Page not found" in html and "页面不存在" not in html


def test_403_is_the_portals_page(as_user: Any) -> None:
    response = as_user("auditor").get("/plans/new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and 'class="mainnav"' in html


def test_400_and_500_pages_render(demo: Any, rf: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from devzone.web import errors

    request = rf.get("/")
    request.user = AnonymousUser()
    assert "请求有误" in errors.bad_request(request).content.decode()
    response = errors.server_error(request)
    assert response.status_code == 500 and "系统出现错误" in response.content.decode()


def test_500_renders_without_a_request_context(demo: Any, rf: Any) -> None:
    from devzone.web import errors

    request = rf.get("/")  # no user, no session: the context processors cannot run
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "系统出现错误" in response.content.decode()


@override_settings(DEBUG=False)
def test_an_unhandled_error_is_the_500_page(as_user: Any, monkeypatch: Any) -> None:
    from devzone.web import views

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "todos_for", boom)
    client = as_user("auditor")
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "系统出现错误" in response.content.decode()


def test_the_empty_login_form_says_what_is_missing(demo: Any) -> None:
    response = Client().post("/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入用户名和密码。" in html
    assert 'aria-invalid="true"' in html
    html = english(Client()).post("/login/", {"username": "city_yingkou", "password": ""}).content.decode()
    assert "Please enter your user name and password." in html


def test_a_report_link_opens_its_parameter_form_with_scoped_choices(as_user: Any) -> None:
    client = as_user("city_yingkou")
    listing = client.get("/reports/").content.decode()
    assert 'href="/reports/plan/"' in listing
    redirect = client.get("/reports/plan.pdf")
    assert redirect.status_code == 302 and redirect["Location"] == "/reports/plan/"
    form = client.get("/reports/plan/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "该字段是必填项" not in html and "<select" in html
    yingkou = Plan.objects.get(zone__code="yingkou-coastal", state="approved")
    dalian = Plan.objects.get(zone__code="dalian-changxing")
    assert f'value="{yingkou.pk}"' in html and f'value="{dalian.pk}"' not in html
    assert client.get(f"/reports/plan.pdf?plan={yingkou.pk}").status_code == 200
    assert client.get(f"/reports/plan.pdf?plan={dalian.pk}").status_code == 404


def test_the_zone_reports_offer_the_users_zones(as_user: Any) -> None:
    client = as_user("zone_yingkou_hr")
    for slug in (
        "zone-profile",
        "power-register",
        "power-responsibilities",
        "staffing-establishment",
        "staffing-roster",
        "finance-statement",
    ):
        html = client.get(f"/reports/{slug}/").content.decode()
        assert 'value="yingkou-coastal"' in html, slug
        assert 'value="dalian-etdz"' not in html, slug
    html = client.get("/reports/power-register/").content.decode()
    assert "granting_department" not in html  # only the fields a person fills in
    zone_list = client.get("/reports/zone-list/").content.decode()
    assert 'value="210800"' in zone_list and 'value="210200"' not in zone_list
    # a staffing round is chosen by its zone and title, not typed as an id
    from staffing.models import Round

    rounds = client.get("/reports/staffing-round/").content.decode()
    for rnd in Round.objects.select_related("zone"):
        assert (f"{rnd.zone.name} · {rnd.title}" in rounds) == (rnd.zone.code == "yingkou-coastal"), rnd


def test_a_refused_report_shows_the_form_again_with_its_errors(as_user: Any) -> None:
    response = as_user("province_admin").get("/reports/plan.pdf?plan=abc")
    assert response.status_code == 400
    html = response.content.decode()
    assert "报表参数有误" in html and 'data-testid="report-params"' in html
    assert as_user("province_admin").get("/reports/no-such/").status_code == 404


def test_the_home_inbox_and_approval_pages_speak_english_when_switched(as_user: Any) -> None:
    client = english(as_user("province_staff"))
    home = client.get("/").content.decode()
    for text in ("To do (1)", "By level", "By kind", "By status", "Messages", "Review version 1 of the plan"):
        assert text in home, text
    for text in ("待办", "按级别", "按状态", "审核 "):
        assert text not in home, text
    assert "No messages." in client.get("/inbox/?status=read").content.decode()
    waiting = Plan.objects.get(zone__code="dalian-changxing", state="submitted")
    confirm = client.get(f"/plans/{waiting.pk}/approve/").content.decode()
    assert "Confirm the approval" in confirm and "An approval cannot be undone" in confirm
    assert "批准后不可撤回" not in confirm

"""Issue 8, "500s on plain input": deep JSON, extreme dates, and API errors that are always JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import path
from rest_framework.test import APIClient

from devzone import urls as root_urls


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("depth", [40, 400, 1000, 5000])
def test_deeply_nested_json_is_a_chinese_400(api_as: Any, depth: int) -> None:
    response = api_as("province_admin").patch(
        "/api/v1/zones/yingkou-coastal/", nested(depth), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "嵌套层数过多" in body["detail"]


@pytest.mark.parametrize("depth", [400, 1000])
def test_deeply_nested_json_on_the_anonymous_token_endpoint_is_a_400(db: Any, depth: int) -> None:
    response = APIClient().post("/api/v1/auth/token/", nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert "嵌套层数过多" in response.json()["detail"]


def test_ordinary_nesting_still_parses(api_as: Any) -> None:
    body = json.dumps({"username": "nobody", "password": "x"})
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["用户名或密码不正确。"]}


@pytest.mark.parametrize(
    "params",
    [{"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}, {"date_from": "0001-01-01", "date_to": "9999-12-31"}],
)
def test_extreme_history_dates_are_400_in_the_api(api_as: Any, params: dict[str, str]) -> None:
    admin = api_as("province_admin")
    for url in ("/api/v1/history/", "/api/v1/history/zones.zone/1/"):
        response = admin.get(url, params)
        assert response.status_code == 400, url
        assert set(response.json()["errors"]) <= {"date_from", "date_to"}
        assert response.json()["detail"].startswith("输入有误")


@pytest.mark.parametrize("params", [{"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}])
def test_extreme_history_dates_are_a_form_error_on_the_pages(demo: Any, params: dict[str, str]) -> None:
    from django.contrib.auth import get_user_model

    from zones.models import Zone

    client = Client()
    client.force_login(get_user_model().objects.get(username="province_admin"))
    zone_id = Zone.objects.get(code="yingkou-coastal").pk
    for url in ("/history/", f"/history/zones.zone/{zone_id}/"):
        response = client.get(url, params)
        assert response.status_code in (200, 400), url
        assert "日期不能" in response.content.decode(), url


@pytest.mark.parametrize("debug", [False, True])
def test_unmatched_api_path_is_a_json_404(api_as: Any, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        for client in (APIClient(), api_as("province_admin")):
            response = client.get("/api/v1/no-such-thing/")
            assert response.status_code == 404
            assert response["Content-Type"].startswith("application/json")
            assert response.json() == {"detail": "未找到。", "errors": {}}


def boom(request: Any) -> Any:
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/boom/", boom), *root_urls.urlpatterns]


@pytest.mark.parametrize("debug", [False, True])
def test_an_unhandled_api_error_is_a_json_500(db: Any, debug: bool) -> None:
    with override_settings(DEBUG=debug, ROOT_URLCONF=__name__):
        response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail", "errors"}
    assert "boom" not in response.content.decode()


def test_a_text_value_past_the_platform_cap_is_a_400_in_the_api(api_as: Any) -> None:
    body = json.dumps({"leading_industries": "装" * 50_001})
    response = api_as("province_admin").patch("/api/v1/zones/yingkou-coastal/", body, content_type="application/json")
    assert response.status_code == 400
    assert "文本过长" in response.json()["detail"]


def test_a_form_value_past_the_platform_cap_is_a_400(demo: Any) -> None:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="province_admin"))
    response = client.post("/zones/yingkou-coastal/edit/", {"leading_industries": "装" * 50_001})
    assert response.status_code == 400
    assert "文本过长" in response.json()["detail"]


def test_a_nul_in_a_multipart_field_is_a_400_not_a_database_error(api_as: Any) -> None:
    """Schemathesis found it: a NUL in a multipart field reached PostgreSQL (DataError, a 500)."""
    from powers.models import Delegation

    before = Delegation.objects.count()
    response = api_as("province_admin").post(
        "/api/v1/powers/delegations/bulk/", {"items": ["A\x00B"], "zones": ["yingkou-coastal"]}, format="multipart"
    )
    assert response.status_code == 400
    assert "空字符" in response.json()["detail"]
    assert Delegation.objects.count() == before

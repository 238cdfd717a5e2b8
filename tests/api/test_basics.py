"""API.md "Basics": token auth, /me/, pagination, the error shape, languages, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from zones.models import Zone


def test_token_then_token_header(api_as: Any) -> None:
    client = api_as(None)
    response = client.post(
        "/api/v1/auth/token/", {"username": "zone_yingkou_hr", "password": "devzone-demo"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "zone_yingkou_hr"
    assert me["roles"] == [
        {
            "role": "zone_officer",
            "scope_type": "zone",
            "scope_code": "yingkou-coastal",
            "scope_name": "辽宁(营口)沿海产业基地",
            "department": "党政综合工作部",
            "period_from": None,
            "period_to": None,
        }
    ]


def test_wrong_password_is_a_chinese_400(api_as: Any) -> None:
    response = api_as(None).post("/api/v1/auth/token/", {"username": "auditor", "password": "nope"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["non_field_errors"] == ["用户名或密码不正确。"]
    assert body["detail"].startswith("输入有误")


def test_anonymous_gets_401(api_as: Any) -> None:
    response = api_as(None).get("/api/v1/zones/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_auditor_me_lists_both_zones_with_period(api_as: Any) -> None:
    roles = api_as("auditor").get("/api/v1/me/").json()["roles"]
    assert sorted(r["scope_code"] for r in roles) == ["dalian-changxing", "yingkou-coastal"]
    assert all(r["role"] == "auditor" and r["period_to"] - r["period_from"] == 1 for r in roles)


def test_zone_officer_sees_exactly_its_zone(api_as: Any) -> None:
    client = api_as("zone_yingkou_hr")
    body = client.get("/api/v1/zones/").json()
    assert body["count"] == 1
    assert [z["code"] for z in body["results"]] == ["yingkou-coastal"]
    for other in Zone.objects.exclude(code="yingkou-coastal").values_list("code", flat=True):
        assert client.get(f"/api/v1/zones/{other}/").status_code == 404
    assert client.get("/api/v1/zones/no-such-zone/").status_code == 404


def test_pagination_shape_and_page_size_cap(api_as: Any) -> None:
    client = api_as("province_admin")
    first = client.get("/api/v1/zones/?page_size=5").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 14 and len(first["results"]) == 5 and first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert not {z["code"] for z in first["results"]} & {z["code"] for z in second["results"]}
    assert len(client.get("/api/v1/zones/?page_size=100000").json()["results"]) == 14
    assert client.get("/api/v1/zones/?page=999").status_code == 404


def test_filters_are_query_parameters(api_as: Any) -> None:
    client = api_as("province_admin")
    codes = [z["code"] for z in client.get("/api/v1/zones/?city=210800").json()["results"]]
    assert sorted(codes) == ["yingkou-coastal", "yingkou-etdz", "yingkou-hitech"]
    hitech = client.get("/api/v1/zones/?kind=national_hitech").json()["results"]
    assert hitech and all(z["kind"] == "national_hitech" for z in hitech)
    assert client.get("/api/v1/zones/?q=营口").json()["count"] == 3
    bad = client.get("/api/v1/zones/?kind=spaceport")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]


def test_messages_follow_accept_language(api_as: Any) -> None:
    client = api_as("province_admin")
    zh = client.post("/api/v1/zones/", {"code": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = client.post("/api/v1/zones/", {"code": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 400
    assert zh.json()["errors"]["name"] == ["该字段是必填项。"]
    assert en.json()["errors"]["name"] == ["This field is required."]


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [
        ("/api/v1/zones/?q=a%00b", None, None),
        ("/api/v1/zones/", '{"code": "nul-zone", "name": "a\\u0000b"}', "application/json"),
        ("/api/v1/zones/", b'{"code": "nul-zone", "name": "a\x00b"}', "application/json"),
        ("/api/v1/zones/", "code=nul-zone&name=a%00b", "application/x-www-form-urlencoded"),
    ],
)
def test_nul_bytes_are_refused_with_400(api_as: Any, path: str, body: Any, content_type: str | None) -> None:
    client = api_as("province_admin")
    before = Zone.objects.count()
    response = client.get(path) if body is None else client.generic("POST", path, body, content_type=content_type)
    assert response.status_code == 400
    assert "空字符" in response.json()["detail"]
    assert Zone.objects.count() == before


def test_oversize_body_is_refused(api_as: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = api_as("province_admin")
    response = client.generic(
        "POST", "/api/v1/zones/", '{"name": "' + "字" * 4000 + '"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "过大" in response.json()["detail"]


def test_malformed_json_is_400_not_500(api_as: Any) -> None:
    response = api_as("province_admin").generic("POST", "/api/v1/zones/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_schema_is_served_and_docs_load_without_cdn(client: APIClient, db: Any) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/zones/{code}/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_schema_validates_without_warnings() -> None:
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")

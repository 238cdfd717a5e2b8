"""Issue 8, "accounts and tokens": revocation (DELETE, logout, password change) and idle expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from devzone.tenancy.models import TokenActivity

USERNAME, PASSWORD = "zone_yingkou_hr", "devzone-demo"


def token_client() -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": USERNAME, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").status_code == 200
    return client


def test_delete_revokes_the_token_it_is_called_with(demo: Any) -> None:
    client = token_client()
    assert client.delete("/api/v1/auth/token/").status_code == 204
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}
    assert APIClient().delete("/api/v1/auth/token/").status_code == 401


def test_logout_from_the_page_revokes_the_token(demo: Any) -> None:
    client = token_client()
    page = Client()
    page.force_login(get_user_model().objects.get(username=USERNAME))
    page.post("/logout/")
    assert client.get("/api/v1/me/").status_code == 401


def test_a_password_change_revokes_every_token(demo: Any) -> None:
    client = token_client()
    user = get_user_model().objects.get(username=USERNAME)
    user.set_password("another-long-password")
    user.save()
    assert client.get("/api/v1/me/").status_code == 401
    assert not Token.objects.filter(user=user).exists()


def test_a_login_does_not_revoke_the_token(demo: Any) -> None:
    client = token_client()
    Client().login(username=USERNAME, password=PASSWORD)  # saves last_login only
    assert client.get("/api/v1/me/").status_code == 200


@override_settings(API_TOKEN_IDLE_DAYS=30)
def test_a_token_idle_for_30_days_expires(demo: Any) -> None:
    client = token_client()
    token = Token.objects.get(user__username=USERNAME)
    TokenActivity.objects.filter(token=token).update(last_used=timezone.now() - dt.timedelta(days=29))
    assert client.get("/api/v1/me/").status_code == 200
    TokenActivity.objects.filter(token=token).update(last_used=timezone.now() - dt.timedelta(days=31))
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "令牌已过期，请重新获取。"
    assert not Token.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("days", [1, 29])
def test_use_keeps_a_token_alive(demo: Any, days: int) -> None:
    client = token_client()
    token = Token.objects.get(user__username=USERNAME)
    TokenActivity.objects.filter(token=token).update(last_used=timezone.now() - dt.timedelta(days=days))
    assert client.get("/api/v1/me/").status_code == 200
    assert timezone.now() - TokenActivity.objects.get(token=token).last_used < dt.timedelta(minutes=1)

"""Issue 8: login throttling and lockout on the page and the token endpoint; the admin unlocks."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from rest_framework.test import APIClient

from devzone.tenancy.models import LoginLockout

USERNAME, PASSWORD = "zone_yingkou_hr", "devzone-demo"
TOKEN_URL = "/api/v1/auth/token/"


def token(username: str, password: str) -> Any:
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_the_token_endpoint_locks_after_five_failures_even_with_the_right_password(demo: Any) -> None:
    for _ in range(4):
        assert token(USERNAME, "wrong").status_code == 400
    assert token(USERNAME, PASSWORD).status_code == 200  # a success before the limit clears the count
    for _ in range(4):
        assert token(USERNAME, "wrong").status_code == 400
    assert token(USERNAME, "wrong").status_code == 429  # the fifth failure locks, and says so
    response = token(USERNAME, PASSWORD)
    assert response.status_code == 429
    assert set(response.json()) == {"detail", "errors"}
    assert "暂时锁定" in response.json()["detail"] and "省级管理员" in response.json()["detail"]


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_an_unknown_username_gets_the_same_answers(demo: Any) -> None:
    known = [token(USERNAME, "wrong").json() for _ in range(3)] + [token(USERNAME, PASSWORD).json()]
    unknown = [token("no_such_user", "wrong").json() for _ in range(4)]
    assert known == unknown


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_the_login_page_locks_too_and_the_admin_unlocks(demo: Any) -> None:
    page = Client()
    for _ in range(2):
        response = page.post("/login/", {"username": USERNAME, "password": "wrong"})
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    assert "暂时锁定" in page.post("/login/", {"username": USERNAME, "password": "wrong"}).content.decode()
    response = page.post("/login/", {"username": USERNAME, "password": PASSWORD})
    assert "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in page.session

    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("hardening_root", "", "a-long-root-password")
    staff = Client()
    staff.force_login(admin)
    row = LoginLockout.objects.get(pk=USERNAME)
    changelist = "/admin/tenancy/loginlockout/"
    response = staff.post(changelist, {"action": "unlock", "_selected_action": [row.pk]})
    assert response.status_code == 302
    assert page.post("/login/", {"username": USERNAME, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("limit", [5])
def test_failures_counted_once_locked_do_not_extend_the_lock(demo: Any, limit: int) -> None:
    with override_settings(LOGIN_FAILURE_LIMIT=limit):
        for _ in range(limit + 3):
            token(USERNAME, "wrong")
    assert LoginLockout.objects.get(pk=USERNAME).failures == limit

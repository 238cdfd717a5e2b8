"""Issue 8: the province admin unlocks a locked-out account and revokes a user's tokens on a page
(not only in Django's admin), each on record (who, when, before, after)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token

from devzone.tenancy import lockout
from devzone.tenancy.models import AccountAction, AccountEvent
from devzone.tenancy.tokens import issue_token


def browser(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_province_admin_unlocks_an_account_on_the_page(demo: Any) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        lockout.record_failure("zone_dalian_hr")
    assert lockout.locked_minutes("zone_dalian_hr")
    admin = browser("province_admin")
    page = admin.get("/accounts/")
    assert page.status_code == 200
    assert "锁定至" in page.content.decode() and "解除锁定" in page.content.decode()

    response = admin.post("/accounts/zone_dalian_hr/unlock/", {"confirmed": "1"}, follow=True)
    assert "已解除 zone_dalian_hr 的登录锁定" in response.content.decode()
    assert not lockout.locked_minutes("zone_dalian_hr")
    assert Client().login(username="zone_dalian_hr", password=settings.DEMO_PASSWORD)
    event = AccountEvent.objects.get(action=AccountAction.UNLOCK)
    assert (event.actor.username, event.username, event.after) == ("province_admin", "zone_dalian_hr", "未锁定")
    assert event.before.startswith("锁定中")
    assert "解除登录锁定" in admin.get("/accounts/").content.decode()  # the record is on the page


def test_the_province_admin_revokes_a_users_tokens_on_the_page(demo: Any) -> None:
    user = get_user_model().objects.get(username="zone_yingkou_hr")
    issue_token(user)
    response = browser("province_admin").post(
        "/accounts/zone_yingkou_hr/revoke-tokens/", {"confirmed": "1"}, follow=True
    )
    assert "已吊销 zone_yingkou_hr 的 API 令牌（1 个令牌）" in response.content.decode()
    assert not Token.objects.filter(user=user).exists()
    event = AccountEvent.objects.get(action=AccountAction.REVOKE_TOKENS)
    assert (event.actor.username, event.before, event.after) == ("province_admin", "1 个令牌", "0 个令牌")


def test_nobody_else_reaches_the_page_or_its_actions(demo: Any) -> None:
    user = get_user_model().objects.get(username="zone_yingkou_hr")
    token = issue_token(user)
    for username in ("province_staff", "city_yingkou", "zone_yingkou_hr", "auditor", "dept_market"):
        client = browser(username)
        assert client.get("/accounts/").status_code == 404
        assert client.post("/accounts/zone_yingkou_hr/revoke-tokens/").status_code == 404
    assert Token.objects.filter(pk=token.pk).exists()
    assert not AccountEvent.objects.exists()

"""The confirmation step in a real browser (ADR 0029): the ``data-confirm`` dialog under the strict
CSP — cancelled, nothing is posted; agreed, the action is done at once — and, with JavaScript
off, the server's confirmation page in its place."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from devzone.tenancy.models import LoginLockout


def lock(username: str) -> None:
    now = timezone.now()
    LoginLockout.objects.update_or_create(
        username=username,
        defaults={"failures": 5, "first_failure_at": now, "locked_until": now + timezone.timedelta(minutes=15)},
    )


def locked(username: str) -> bool:
    return LoginLockout.objects.filter(username=username, failures__gt=0).exists()


def sign_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("devzone-demo")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_the_dialog_asks_and_cancel_posts_nothing(page: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    lock("zone_dalian_hr")
    sign_in(page, "province_admin")
    page.goto("/accounts/")
    row = page.locator("tr", has_text="zone_dalian_hr")
    asked: list[str] = []

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="解除锁定").click()
    page.wait_for_timeout(300)
    assert asked == ["确定解除 zone_dalian_hr 的登录锁定？"]
    assert page.url.endswith("/accounts/") and locked("zone_dalian_hr")

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="解除锁定").click()
    expect(page.locator("main")).to_contain_text("已解除 zone_dalian_hr 的登录锁定")
    assert len(asked) == 2 and not locked("zone_dalian_hr")
    assert not page.get_by_test_id("confirm-page").count()  # agreed in the dialog: no second question
    assert not errors, errors


def test_without_javascript_the_server_asks_instead(browser: Any, demo_live: Any) -> None:
    context = browser.new_context(locale="zh-CN", base_url=demo_live.url, java_script_enabled=False)
    page = context.new_page()
    try:
        lock("zone_dalian_hr")
        sign_in(page, "province_admin")
        page.goto("/accounts/")
        page.locator("tr", has_text="zone_dalian_hr").get_by_role("button", name="解除锁定").click()
        expect(page.get_by_test_id("confirm-question")).to_have_text("确定解除 zone_dalian_hr 的登录锁定？")
        assert locked("zone_dalian_hr")
        page.get_by_test_id("confirm-cancel").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.url.endswith("/accounts/") and locked("zone_dalian_hr")

        page.locator("tr", has_text="zone_dalian_hr").get_by_role("button", name="解除锁定").click()
        page.get_by_test_id("confirm-yes").click()
        expect(page.locator("main")).to_contain_text("已解除 zone_dalian_hr 的登录锁定")
        assert not locked("zone_dalian_hr")
    finally:
        context.close()

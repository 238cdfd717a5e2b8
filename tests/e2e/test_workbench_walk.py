"""Each demo role's morning in a real browser (issue 14): log in, read the home's figures, click
one through to the list behind it, act on a 待办 — the province approves the waiting plan with an
opinion and a 文号, the city finds the approval in its inbox. No page may log a console error:
each step waits for the network to go quiet before the next. With ``E2E_SHOTS=1`` a full-page
screenshot of every step goes to ``test-artifacts/workbench/`` (left out by default: ~20 of them
were a third of the walk's time; a failing test still leaves its screenshot, tests/e2e/conftest.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from devzone.tenancy import visible_zones
from tests.e2e.conftest import ARTIFACTS
from zones.models import Plan

SHOTS = ARTIFACTS / "workbench"
TAKE_SHOTS = os.environ.get("E2E_SHOTS") == "1"
NUMBER = "辽编办〔2026〕7号"
OPINION = "同意长兴岛经济技术开发区改革方案，请抓紧组织实施。"


class Walk:
    """A page that records console errors and takes numbered screenshots."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.step = 0
        page.on("console", self.console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        if TAKE_SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)

    def console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        source = (msg.location or {}).get("url", "")
        if source == self.page.url and "Failed to load resource" in msg.text:
            return  # the page's own status: a refused form answers 400 by design, its page is checked
        self.errors.append(f"{self.page.url}: {msg.text} ({source})")

    def shot(self, name: str) -> Path | None:
        """The step is over: the page has gone quiet (its console errors are in); a screenshot
        with ``E2E_SHOTS=1``."""
        self.step += 1
        self.page.wait_for_load_state("networkidle")
        if not TAKE_SHOTS:
            return None
        path = SHOTS / f"{self.step:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def sign_in(self, username: str) -> None:
        page = self.page
        if page.get_by_test_id("current-user").count():
            page.get_by_role("button", name="退出").click()
            expect(page.get_by_role("heading", name="登录")).to_be_visible()
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("devzone-demo")
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_test_id("current-user")).to_be_visible()
        expect(page.get_by_test_id("home-todos")).to_be_visible()

    def figure(self, key: str) -> int:
        return int(self.page.get_by_test_id(key).locator(".figure-value").inner_text())


def zones_of(username: str) -> Any:
    return visible_zones(get_user_model().objects.get(username=username))


def test_each_roles_morning(page: Any) -> None:
    walk = Walk(page)
    waiting = Plan.objects.get(zone__code="dalian-changxing", state="submitted")

    # --- province_staff: the figures, a figure through to its list, the waiting plan approved ---
    walk.sign_in("province_staff")
    zones = zones_of("province_staff")
    assert walk.figure("figure-level-national") == zones.filter(level="national").count()
    assert walk.figure("figure-plan-state-submitted") == 1
    expect(page.locator(".home-chart[data-drawn=true]").first).to_be_attached()  # ECharts drew
    todo = page.get_by_test_id("todo").filter(has_text="大连长兴岛经济技术开发区")
    expect(todo).to_have_count(1)
    walk.shot("province-home")

    page.get_by_test_id("figure-level-national").click()
    expect(page).to_have_url(re.compile(r"/zones/\?level=national$"))
    rows = page.get_by_test_id("zone-list").locator("tbody tr")
    expect(rows).to_have_count(zones.filter(level="national").count())
    walk.shot("province-national-zones")

    page.goto("/")
    todo.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/plans/{waiting.pk}/$"))
    page.get_by_test_id("plan-approve").click()
    expect(page.get_by_test_id("approve-confirm")).to_contain_text("批准后不可撤回")
    walk.shot("province-approve-confirm")
    page.get_by_role("button", name="确认批准").click()  # nothing filled in: refused, focus on the error
    expect(page.get_by_test_id("error-summary")).to_contain_text("请填写审批意见。")
    assert page.evaluate("document.activeElement.id") == "id_opinion"
    walk.shot("province-approve-errors")
    page.get_by_label("审批意见").fill(OPINION)
    page.get_by_label("批复文号").fill(NUMBER)
    page.get_by_role("button", name="确认批准").click()
    expect(page.get_by_test_id("plan-state")).to_have_text("已批准")
    expect(page.get_by_test_id("approval-number")).to_have_text(NUMBER)
    expect(page.get_by_test_id("approval-opinion")).to_contain_text(OPINION)
    expect(page.get_by_test_id("plan-log")).to_contain_text(NUMBER)
    walk.shot("province-approved")
    page.goto("/")
    expect(page.get_by_test_id("todo").filter(has_text="大连长兴岛经济技术开发区")).to_have_count(0)

    # --- city_dalian: the approval is in its inbox, with the 文号 ----------------------------------
    walk.sign_in("city_dalian")
    badge = page.get_by_test_id("inbox-badge")
    from devzone.inbox.models import Notification

    unread = Notification.objects.filter(recipient__username="city_dalian", read_at__isnull=True).count()
    assert unread >= 1  # the approval, besides what the demo's assessment told the city
    expect(badge).to_contain_text(str(unread))
    walk.shot("city-home")
    page.get_by_test_id("inbox-link").click()
    message = page.get_by_test_id("inbox-item").filter(has_text=NUMBER)
    expect(message).to_contain_text("大连长兴岛经济技术开发区 一区一策方案第")
    expect(message).to_contain_text("未读")
    walk.shot("city-inbox")
    message.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/plans/{waiting.pk}/$"))
    expect(page.get_by_test_id("approval-number")).to_have_text(NUMBER)
    walk.shot("city-plan")
    page.goto("/inbox/?status=unread")
    expect(page.get_by_test_id("inbox-item").filter(has_text=NUMBER)).to_have_count(0)

    # --- zone_dalian_hr: told as well; its figures are its one zone ------------------------------
    walk.sign_in("zone_dalian_hr")
    assert walk.figure("figure-plan-state-approved") == 1
    page.get_by_test_id("figure-plan-state-approved").click()
    expect(page).to_have_url(re.compile(r"/plans/\?state=approved$"))
    expect(page.get_by_test_id("plan-list")).to_contain_text("大连长兴岛经济技术开发区")
    walk.shot("zone-dalian-plans")
    page.goto("/inbox/")
    expect(page.get_by_test_id("inbox-item").filter(has_text=NUMBER)).to_have_count(1)

    # --- zone_yingkou_hr: a deferred power to take on --------------------------------------------
    walk.sign_in("zone_yingkou_hr")
    assert walk.figure("figure-status-active") == zones_of("zone_yingkou_hr").filter(status="active").count()
    deferred = page.locator("[data-testid=todo][data-kind='powers.deferred']")
    expect(deferred).to_have_count(3)
    walk.shot("zone-yingkou-home")
    deferred.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/powers/delegations/\d+/$"))
    expect(page.locator("main")).to_contain_text("缓放")
    walk.shot("zone-yingkou-deferred")

    # --- dept_market: its evaluations ---------------------------------------------------------
    walk.sign_in("dept_market")
    evaluation = page.locator("[data-testid=todo][data-kind^='powers.evaluation']")
    walk.shot("dept-home")
    if evaluation.count():
        evaluation.first.get_by_role("link").click()
        expect(page).to_have_url(re.compile(r"/powers/evaluations/$"))
        walk.shot("dept-evaluations")
    page.goto("/")
    expect(page.get_by_test_id("home-powers")).to_be_visible()
    page.get_by_test_id("figure-level-national").click()
    expect(page.get_by_test_id("zone-list").locator("tbody tr")).to_have_count(
        zones_of("dept_market").filter(level="national").count()
    )

    # --- city_yingkou, auditor, province_admin: figures and one click through -------------------
    for username in ("city_yingkou", "auditor", "province_admin"):
        walk.sign_in(username)
        zones = zones_of(username)
        for status in ("active", "warned"):
            assert walk.figure(f"figure-status-{status}") == zones.filter(status=status).count()
        walk.shot(f"{username}-home")
        page.get_by_test_id("figure-status-active").click()
        expect(page).to_have_url(re.compile(r"/zones/\?status=active$"))
        expect(page.get_by_test_id("zone-list").locator("tbody tr")).to_have_count(
            min(zones.filter(status="active").count(), 50)
        )
        walk.shot(f"{username}-active-zones")

    # the reports page asks for parameters instead of failing
    page.goto("/reports/")
    page.get_by_role("link", name="一区一策改革方案", exact=True).click()
    expect(page.get_by_test_id("report-params")).to_be_visible()
    expect(page.get_by_label("方案编号")).to_be_visible()
    walk.shot("reports-plan-form")

    assert not walk.errors, walk.errors

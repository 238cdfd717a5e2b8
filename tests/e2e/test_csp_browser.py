"""Browser: under the Content-Security-Policy nothing is blocked — maps, htmx filters, the language
menu, deletion confirmations and the Swagger UI all work, with no violation and no console error."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.context.add_init_script(WATCH)
    return errors


def violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []"))


def test_pages_work_under_the_policy(login: Any) -> None:
    page = login("province_admin")
    errors = watch(page)
    page.goto("/zones/yingkou-coastal/")
    page.wait_for_selector("#zone-map .leaflet-overlay-pane path.leaflet-interactive")
    expect(page.get_by_test_id("map-legend")).to_contain_text("目录核准面积")
    assert violations(page) == []

    page.goto("/history/")
    rows = page.locator("#history-rows")
    expect(rows).to_be_visible()
    with page.expect_response(lambda r: "/history/?" in r.url):
        page.locator('select[name="change_type"]').select_option(index=1)  # htmx swaps the rows in
    page.wait_for_url("**/history/?*change_type=created*")
    assert violations(page) == []

    page.get_by_label("语言").select_option("en")  # the menu submits itself (static/js/devzone.js)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Language")).to_contain_text("简体中文")
    page.get_by_label("Language").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert violations(page) == [] and errors == []


def test_the_swagger_ui_renders_under_the_policy(login: Any) -> None:
    page = login("province_admin")
    errors = watch(page)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert violations(page) == [] and errors == []


def test_a_deletion_asks_first(login: Any) -> None:
    page = login("city_yingkou")
    errors = watch(page)
    page.goto("/zones/yingkou-coastal/")
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    forms = page.locator("form[data-confirm]")
    before = forms.count()
    assert before > 0
    forms.first.get_by_role("button").click()
    assert asked == ["确定删除？"]
    expect(page.locator("form[data-confirm]")).to_have_count(before)  # dismissed: nothing deleted
    assert violations(page) == [] and errors == []

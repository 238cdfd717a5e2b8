"""Every page, in both languages, as the province admin: no error or debug page, no template
string left in Chinese on an English page, and the Content-Security-Policy with nothing inline.

The pages come from the URL conf itself (``tests/platform/pagewalk.py``), their parameters from
the demo data, so a page added tomorrow is walked without editing this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.platform.pagewalk import PageUrl, data_text, page_patterns, page_urls, untranslated

pytestmark = pytest.mark.django_db

# What a GET by the province admin answers where it is not 200, and why: still never a 500.
EXPECTED = {
    # POST only
    "zones:registry-delete": {405},
    "plans:submit": {405},
    "plans:return": {405},
    # the confirmation page (ADR 0022); the walk's plan is already approved
    "plans:approve": {200, 409},
    "inbox:read_all": {405},
    "inbox:open": {302, 404},  # to the object it is about; another's message is not found
    "accounts:unlock": {405},
    "accounts:revoke-tokens": {405},
    "plans:revise": {405},
    "powers:move": {405},
    "powers:evaluate": {405},
    "powers:cases": {405},
    "staffing:round_action": {405},
    "staffing:offer_action": {405},
    "finance:agreement-new": {405},
    "finance:agreement-revise": {405},
    "finance:revenue": {405},
    "finance:fiscal": {405},
    "finance:stage-action": {405},
    "assessment:close": {405},
    "assessment:reopen": {405},
    # the province reviews plans, the zone drafts them
    "plans:create": {403},
    "plans:edit": {403},
    # a formset row needs ?prefix=
    "plans:unit_row": {404},
    # a report needs its parameters (zone, plan, ...)
    "reports:pdf": {400, 302},  # 302: to the report's parameter form (ADR 0023)
    # the walk's job is still running: nothing to download yet
    "reports:download": {302},
    "imports:report": {404},
}
ANONYMOUS = {"login"}  # signed in, the login page sends you home
DEBUG_MARKERS = ("Traceback", "Using the URLconf", "technical_500", "You're seeing this error because")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


@pytest.fixture
def admin_client(demo: None, django_user_model: Any) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.get(username="province_admin"))
    return client


@pytest.fixture
def running_work(demo: None, django_user_model: Any) -> None:
    """A report job and an import run in progress, so their pages have something to show."""
    from devzone.imports.models import ImportRun
    from devzone.reports.models import ReportJob

    admin = django_user_model.objects.get(username="province_admin")
    ReportJob.objects.create(user=admin, report="zone-list", title="开发区名录", state="running", progress=40)
    ImportRun.objects.create(user=admin, importer="zones", file_name="zones.xlsx", state="applying", total_rows=20)


_walks: list[dict[tuple[str, str], Any]] = []


@pytest.fixture
def walked(admin_client: Client, running_work: None) -> dict[tuple[str, str], Any]:
    """Every page URL fetched in Chinese and in English — once per test process: the tests below
    each check one property of the same answers (the walk took ~6–15 s, and was made four times).
    Each test starts from the same seeded database and ``running_work``, so the answers are the
    ones its own walk would get."""
    if _walks:
        return _walks[0]
    urls, _unfilled = page_urls()
    answers: dict[tuple[str, str], Any] = {}
    for language in ("zh-hans", "en"):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        anonymous = Client()
        anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for page in urls:
            client = anonymous if page.name in ANONYMOUS else admin_client
            answers[(page.url, language)] = (page, client.get(page.url))
    _walks.append(answers)
    return answers


def _html(response: Any) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_every_page_pattern_is_walked(running_work: None) -> None:
    urls, unfilled = page_urls()
    assert not unfilled, unfilled
    assert len(urls) == len(page_patterns())
    names = {u.name for u in urls}
    # the walk reaches the pages a province admin reads every day
    assert {
        "home",
        "zones:list",
        "zones:detail",
        "zones:map",
        "plans:detail",
        "plans:compare",
        "powers:register",
        "audit:history",
        "audit:record",
        "reports:jobs",
    } <= names


def test_every_page_answers_without_an_error_or_a_debug_page(walked: dict[tuple[str, str], Any]) -> None:
    bad = []
    for (url, language), (page, response) in walked.items():
        page_: PageUrl = page
        status = response.status_code
        expected = EXPECTED.get(page_.name, {200})
        body = response.content.decode("utf-8", "replace") if response["Content-Type"].startswith("text/") else ""
        if status not in expected or any(marker in body for marker in DEBUG_MARKERS):
            bad.append((url, language, status))
    assert not bad, bad
    html_pages = [key for key, (_p, r) in walked.items() if _html(r)]
    assert len(html_pages) >= 2 * 30  # the walk really rendered the portal, in both languages


def test_no_template_string_is_left_in_chinese_on_an_english_page(walked: dict[tuple[str, str], Any]) -> None:
    data = data_text()
    leftovers = {}
    for (url, language), (_page, response) in walked.items():
        if language != "en" or not _html(response):
            continue
        found = untranslated(response.content.decode(), data)
        if found:
            leftovers[url] = found
    assert not leftovers, "\n".join(f"{url}: {' '.join(runs)}" for url, runs in sorted(leftovers.items()))


def test_the_check_catches_an_untranslated_string() -> None:
    """The detector itself: a Chinese label that no stored value contains is reported; a zone's
    name (a data value) and the language menu's own-name "简体中文" are not."""
    html = (
        '<html><body><h1>Zones</h1><td>辽宁(营口)沿海产业基地</td><th title="序号">No.</th>'
        '<option lang="zh-hans">简体中文</option><script>var a = "脚本";</script></body></html>'
    )
    assert untranslated(html, "辽宁(营口)沿海产业基地") == ["序号"]


def test_every_page_sends_the_policy_and_inlines_nothing(walked: dict[tuple[str, str], Any]) -> None:
    offending = []
    for (url, language), (_page, response) in walked.items():
        if not _html(response):
            continue
        policy = response.get("Content-Security-Policy", "")
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
        html = response.content.decode()
        problems = [
            what
            for what, bad in (
                ("no policy", not policy),
                ("script-src", "'unsafe-inline'" in directives.get("script-src", "'unsafe-inline'")),
                ("style-src", "'unsafe-inline'" in directives.get("style-src", "'unsafe-inline'")),
                ("inline <script>", bool(INLINE_SCRIPT.search(html))),
                ("on* handler", bool(INLINE_HANDLER.search(html))),
                ("style attribute", bool(INLINE_STYLE_ATTR.search(html))),
                ("<style> element", bool(STYLE_ELEMENT.search(html))),
            )
            if bad
        ]
        if problems:
            offending.append((url, language, problems))
    assert not offending, offending


def test_the_api_docs_work_under_the_policy(admin_client: Client) -> None:
    page = admin_client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "Content-Security-Policy" in page
    assert not INLINE_SCRIPT.search(html) and not STYLE_ELEMENT.search(html)
    script = admin_client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# A money or area figure as Python prints it: four or more digits before the point with no
# thousands separator (1260000000.00), or a stored scale's trailing zeros (an area's 77.2700, an
# indicator's 3151.0000). Formatted figures go through ``{% load formatting %}`` (ADR 0028):
# 1,260,000,000.00, 126,000.00 万元, 77.27 km², 3,151; a measured 2.0134 is not raw.
RAW_FIGURE = re.compile(r"(?<![\d,.])(?:\d{4,}\.\d+|\d+\.\d{3,}0)(?![\d,])")


def raw_figures(html: str) -> list[str]:
    from tests.platform.pagewalk import visible_text

    return sorted(set(RAW_FIGURE.findall(visible_text(html, skip_chinese_marked=False))))


def test_the_check_catches_a_raw_figure() -> None:
    html = (
        "<td>1260000000.00 元</td><td>77.2700 km²</td><td>1,260,000,000.00</td><td>77.27 km²</td>"
        "<td>2025</td><td>2.0134</td>"
    )
    assert raw_figures(html) == ["1260000000.00", "77.2700"]


def test_no_page_shows_a_raw_money_or_area_figure(walked: dict[tuple[str, str], Any]) -> None:
    found = {}
    for (url, language), (_page, response) in walked.items():
        if not _html(response):
            continue
        raw = raw_figures(response.content.decode())
        if raw:
            found[(url, language)] = raw
    assert not found, "\n".join(f"{url} [{lang}]: {' '.join(r)}" for (url, lang), r in sorted(found.items()))

"""History an auditor can read (issue 14): a plan's text change section by section with Chinese
titles and a sentence diff, long values folded, the 操作人 filter matching display names, and a
history PDF whose running header and before/after columns fit the page in both languages."""

from __future__ import annotations

import re
import subprocess
import tempfile
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from devzone.audit.context import ChangePath, change_path
from tests.audit.conftest import user
from tests.reports import pdf
from zones.models import Plan

pytestmark = pytest.mark.django_db

LONG = "开发区管委会负责统筹园区规划建设、招商引资和企业服务，" * 12


@pytest.fixture
def plan_changed(demo: Any) -> Plan:
    plan = Plan.objects.filter(zone__code="yingkou-coastal").order_by("-version").first()
    assert plan is not None
    sections = dict(plan.sections or {})
    slug = next(iter(sections)) if sections else "functions"
    sections[slug] = (sections.get(slug) or "原有表述。") + "新增一句：试行“管委会+公司”模式。"
    sections.setdefault("personnel", "")
    sections["personnel"] = LONG
    with change_path(ChangePath.PAGE, user=user("province_staff")):
        plan.sections = sections
        plan.save()
    return plan


def client_for(username: str, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(user(username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def latest_row(html: str) -> str:
    return html.split('data-testid="history-row"')[1].split('data-testid="history-row"')[0]


def test_a_plan_change_is_shown_section_by_section(plan_changed: Plan) -> None:
    html = client_for("province_admin").get(f"/history/zones.plan/{plan_changed.pk}/").content.decode()
    row = latest_row(html)
    assert "各部分正文" in row  # the field, then its parts
    parts = re.findall(r'data-testid="change-part"><th scope="row" class="part">([^<]+)</th>', row)
    assert parts and all(re.search(r"[\u4e00-\u9fff]", p) for p in parts)  # Chinese section titles
    assert "<ins>新增一句：试行“管委会+公司”模式。</ins>" in row.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert '{"' not in row and "personnel" not in row  # no JSON blob, no English keys
    assert "<details" in row  # the long new text is folded behind its beginning, not cut off
    folded = [block.split("</details>")[0].split("</summary>")[1] for block in row.split("<details")[1:]]
    assert any(LONG in block for block in folded)


def test_the_operator_filter_matches_display_names(plan_changed: Plan) -> None:
    client = client_for("province_admin")
    for query in ("省委编办审核员", "审核员", "province_staff", "PROVINCE_STAFF"):
        html = client.get("/history/", {"user": query}).content.decode()
        rows = html.count('data-testid="history-row"')
        assert rows >= 1, query
        assert html.count("省委编办审核员") >= rows  # every row is that person's
    html = client.get("/history/", {"user": "province"}).content.decode()  # a login name is matched whole
    assert 'data-testid="history-row"' not in html
    api = client.get("/api/v1/history/", {"user": "省委编办审核员"}).json()
    assert api["count"] >= 1 and {r["user"] for r in api["results"]} == {"province_staff"}


WORD = r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'


def words_outside_the_page(data: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", "-bbox", f.name, "-"], capture_output=True, check=True).stdout.decode()
    bad = []
    for width, body in re.findall(r"<page width=\"([\d.]+)\"[^>]*>(.*?)</page>", out, re.S):
        for x_max, word in re.findall(WORD, body):
            if float(x_max) > float(width) - 14:  # inside the right margin (14 mm page margin ≈ 40 pt)
                bad.append(word)
    return bad


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_history_pdf_fits_the_page(plan_changed: Plan, language: str) -> None:
    client = client_for("province_admin", language)
    response = client.get("/reports/record-history.pdf", {"model": "zones.plan", "record_id": plan_changed.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert words_outside_the_page(data) == []
    text = pdf.compact(data)
    if language == "en":
        assert "Before" in text or "before" in text
    assert "新增一句" in text
    assert '{"' not in text and "personnel" not in text

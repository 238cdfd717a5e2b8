"""The zone list as PDF, read back with poppler: Chinese text, embedded CJK fonts, pages, header."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from tests.reports import pdf

pytestmark = pytest.mark.django_db


def page_client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def get_pdf(username: str, query: str = "") -> bytes:
    response = page_client(username).get(f"/reports/zone-list.pdf{query}")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_city_officer_gets_their_zones_in_chinese_with_who_when_and_scope(demo: Any) -> None:
    before = timezone.localtime(timezone.now(), ZoneInfo("Asia/Shanghai"))
    data = get_pdf("city_yingkou")
    after = timezone.localtime(timezone.now(), ZoneInfo("Asia/Shanghai"))
    text = pdf.compact(data)

    assert "辽宁(营口)沿海产业基地" in text
    assert "营口经济技术开发区" in text
    assert "大连长兴岛经济技术开发区" not in text and "大连" not in text  # another city's zones stay out
    assert "共3个开发区" in text
    assert "生成人：营口市编办" in text  # who
    assert "范围：营口市" in text  # the scope
    stamps = {t.strftime("%Y-%m-%d%H:%M") for t in (before, after, before + timedelta(minutes=1))}
    assert any(f"生成时间：{s}" in text for s in stamps), text[:400]  # when, Beijing time
    meta = pdf.info(data)
    assert meta["Title"] == "开发区名录"
    assert meta["Author"] == "营口市编办"


def test_chinese_text_uses_an_embedded_cjk_font(demo: Any) -> None:
    data = get_pdf("province_admin")
    fonts = pdf.fonts(data)
    cjk = [f for f in fonts if "CJK" in f.name]
    assert cjk, [f.name for f in fonts]
    assert all(f.embedded for f in fonts), [(f.name, f.embedded) for f in fonts]
    # No tofu: every zone name comes back out of the PDF as the same Chinese characters.
    from zones.models import Zone

    text = pdf.compact(data)
    for name in Zone.objects.values_list("name", flat=True):
        assert name.replace(" ", "") in text


def test_filters_of_the_zone_list_page_apply_and_are_named_in_the_scope(demo: Any) -> None:
    data = get_pdf("province_admin", "?city=210800&level=national")
    text = pdf.compact(data)
    assert "营口经济技术开发区" in text
    assert "辽宁(营口)沿海产业基地" not in text  # provincial level: filtered out
    assert "共2个开发区" in text
    assert "所在市营口市" in text and "级别国家级" in text


def test_zone_officer_sees_only_their_zone(demo: Any) -> None:
    text = pdf.compact(get_pdf("zone_yingkou_hr"))
    assert "辽宁(营口)沿海产业基地" in text
    assert "营口经济技术开发区" not in text
    assert "共1个开发区" in text


def test_a_long_list_spans_several_pages_each_numbered_x_of_y(make_zones: Any) -> None:
    names = make_zones(150)
    data = get_pdf("city_yingkou")
    total = pdf.pages(data)
    assert total >= 3
    text = pdf.compact(data)
    assert f"共{len(names) + 3}个开发区" in text
    for name in names:
        assert text.count(name) == 1, name  # every row once: none lost at a page break, none doubled
    for page in range(1, total + 1):
        on_page = pdf.compact(data, page)
        assert f"第{page}页/共{total}页" in on_page
        assert "开发区名录" in on_page and "范围：营口市" in on_page  # header on every page
        assert "生成人：营口市编办" in on_page  # footer on every page


def test_page_count_grows_with_the_rows(make_zones: Any) -> None:
    make_zones(40)
    short = pdf.pages(get_pdf("city_yingkou"))
    make_zones(160, prefix="扩展园区")
    long = pdf.pages(get_pdf("city_yingkou"))
    assert long >= short + 3


def test_a_report_laid_out_in_chunks_is_one_pdf_every_row_once_in_order_numbered_throughout(
    make_zones: Any, settings: Any
) -> None:
    """ADR 0018: 103 rows in chunks of 40 → three WeasyPrint documents, concatenated and numbered."""
    settings.REPORTS_CHUNK_ROWS = 40
    names = make_zones(100)
    data = get_pdf("city_yingkou")
    total = pdf.pages(data)
    assert total >= 4
    text = pdf.compact(data)
    assert text.count("共103个开发区") == 1 and text.count("（北京时间）") == 1  # head and summary once
    positions = [text.find(name) for name in names]
    for name in names:
        assert text.count(name) == 1, name  # none lost or doubled at a chunk's edge
    assert positions == sorted(positions)  # in the list's order across the chunks
    assert "营口市（续）（103）" in text  # a chunk that starts inside a city says so, with its full count
    for page in range(1, total + 1):
        on_page = pdf.compact(data, page)
        assert on_page.count(f"第{page}页/共{total}页") == 1, on_page[-80:]  # one footer, continuous
        assert "开发区名录" in on_page and "生成人：营口市编办" in on_page  # running header and footer
    fonts = pdf.fonts(data)
    assert any("CJK" in f.name for f in fonts), [f.name for f in fonts]
    assert all(f.embedded for f in fonts), [(f.name, f.embedded) for f in fonts]
    assert pdf.info(data)["Title"] == "开发区名录"


def test_a_chunked_report_renders_the_same_rows_as_one_document(make_zones: Any, settings: Any) -> None:
    names = make_zones(30)
    whole = pdf.compact(get_pdf("city_yingkou"))
    settings.REPORTS_CHUNK_ROWS = 10
    chunked = pdf.compact(get_pdf("city_yingkou"))
    assert [whole.find(n) < whole.find(m) for n, m in itertools.pairwise(names)] == [
        chunked.find(n) < chunked.find(m) for n, m in itertools.pairwise(names)
    ]
    assert all(chunked.count(n) == 1 for n in names)


def test_the_long_list_is_one_light_table_with_its_header_on_every_page(demo: Any) -> None:
    """ADR 0018 addendum (issue 9): one fixed-layout table, a plain row per zone (no per-cell
    classes or nested boxes), the column header repeated on each page, no row split."""
    from django.contrib.auth.models import AnonymousUser

    from bench.pdf_layout import fake_zones
    from devzone.reports.rendering import Prepared, render_chunks, render_pdf
    from zones.registry.reports import ZONE_LIST, with_city_totals

    zones = with_city_totals(fake_zones(120))
    report = ZONE_LIST.__class__(**{**ZONE_LIST.__dict__, "context": lambda user, params: {"zones": zones}})
    prepared = Prepared(report, AnonymousUser(), {}, {}, "全省", len(zones))
    (html,) = render_chunks(prepared)
    assert html.count("<table") == 2 and "table-layout: fixed" in html  # the report head's and the list's
    assert html.count("<tr><td>") == len(zones) and "<td " not in html and "<div" not in html.split("<tbody>", 1)[1]
    import io

    target = io.BytesIO()
    count = render_pdf(prepared, target, budget=10_000)
    data = target.getvalue()
    assert count == pdf.pages(data) > 2
    for page in range(1, count + 1):
        text = pdf.compact(data, page)
        assert all(head in text for head in ("名称", "代码", "所在地", "管理模式", "状态")), page
    every = pdf.compact(data)
    assert all(z.code in every for z in zones)

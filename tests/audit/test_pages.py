"""The 变更记录 pages: filters, htmx partial updates, pagination, per-record history, scope."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from devzone.audit.context import ChangePath, change_path
from tests.audit.conftest import user
from zones.models import Zone, ZoneArea


@pytest.fixture
def changed(demo: Any) -> Zone:
    coastal = Zone.objects.get(code="yingkou-coastal")
    with change_path(ChangePath.PAGE, user=user("city_yingkou")):
        coastal.status = "warned"
        coastal.management_model = "three_in_one"
        coastal.save()
    return coastal


def browser(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(user(username))
    return client


def text(response: Any) -> str:
    return response.content.decode()


def test_auditor_browses_history_with_labels(changed: Zone) -> None:
    response = browser("auditor").get("/history/")
    assert response.status_code == 200
    html = text(response)
    assert 'href="/history/"' in html  # the nav entry
    zone_options = re.findall(r'<option value="([a-z-]+)"', html.split('name="zone"')[1].split("</select>")[0])
    assert zone_options == ["dalian-changxing", "yingkou-coastal"]
    # choice values by their labels, field verbose names, who and through which path
    row = html.split('data-testid="history-row"')[1]
    for shown in ("状态", "正常", "警示", "管理模式", "管委会+公司", "三合一管委会", "营口市编办", "页面", "修改"):
        assert shown in row
    assert "warned" not in row


def test_filters_and_htmx_partial(changed: Zone) -> None:
    client = browser("province_staff")
    full = text(client.get("/history/"))
    partial = client.get(
        "/history/", {"zone": "yingkou-coastal", "change_type": "changed", "path": "page"}, HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200
    html = text(partial)
    assert "<html" not in html and 'data-testid="history-list"' in html
    assert html.count('data-testid="history-row"') == 1
    assert "共 1 条变更" in html
    assert full.count('data-testid="history-row"') > 1
    by_type = text(client.get("/history/", {"model": "zones.zonearea", "user": "nobody"}))
    assert "没有符合条件的变更记录。" in by_type
    created = text(client.get("/history/", {"model": "zones.zonearea", "change_type": "created"}))
    created_in_db = ZoneArea.history.filter(history_type="+").count()  # the demo's areas (ADR 0164)
    assert created.count('data-testid="history-row"') == created_in_db and "化工产业区" in created


def test_bad_filter_is_a_400_with_the_message_next_to_the_field(changed: Zone) -> None:
    response = browser("auditor").get("/history/", {"date_from": "2024-02-30"})
    assert response.status_code == 400
    html = text(response)
    assert 'class="errorlist' in html.split('name="date_from"')[1].split("</label>")[0]
    reversed_dates = browser("auditor").get("/history/", {"date_from": "2024-05-01", "date_to": "2024-04-01"})
    assert "截止日期不能早于起始日期。" in text(reversed_dates)


def test_pagination(demo: Any) -> None:
    zone = Zone.objects.get(code="yingkou-coastal")
    with change_path(ChangePath.TASK):
        for i in range(60):
            zone.founded_year = 1950 + i
            zone.save()
    client = browser("auditor")
    first = text(client.get("/history/", {"zone": "yingkou-coastal", "model": "zones.zone"}))
    assert first.count('data-testid="history-row"') == 50
    assert "第 1 / 2 页" in first
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "zone=yingkou-coastal" in next_link and "model=zones.zone" in next_link
    second = text(client.get("/history/" + next_link, HTTP_HX_REQUEST="true"))
    # 60 changes + the zone's creation
    assert second.count('data-testid="history-row"') == 11


def test_out_of_scope_is_404(changed: Zone) -> None:
    etdz = Zone.objects.get(code="yingkou-etdz")
    assert browser("auditor").get("/history/", {"zone": "yingkou-etdz"}).status_code == 404
    assert browser("auditor").get(f"/history/zones.zone/{etdz.pk}/").status_code == 404
    assert browser("city_dalian").get(f"/history/zones.zone/{changed.pk}/").status_code == 404
    assert browser("auditor").get("/history/auth.user/1/").status_code == 404


@pytest.mark.parametrize("username", ["zone_yingkou_hr", "dept_market"])
def test_roles_without_read_history_have_no_history_pages(changed: Zone, username: str) -> None:
    client = browser(username)
    home = text(client.get("/"))
    assert 'href="/history/"' not in home
    assert client.get("/history/").status_code == 404
    assert client.get(f"/history/zones.zone/{changed.pk}/").status_code == 404
    profile = text(client.get("/zones/yingkou-coastal/"))
    assert 'data-testid="history-link"' not in profile


def test_anonymous_is_sent_to_login(changed: Zone) -> None:
    response = browser(None).get("/history/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_zone_profile_links_to_its_history(changed: Zone) -> None:
    client = browser("auditor")
    profile = text(client.get("/zones/yingkou-coastal/"))
    link = re.search(r'<a href="([^"]+)" data-testid="history-link">变更记录</a>', profile).group(1)
    assert link == f"/history/zones.zone/{changed.pk}/"
    page = client.get(link)
    assert page.status_code == 200
    html = text(page)
    assert "辽宁(营口)沿海产业基地" in html and "开发区 · 变更记录" in html
    assert html.count('data-testid="history-row"') == 2  # created, changed
    assert 'href="/history/?zone=yingkou-coastal"' in html
    only_created = text(client.get(link, {"change_type": "created"}, HTTP_HX_REQUEST="true"))
    assert only_created.count('data-testid="history-row"') == 1 and "新增" in only_created


def test_deleted_area_history_page(changed: Zone) -> None:
    area = ZoneArea.objects.get(zone=changed, slug="controlled")
    area_id = area.pk
    with change_path(ChangePath.PAGE, user=user("province_admin")):
        area.delete()
    html = text(browser("auditor").get(f"/history/zones.zonearea/{area_id}/"))
    assert "辽宁(营口)沿海产业基地 · 实控面积" in html
    assert "删除" in html and "144.41" in html and "144.4100" not in html and "省级管理员" in html

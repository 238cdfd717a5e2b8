"""The zone profile's registry sections and edit forms, through the Django test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from zones.models import LandPlot, PlatformCompany, SocialFunction, Zone


@pytest.fixture
def browser_as(demo: Any) -> Any:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return make


def section(html: str, testid: str) -> str:
    """The text of the element marked ``data-testid`` (tags stripped, whitespace collapsed)."""
    start = html.index(f'data-testid="{testid}"')
    end = html.index("</table>", start) if "<table" in html[start - 40 : start] else html.index("</dl>", start)
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:end]).split())


def test_profile_shows_the_registry_to_a_reader(browser_as: Any) -> None:
    html = browser_as("auditor").get("/zones/yingkou-coastal/").content.decode()
    assert "<title>辽宁(营口)沿海产业基地 · devzone</title>" in html
    assert all(html.count(f'data-testid="{t}"') == 1 for t in ("status-history", "platform-companies", "plots"))
    companies = section(html, "platform-companies")
    assert "国有集团公司 营口沿海开发建设集团有限公司 — 辽宁(营口)沿海产业基地管委会 100.00" in companies
    assert "专业化公司 营口沿海城市建设发展有限公司 开发建设 营口沿海开发建设集团有限公司 100.00" in companies
    social = section(html, "social-functions")
    assert "教育 剥离 西市区人民政府 2025-06-30" in social and "信访 保留" in social
    per_mu = section(html, "per-mu")
    assert "亩均税收 20,134.19 元/亩" in per_mu and "亩均产值 2,611,501.60 元/亩" in per_mu
    plots = section(html, "plots")
    assert "YK-CY-003 化工产业区 产业用地 560.00 丙精细化工有限公司 15,120,000.00 1,904,000,000.00" in plots
    assert "27,000.00 3,400,000.00" in plots
    move_out = section(html, "move-out")
    assert [code for code in ("YK-FC-001", "YK-FC-002", "YK-PT-002", "YK-PT-001") if code in move_out] == [
        "YK-FC-001",
        "YK-FC-002",
        "YK-PT-002",
    ]
    assert "合计 3 块 455.00" in move_out
    assert "丙精细化工有限公司 740.00 24,081.08" in section(html, "per-enterprise")
    # read only: no edit links or forms
    for text in ("修改档案", "变更状态", "新增平台公司", "新增地块", "/delete/"):
        assert text not in html


def test_editors_see_their_links(browser_as: Any) -> None:
    city = browser_as("city_yingkou").get("/zones/yingkou-coastal/").content.decode()
    assert "修改档案" in city and "新增地块" in city and "变更状态" not in city
    admin = browser_as("province_admin").get("/zones/yingkou-coastal/").content.decode()
    assert "变更状态" in admin and "整合其他开发区" in admin


def test_warned_zone_history_and_merged_zone_rollup(browser_as: Any) -> None:
    admin = browser_as("province_admin")
    warned = admin.get("/zones/jinzhou-hitech/").content.decode()
    assert "2025-04-15 正常 警示 年度综合发展水平考核排名全省后10名，予以约谈 演示〔2025〕1号" in section(
        warned, "status-history"
    )
    etdz = browser_as("city_dalian").get("/zones/dalian-etdz/").content.decode()
    assert "庄河经济开发区 dalian-zhuanghe 省级经济开发区 已整合" in section(etdz, "sub-parks")
    assert 'href="/zones/dalian-zhuanghe/"' in etdz
    rollup = section(etdz, "rollup")
    assert "2 个开发区(园区)" in rollup and "产业用地 1,430.00 亩" in rollup and "亩均税收 33,510.49 元/亩" in rollup
    zhuanghe = browser_as("city_dalian").get("/zones/dalian-zhuanghe/").content.decode()
    assert "上级园区" in zhuanghe and "大连经济技术开发区" in zhuanghe
    listed = browser_as("city_dalian").get("/zones/?parent_zone=dalian-etdz", HTTP_HX_REQUEST="true").content.decode()
    assert "庄河经济开发区" in listed and "大连长兴岛" not in listed


def test_province_admin_changes_status_on_the_page(browser_as: Any) -> None:
    admin = browser_as("province_admin")
    form = admin.get("/zones/yingkou-coastal/status/").content.decode()
    assert "变更开发区状态" in form and 'value="merged"' not in form
    future = admin.post(
        "/zones/yingkou-coastal/status/", {"to_status": "warned", "effective_date": "2999-01-01", "reason": "x"}
    )
    assert future.status_code == 400 and "生效日期不能晚于今天。" in future.content.decode()
    today = timezone.localdate().isoformat()
    done = admin.post(
        "/zones/yingkou-coastal/status/",
        {
            "to_status": "rectifying",
            "effective_date": today,
            "reason": "通报并责令整改",
            "document_no": "营〔2025〕8号",
        },
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/zones/yingkou-coastal/#status"
    html = done.content.decode()
    assert "状态变更已登记。" in html
    assert f"{today} 正常 整改 通报并责令整改 营〔2025〕8号 省级管理员" in section(html, "status-history")
    assert Zone.objects.get(code="yingkou-coastal").status == "rectifying"
    assert Zone.objects.get(code="yingkou-coastal").history.first().change_path == "page"


def test_status_and_merge_pages_are_for_the_province_admin_only(browser_as: Any) -> None:
    city = browser_as("city_yingkou")
    assert city.get("/zones/yingkou-coastal/status/").status_code == 403
    assert city.post("/zones/yingkou-coastal/merge/", {}).status_code == 403
    assert city.get("/zones/dalian-etdz/status/").status_code == 404
    reader = browser_as("zone_yingkou_hr")
    assert reader.get("/zones/yingkou-coastal/plots/new/").status_code == 403
    assert reader.post("/zones/yingkou-coastal/plots/YK-CY-001/delete/").status_code == 403
    assert LandPlot.objects.filter(code="YK-CY-001").exists()


def test_merge_on_the_page(browser_as: Any) -> None:
    admin = browser_as("province_admin")
    form = admin.get("/zones/yingkou-coastal/merge/").content.decode()
    assert "营口高新技术产业开发区" in form and "庄河经济开发区" not in form  # already merged elsewhere
    done = admin.post(
        "/zones/yingkou-coastal/merge/",
        {"merged": ["yingkou-hitech"], "effective_date": "2025-09-01", "document_no": "营政〔2025〕3号"},
        follow=True,
    )
    html = done.content.decode()
    assert "整合已登记。" in html
    assert "营口高新技术产业开发区 yingkou-hitech 国家级高新技术产业开发区 已整合" in section(html, "sub-parks")
    assert "2 个开发区(园区)" in section(html, "rollup")


def test_city_officer_keeps_companies_social_functions_and_plots(browser_as: Any) -> None:
    city = browser_as("city_yingkou")
    coastal = Zone.objects.get(code="yingkou-coastal")
    group = PlatformCompany.objects.get(zone=coastal, tier="group")
    bad = city.post(
        "/zones/yingkou-coastal/companies/new/",
        {
            "name": "营口沿海招商有限公司",
            "tier": "specialised",
            "specialty": "",
            "parent": group.pk,
            "shareholding_pct": "150",
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 400 and "持股比例须在 0 到 100 之间。" in page and "专业化公司须选择业务板块。" in page
    ok = city.post(
        "/zones/yingkou-coastal/companies/new/",
        {
            "name": "营口沿海招商有限公司",
            "tier": "specialised",
            "specialty": "investment_attraction",
            "parent": group.pk,
            "shareholding_pct": "100",
            "business_scope": "招商引资服务",
        },
        follow=True,
    )
    assert "招商引资 营口沿海开发建设集团有限公司 100.00 招商引资服务" in section(
        ok.content.decode(), "platform-companies"
    )

    city.post(
        "/zones/yingkou-coastal/social-functions/petitions/",
        {
            "function": "petitions",
            "state": "stripped",
            "receiving_body": "西市区信访局",
            "effective_date": "2025-08-01",
        },
    )
    assert SocialFunction.objects.get(zone=coastal, function="petitions").receiving_body == "西市区信访局"

    made = city.post(
        "/zones/yingkou-coastal/plots/new/",
        {"code": "P-9", "use": "non_industrial", "area": "controlled", "area_mu": "33.5", "note": "仓储"},
        follow=True,
    )
    assert "P-9 非产业用地 33.50 — 仓储" in section(made.content.decode(), "move-out")
    edited = city.post(
        "/zones/yingkou-coastal/plots/P-9/",
        {"code": "P-9", "use": "industrial", "area_mu": "33.5", "annual_tax": "335000", "figures_year": "2020"},
        follow=True,
    )
    html = edited.content.decode()
    assert "P-9" not in section(html, "move-out") and "10,000.00" in section(html, "plots")
    assert city.get("/zones/yingkou-coastal/plots/P-9/delete/").status_code == 405
    city.post("/zones/yingkou-coastal/plots/P-9/delete/", {"confirmed": "1"})
    assert not LandPlot.objects.filter(zone=coastal, code="P-9").exists()
    still = city.post(f"/zones/yingkou-coastal/companies/{group.pk}/delete/", {"confirmed": "1"}, follow=True)
    assert "该公司下设子公司，请先删除或调整其子公司。" in still.content.decode()


def test_zone_edit_form_sets_a_parent_zone(browser_as: Any) -> None:
    city = browser_as("city_yingkou")
    form = city.get("/zones/yingkou-hitech/edit/").content.decode()
    assert "辽宁(营口)沿海产业基地" in form and "大连" not in form  # only zones in scope
    zone = Zone.objects.get(code="yingkou-hitech")
    data = {
        "name": zone.name,
        "kind": zone.kind,
        "level": zone.level,
        "managing_authority": zone.managing_authority,
        "management_model": zone.management_model,
        "founded_year": "1992",
        "leading_industries": "新材料、电子信息、智能制造",
        "parent_zone": "yingkou-coastal",
    }
    done = city.post("/zones/yingkou-hitech/edit/", data, follow=True)
    assert "开发区档案已保存。" in done.content.decode()
    zone.refresh_from_db()
    assert zone.parent_zone.code == "yingkou-coastal" and zone.leading_industries.endswith("智能制造")
    coastal = city.get("/zones/yingkou-coastal/").content.decode()
    assert "营口高新技术产业开发区 yingkou-hitech" in section(coastal, "sub-parks")
    bad = city.post("/zones/yingkou-hitech/edit/", {**data, "level": "provincial"})
    assert bad.status_code == 400 and "开发区类型与级别不一致。" in bad.content.decode()

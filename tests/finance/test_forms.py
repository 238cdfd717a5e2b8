"""The finance jobs that were API-only, now as pages (issue 12's follow-up): revising an agreement
from a year, the cities' planned growth, incentive schemes, registering a project, recording a
reward designation. Each form: the happy path through the same service (history with the user),
bad input answering 400 in Chinese beside the field and storing nothing, a user out of scope
refused, and the lists at a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from finance.models import Agreement, CityTaxPlan, IncentiveScheme, Project, RewardDesignation
from tests.finance import helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
D = Decimal
ZONE = "yingkou-coastal"


def login(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def html(response: Any) -> str:
    return str(response.content.decode())


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- revising an agreement from a year -------------------------------------------------------

REVISION = {
    "tax_types": ["other"],
    "base_year": 2000,
    "base_amount": "1000.00",
    "base_city": "50",
    "base_zone": "50",
    "increment_city": "10",
    "increment_zone": "90",
    "shortfall_rule": "proportional",
    "effective_from": 2005,
}


def open_agreement() -> Any:
    return helpers.agreement(ZONE, start=2001, end=None, types=("other",), shortfall_rule="proportional")


def test_revise_agreement_from_a_year_keeps_the_old_version_and_its_history() -> None:
    old = open_agreement()
    client = login("city_yingkou")
    page = client.get(f"/finance/agreements/{old.pk}/")
    assert page.status_code == 200 and 'data-testid="revise-form"' in html(page)
    assert 'name="increment_zone"' in html(page) and 'value="80.00"' in html(page)  # the current terms

    response = client.post(f"/finance/agreements/{old.pk}/revise/", {**REVISION, "document_no": "营政〔2005〕3号"})
    new = Agreement.objects.get(supersedes=old)
    assert response.status_code == 302 and response["Location"] == f"/finance/agreements/{new.pk}/"
    old.refresh_from_db()
    assert (old.effective_from, old.effective_to) == (2001, 2004)
    assert (new.version, new.effective_from, new.effective_to) == (2, 2005, None)
    assert new.increment_ratios == {"city": "10.00", "zone": "90.00"} and new.base_amount == D("1000.00")
    assert new.document_no == "营政〔2005〕3号" and new.name == old.name

    created = Agreement.history.get(id=new.pk, history_type="+")
    assert created.history_user.username == "city_yingkou"
    ended = Agreement.history.filter(id=old.pk, history_type="~").latest("history_date")
    assert ended.effective_to == 2004 and ended.history_user.username == "city_yingkou"

    versions = html(client.get(f"/finance/agreements/{new.pk}/"))
    assert 'data-version="1"' in versions and 'data-version="2"' in versions
    assert "2001—2004" in versions and "2005—至今" in versions
    assert versions.index('data-version="1"') < versions.index('data-version="2"')
    # the old version's page shows the same chain, and revising it again is refused (409)
    again = client.post(f"/finance/agreements/{old.pk}/revise/", {**REVISION, "effective_from": 2003})
    assert again.status_code == 409 and "已被修订" in html(again)
    assert Agreement.objects.filter(zone__code=ZONE, tax_types__contains=["other"]).count() == 2


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"increment_zone": "89.99"}, "100.00%"),
        ({"effective_from": 2001}, "应晚于当前版本的起始年度"),
        ({"base_year": 2006}, "应早于协议起始年度"),
        ({"effective_from": "明年"}, "输入整数"),
    ],
)
def test_revise_refuses_bad_input_in_chinese_and_stores_nothing(change: dict[str, Any], words: str) -> None:
    old = open_agreement()
    before = Agreement.history.count()
    response = login("city_yingkou").post(f"/finance/agreements/{old.pk}/revise/", {**REVISION, **change})
    assert response.status_code == 400
    assert words in html(response)
    old.refresh_from_db()
    assert old.effective_to is None and not Agreement.objects.filter(supersedes=old).exists()
    assert Agreement.history.count() == before


def test_revise_out_of_scope_or_without_the_right_is_refused() -> None:
    old = open_agreement()
    assert login("city_dalian").get(f"/finance/agreements/{old.pk}/").status_code == 404
    assert login("city_dalian").post(f"/finance/agreements/{old.pk}/revise/", REVISION).status_code == 404
    zone_officer = login("zone_yingkou_hr")
    page = zone_officer.get(f"/finance/agreements/{old.pk}/")
    assert page.status_code == 200 and 'data-testid="revise-form"' not in html(page)
    assert zone_officer.post(f"/finance/agreements/{old.pk}/revise/", REVISION).status_code == 403
    old.refresh_from_db()
    assert old.effective_to is None and not Agreement.objects.filter(supersedes=old).exists()


def test_zone_page_links_each_agreement_to_its_versions() -> None:
    old = open_agreement()
    page = html(login("city_yingkou").get(f"/finance/zones/{ZONE}/"))
    assert f'href="/finance/agreements/{old.pk}/"' in page
    assert f'href="/finance/zones/{ZONE}/projects/new/"' in page
    assert 'data-testid="project-new-link"' not in html(login("zone_yingkou_hr").get(f"/finance/zones/{ZONE}/"))


# --- the cities' planned growth --------------------------------------------------------------


def test_city_plan_set_and_changed_on_record() -> None:
    client = login("city_yingkou")
    page = client.get("/finance/city-plans/")
    assert page.status_code == 200 and 'data-testid="city-plan-form"' in html(page)
    ok = client.post("/finance/city-plans/", {"city": "210800", "year": 2020, "planned_growth_percent": "6.50"})
    assert ok.status_code == 302
    assert CityTaxPlan.objects.get(city__code="210800", year=2020).planned_growth_percent == D("6.50")
    assert client.post(
        "/finance/city-plans/", {"city": "210800", "year": 2020, "planned_growth_percent": "7.25"}
    ).status_code == (302)
    plan = CityTaxPlan.objects.get(city__code="210800", year=2020)
    assert plan.planned_growth_percent == D("7.25")
    rows = list(plan.history.order_by("history_date"))
    assert [r.planned_growth_percent for r in rows] == [D("6.50"), D("7.25")]
    assert {r.history_user.username for r in rows} == {"city_yingkou"}
    listed = html(client.get("/finance/city-plans/"))
    assert 'data-city="210800" data-year="2020"' in listed and "7.25" in listed


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"planned_growth_percent": "-100"}, "计划增速应为大于 -100 的百分数"),
        ({"year": 1980}, "年度应在 1990"),
        ({"planned_growth_percent": "很多"}, "输入一个数字"),
        ({"city": "210200"}, "选择一个有效的选项"),  # Dalian: not a city this officer keeps
    ],
)
def test_city_plan_bad_input_is_400_in_chinese(body: dict[str, Any], words: str) -> None:
    before = CityTaxPlan.history.count()
    data = {"city": "210800", "year": 2019, "planned_growth_percent": "6.00", **body}
    response = login("city_yingkou").post("/finance/city-plans/", data)
    assert response.status_code == 400 and words in html(response)
    assert CityTaxPlan.history.count() == before
    assert not CityTaxPlan.objects.filter(year=data["year"], city__code=data["city"]).exists()


def test_city_plans_scoped() -> None:
    login("city_yingkou").post("/finance/city-plans/", {"city": "210800", "year": 2018, "planned_growth_percent": "5"})
    dalian = html(login("city_dalian").get("/finance/city-plans/"))
    assert 'data-city="210800"' not in dalian
    zone_officer = login("zone_yingkou_hr")
    page = zone_officer.get("/finance/city-plans/")
    assert page.status_code == 200 and 'data-city="210800" data-year="2018"' in html(page)
    assert 'data-testid="city-plan-form"' not in html(page)
    body = {"city": "210800", "year": 2017, "planned_growth_percent": "5"}
    assert zone_officer.post("/finance/city-plans/", body).status_code == 403
    assert not CityTaxPlan.objects.filter(year=2017).exists()


# --- incentive schemes -----------------------------------------------------------------------

SCHEME = {
    "name": "营口市招商激励（页面）",
    "kind": "attraction",
    "basis": "percent",
    "landed": "10",
    "started": "30",
    "structure_done": "30",
    "completed": "30",
    "includes_costs": "on",
    "source": "营政发〔2025〕1号",
}


def test_scheme_created_from_the_page() -> None:
    client = login("city_yingkou")
    assert 'data-testid="scheme-form"' in html(client.get("/finance/schemes/"))
    assert client.post("/finance/schemes/", SCHEME).status_code == 302
    scheme = IncentiveScheme.objects.get(name=SCHEME["name"])
    thirds = dict.fromkeys(("started", "structure_done", "completed"), "30.00")
    assert scheme.stage_values == {"landed": "10.00", **thirds}
    assert scheme.includes_costs and scheme.basis == "percent"
    assert scheme.history.get().history_user.username == "city_yingkou"
    amounts = {**SCHEME, "name": "按金额方案", "basis": "amount", "landed": "", "started": "", "completed": "500000"}
    assert client.post("/finance/schemes/", amounts).status_code == 302
    assert IncentiveScheme.objects.get(name="按金额方案").stage_values == {
        "structure_done": "30.00",
        "completed": "500000.00",
    }
    listed = html(client.get("/finance/schemes/"))
    assert "500,000.00" in listed and "30.00%" in listed


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"completed": "29.99"}, "各阶段比例之和应为 100.00%，现为 99.99%"),
        ({"landed": "-10", "started": "50"}, "不能为负数"),
        ({"landed": "", "started": "", "structure_done": "", "completed": ""}, "请填写各阶段的比例或金额"),
        ({"name": "营口沿海产业基地招商激励（四阶段拨付）"}, "已存在"),
    ],
)
def test_scheme_problems_on_the_form(change: dict[str, Any], words: str) -> None:
    before = IncentiveScheme.objects.count()
    response = login("city_yingkou").post("/finance/schemes/", {**SCHEME, **change})
    assert response.status_code == 400 and words in html(response)
    assert IncentiveScheme.objects.count() == before


def test_schemes_made_by_province_and_city_staff_only() -> None:
    zone_officer = login("zone_yingkou_hr")
    page = zone_officer.get("/finance/schemes/")
    assert page.status_code == 200 and 'data-testid="scheme-form"' not in html(page)
    assert zone_officer.post("/finance/schemes/", SCHEME).status_code == 403
    assert not IncentiveScheme.objects.filter(name=SCHEME["name"]).exists()
    assert login("province_admin").post("/finance/schemes/", SCHEME).status_code == 302


# --- registering a project -------------------------------------------------------------------


def project_body(scheme: Any, **change: Any) -> dict[str, Any]:
    return {
        "name": "页面登记项目",
        "investor": "某新材料公司",
        "amount": "80000000.00",
        "leading_industry": "新材料",
        "scheme": scheme.pk,
        "award": "100000.01",
        "attraction_costs": "1000.00",
        **change,
    }


def test_project_registered_with_its_stages() -> None:
    scheme = helpers.scheme()
    client = login("city_yingkou")
    assert 'data-testid="project-form"' in html(client.get(f"/finance/zones/{ZONE}/projects/new/"))
    response = client.post(f"/finance/zones/{ZONE}/projects/new/", project_body(scheme))
    project = Project.objects.get(name="页面登记项目")
    assert response.status_code == 302 and response["Location"] == f"/finance/projects/{project.pk}/"
    assert project.zone.code == ZONE and project.award == D("100000.01")
    due = dict(project.stages.values_list("stage", "due_amount"))
    assert sum(due.values(), D(0)) == D("100000.01")
    assert set(due) == {"landed", "started", "structure_done", "completed"}
    assert project.history.get().history_user.username == "city_yingkou"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"award": ""}, "按比例分段的方案须填写激励总额"),
        ({"attraction_costs": "200000.00"}, "招商经费（200000.00 元）不能超过激励总额"),
        ({"investor": ""}, "该字段是必填项"),
        ({"amount": "-1"}, "投资额应为非负金额"),
    ],
)
def test_project_bad_input_is_400_in_chinese(change: dict[str, Any], words: str) -> None:
    scheme = helpers.scheme()
    response = login("city_yingkou").post(f"/finance/zones/{ZONE}/projects/new/", project_body(scheme, **change))
    assert response.status_code == 400 and words in html(response)
    assert not Project.objects.filter(name="页面登记项目").exists()


def test_project_registration_scoped() -> None:
    scheme = helpers.scheme()
    assert login("city_dalian").get(f"/finance/zones/{ZONE}/projects/new/").status_code == 404
    assert login("city_dalian").post(f"/finance/zones/{ZONE}/projects/new/", project_body(scheme)).status_code == 404
    assert login("zone_yingkou_hr").get(f"/finance/zones/{ZONE}/projects/new/").status_code == 403
    assert (
        login("zone_yingkou_hr").post(f"/finance/zones/{ZONE}/projects/new/", project_body(scheme)).status_code == 403
    )
    assert not Project.objects.filter(name="页面登记项目").exists()


# --- reward designations ---------------------------------------------------------------------


def designation_body(**change: Any) -> dict[str, Any]:
    zone = helpers.zone("yingkou-etdz")
    return {
        "zone": zone.code,
        "ranking_year": 2015,
        "scope": "national" if zone.level == "national" else "provincial",
        "rank": 3,
        "out_of": 230,
        "ranking": "2015年度国家级经开区综合发展水平考核",
        "document_no": "商资函〔2016〕1号",
        **change,
    }


def test_designation_recorded_by_the_province() -> None:
    client = login("province_admin")
    assert 'data-testid="designation-form"' in html(client.get("/finance/designations/"))
    assert client.post("/finance/designations/", designation_body()).status_code == 302
    row = RewardDesignation.objects.get(zone__code="yingkou-etdz", ranking_year=2015)
    assert (row.rank, row.out_of, row.recorded_by.username) == (3, 230, "province_admin")
    assert row.history.get().history_user.username == "province_admin"
    listed = html(login("city_yingkou").get("/finance/designations/"))
    assert 'data-zone="yingkou-etdz" data-year="2015"' in listed


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"rank": 50, "out_of": 100}, "不在前 10% 之内"),
        ({"rank": 300}, "名次应为 1 至参评总数之间的整数"),
        ({"ranking": ""}, "该字段是必填项"),
        ({"ranking_year": 1900}, "年度应在 1990"),
    ],
)
def test_designation_bad_input_is_400_in_chinese(change: dict[str, Any], words: str) -> None:
    before = RewardDesignation.history.count()
    response = login("province_admin").post("/finance/designations/", designation_body(**change))
    assert response.status_code == 400 and words in html(response)
    assert RewardDesignation.history.count() == before


def test_designations_scoped_and_recorded_only_by_the_province() -> None:
    login("province_admin").post("/finance/designations/", designation_body())
    city = login("city_yingkou")
    page = city.get("/finance/designations/")
    assert page.status_code == 200 and 'data-testid="designation-form"' not in html(page)
    assert city.post("/finance/designations/", designation_body(ranking_year=2016)).status_code == 403
    assert 'data-zone="yingkou-etdz"' not in html(login("city_dalian").get("/finance/designations/"))
    assert not RewardDesignation.objects.filter(ranking_year=2016).exists()


# --- links, lists, English -------------------------------------------------------------------


def test_index_links_the_new_pages() -> None:
    page = html(login("city_yingkou").get("/finance/"))
    for url in ("/finance/schemes/", "/finance/city-plans/", "/finance/designations/"):
        assert f'href="{url}"' in page


def test_lists_at_a_fixed_number_of_queries() -> None:
    client = login("province_admin")
    urls = ("/finance/schemes/", "/finance/city-plans/", "/finance/designations/")
    before = [queries(client, url) for url in urls]
    for n in range(4):
        helpers.scheme()
        client.post("/finance/city-plans/", {"city": "210800", "year": 2000 + n, "planned_growth_percent": "5"})
        client.post("/finance/designations/", designation_body(ranking_year=2000 + n))
    assert RewardDesignation.objects.filter(ranking_year__lt=2004).count() == 4
    assert [queries(client, url) for url in urls] == before
    old = open_agreement()
    first = queries(client, f"/finance/agreements/{old.pk}/")
    client.post(f"/finance/agreements/{old.pk}/revise/", REVISION)
    new = Agreement.objects.get(supersedes=old)
    client.post(f"/finance/agreements/{new.pk}/revise/", {**REVISION, "effective_from": 2010})
    assert queries(client, f"/finance/agreements/{old.pk}/") == first


def test_the_new_pages_in_english() -> None:
    """Every template string of the new pages has its English (the page walk's check): the only
    Chinese left on them is stored data (zone names, scheme names)."""
    from tests.platform.pagewalk import data_text, untranslated

    client = login("province_admin")
    client.cookies["django_language"] = "en"
    old = open_agreement()
    data = data_text()
    for url, words in (
        ("/finance/schemes/", "New incentive scheme"),
        ("/finance/city-plans/", "Set the planned growth"),
        ("/finance/designations/", "Record a designation"),
        (f"/finance/agreements/{old.pk}/", "Versions by year in force"),
        (f"/finance/zones/{ZONE}/projects/new/", "Register an attracted project"),
    ):
        page = html(client.get(url))
        assert words in page, (url, words)
        assert untranslated(page, data) == [], url
    bad = client.post("/finance/schemes/", {**SCHEME, "completed": "29.99"})
    assert bad.status_code == 400 and "100.00%" in html(bad)
    assert "各阶段比例之和" not in html(bad) and "99.99%" in html(bad)  # the service's refusal, in English

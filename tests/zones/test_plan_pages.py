"""The plan pages through Django's test client: scope, buttons, forms, errors by section, compare."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.zones.plan_factories import draft, returned, submitted
from zones.models import Plan

pytestmark = pytest.mark.usefixtures("demo")


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def main(response: Any) -> str:
    return response.content.decode().split("<main", 1)[1]


def table(response: Any) -> str:
    return main(response).split('data-testid="plan-list"', 1)[1]


def section(html: str, slug: str) -> str:
    match = re.search(rf'data-testid="section-{slug}">(.*?)</section>', html, re.S)
    assert match, slug
    return match.group(1)


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "zone": "yingkou-hitech",
        "leadership_posts": "4",
        "headcount_cap": "80",
        "contract_term_years": "2",
        "finance_model": "independent",
        "text_basic": "高新区基本情况。",
        "bodies-TOTAL_FORMS": "2",
        "bodies-INITIAL_FORMS": "0",
        "bodies-0-name": "党政办公室",
        "bodies-0-duties": "综合协调。",
        "bodies-1-name": "",
        "bodies-1-duties": "",
        "agencies-TOTAL_FORMS": "1",
        "agencies-INITIAL_FORMS": "0",
        "agencies-0-name": "",
        "agencies-0-duties": "",
    }
    data.update(overrides)
    return data


def test_nav_list_and_scope() -> None:
    dalian = as_user("city_dalian")
    page = dalian.get("/plans/")
    assert page.status_code == 200 and ">一区一策</a>" in page.content.decode()
    assert "大连长兴岛经济技术开发区" in table(page) and "营口" not in table(page)
    yingkou_plan = Plan.objects.get(zone__code="yingkou-coastal")
    for url in ("", "edit/", "compare/"):
        assert dalian.get(f"/plans/{yingkou_plan.pk}/{url}").status_code == 404
    assert dalian.post(f"/plans/{yingkou_plan.pk}/submit/").status_code == 404
    staff = as_user("province_staff")
    filtered = table(staff.get("/plans/?state=submitted"))
    assert "大连长兴岛经济技术开发区" in filtered and "辽宁(营口)沿海产业基地" not in filtered


def test_approved_yingkou_plan_page_and_zone_establishment() -> None:
    plan = Plan.objects.get(zone__code="yingkou-coastal")
    html = main(as_user("auditor").get(f"/plans/{plan.pk}/"))
    assert 'data-testid="plan-state">已批准' in html
    organisation = section(html, "organisation")
    assert "内设机构（8 个）" in organisation and "应急管理局(化工园区管理办公室)" in organisation
    assert "派驻机构（2 个）" in organisation and "生态环境分局" in organisation
    assert "150" in section(html, "personnel")
    assert "修改方案" not in html and "批准方案" not in html and "起草新版本" not in html  # auditor only reads
    zone = main(as_user("zone_yingkou_hr").get("/zones/yingkou-coastal/"))
    assert 'data-testid="establishment-cap">150<' in zone and 'data-testid="establishment-posts">5<' in zone
    assert "一区一策方案第 1 版（第 1 次报送）" in zone and "自然资源分局" in zone
    assert "机构编制未核定" in main(as_user("city_yingkou").get("/zones/yingkou-hitech/"))


def test_buttons_follow_role_and_state() -> None:
    plan = Plan.objects.get(zone__code="dalian-changxing")
    staff = main(as_user("province_staff").get(f"/plans/{plan.pk}/"))
    assert "批准方案" in staff and f'action="/plans/{plan.pk}/return/"' in staff
    assert 'name="comment_organisation"' in staff and 'form="plan-return"' in staff
    city = main(as_user("city_dalian").get(f"/plans/{plan.pk}/"))
    assert "批准方案" not in city and "修改方案" not in city and "报送省级审核" not in city
    coastal = Plan.objects.get(zone__code="yingkou-coastal")
    assert "起草新版本" in main(as_user("city_yingkou").get(f"/plans/{coastal.pk}/"))


def test_draft_in_the_form_then_see_violations_by_section() -> None:
    city = as_user("city_yingkou")
    response = city.post("/plans/new/", form_data(headcount_cap="", leadership_posts="0"))
    assert response.status_code == 302
    plan = Plan.objects.get(zone__code="yingkou-hitech")
    assert [b.name for b in plan.bodies.all()] == ["党政办公室"] and plan.headcount_cap is None
    refused = city.post(f"/plans/{plan.pk}/submit/")
    assert refused.status_code == 400
    html = main(refused)
    assert "方案未通过报送审核" in html
    assert "未填写员额总数。" in section(html, "personnel")
    assert "领导职数必须大于 0。" in section(html, "organisation")
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_form_errors_are_shown_next_to_fields_in_chinese() -> None:
    city = as_user("city_yingkou")
    response = city.post("/plans/new/", form_data(**{"headcount_cap": "-5", "bodies-1-duties": "没有名称"}))
    assert response.status_code == 400
    html = main(response)
    assert "确保该值大于或等于0。" in html and "请填写名称。" in html
    duplicate = city.post("/plans/new/", form_data(**{"bodies-1-name": "党政办公室", "bodies-1-duties": "又一个"}))
    assert duplicate.status_code == 400 and "内设机构：内设机构“党政办公室”重复。" in main(duplicate)
    assert not Plan.objects.filter(zone__code="yingkou-hitech").exists()
    draft()
    conflict = city.post("/plans/new/", form_data())
    assert conflict.status_code == 400 and "已有未办结的方案（第 1 版，草稿）" in main(conflict)


def test_return_with_comments_and_the_city_sees_them_beside_the_section() -> None:
    plan = submitted()
    staff = as_user("province_staff")
    empty = staff.post(f"/plans/{plan.pk}/return/", {"note": "x"})
    assert empty.status_code == 400 and "退回时请至少对一个部分提出意见。" in main(empty)
    response = staff.post(
        f"/plans/{plan.pk}/return/", {"comment_personnel": "员额测算依据不足。", "note": "", "confirmed": "1"}
    )
    assert response.status_code == 302
    html = main(as_user("city_yingkou").get(f"/plans/{plan.pk}/"))
    assert 'data-testid="plan-state">已退回' in html
    assert "员额测算依据不足。" in section(html, "personnel")
    assert "员额测算依据不足。" not in section(html, "organisation")
    assert "重新报送" in html and "修改方案" in html


def test_editing_a_submitted_plan_is_a_409_page_and_zone_officer_gets_403() -> None:
    plan = submitted(zone="yingkou-coastal")
    response = as_user("city_yingkou").get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 409 and "不能修改（只有草稿或已退回的方案可以修改）" in main(response)
    again = as_user("city_yingkou").post(f"/plans/{plan.pk}/submit/")
    assert again.status_code == 409 and "不能报送" in main(again)
    officer = as_user("zone_yingkou_hr")
    assert officer.get(f"/plans/{plan.pk}/").status_code == 200
    assert officer.post(f"/plans/{plan.pk}/approve/").status_code == 403
    assert officer.get(f"/plans/{plan.pk}/edit/").status_code == 403
    assert officer.get("/plans/new/").status_code == 403


def test_edit_form_keeps_rows_and_compare_shows_the_changed_section() -> None:
    plan = returned()
    city = as_user("city_yingkou")
    form = city.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert 'name="bodies-TOTAL_FORMS" value="4"' in form  # 3 bodies + 1 empty row
    bodies = list(plan.bodies.values_list("name", "duties"))
    data = form_data(**{"bodies-TOTAL_FORMS": "4", "bodies-INITIAL_FORMS": "3", "headcount_cap": "90"})
    data.pop("zone")
    data.update(  # what the page shows for the plan's other fields (plan_factories)
        hiring_mode="全员岗位聘任，竞聘上岗。",
        exit_rule="连续两年考核末位的解聘。",
        text_basic="测试开发区基本情况。",
        text_party="加强党的全面领导。",
        **{"agencies-TOTAL_FORMS": "1", "agencies-INITIAL_FORMS": "1", "agencies-0-name": "自然资源分局"},
        **{"agencies-0-duties": "自然资源分局的职责。"},
    )
    for i, (name, duties) in enumerate(bodies):
        data[f"bodies-{i}-name"], data[f"bodies-{i}-duties"] = name, duties
    data["bodies-0-DELETE"] = "on"
    data["bodies-3-name"], data["bodies-3-duties"] = "商务局", "招商引资。"
    assert city.post(f"/plans/{plan.pk}/edit/", data).status_code == 302
    assert [b.name for b in plan.bodies.all()] == [bodies[1][0], bodies[2][0], "商务局"]
    assert city.post(f"/plans/{plan.pk}/submit/").status_code == 302
    compare = city.get(f"/plans/{plan.pk}/compare/")
    html = main(compare)
    assert compare.status_code == 200
    assert re.search(r'data-testid="compare-organisation" data-changed="true"', html)
    assert re.search(r'data-testid="compare-party" data-changed="false"', html)
    assert "商务局" in html and f"<del>{bodies[0][0]}</del>" in html
    chosen = main(city.get(f"/plans/{plan.pk}/compare/?a={plan.pk}-2&b={plan.pk}-2"))
    assert "两个版本内容相同。" in chosen
    assert city.get(f"/plans/{plan.pk}/compare/?a=nonsense&b={plan.pk}").status_code == 400


def test_htmx_adds_a_numbered_row_and_the_new_total() -> None:
    city = as_user("city_yingkou")
    html = city.get("/plans/unit-row/?prefix=agencies&agencies-TOTAL_FORMS=2").content.decode()
    assert 'name="agencies-2-name"' in html and 'name="agencies-2-duties"' in html
    assert 'id="id_agencies-TOTAL_FORMS" value="3" hx-swap-oob="true"' in html
    assert city.get("/plans/unit-row/?prefix=other").status_code == 404
    assert city.get("/plans/unit-row/?prefix=bodies&bodies-TOTAL_FORMS=x").status_code == 200


def test_the_rules_in_force_are_shown_and_editable_by_an_operator() -> None:
    html = main(as_user("city_yingkou").get("/plans/"))
    rules = html.split('data-testid="plan-rules"', 1)[1].split("</details>", 1)[0]
    assert "三合一管委会</td>\n      <td>6–8 个" in rules and "原则上不设" in rules
    root = get_user_model().objects.create_superuser("operator", password="x")
    admin = Client()
    admin.force_login(root)
    page = admin.get("/admin/zones/planruleset/")
    assert page.status_code == 200 and "辽宁省一区一策方案审核规则（默认）" in page.content.decode()


def test_a_plan_whose_author_left_is_listed_and_shown_with_a_dash() -> None:
    """A plan with no author (the account deleted: SET_NULL, or loaded in bulk) is a dash, not a 500."""
    plan = Plan.objects.order_by("pk").first()
    assert plan is not None
    Plan.objects.filter(pk=plan.pk).update(created_by=None, approved_by=None)
    client = as_user("province_admin")
    listed = client.get("/plans/")
    assert listed.status_code == 200
    shown = client.get(f"/plans/{plan.pk}/")
    assert shown.status_code == 200
    assert "—" in main(shown)

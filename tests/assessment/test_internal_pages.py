"""Internal grades in the browser (ADR 0504): the 任务绩效 / 管理绩效 / 综合评价 breakdown with the
areas' weights as rule-set data, the S quota at close with its counts, Excel export → import
through the platform importer, and the department headcount proposals from closed grades."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import rules, services
from assessment.models import DepartmentGrade, InternalYear, RuleSet, StaffGrade
from devzone.domain import Invalid
from staffing.models import Staff
from staffing.sources import department_figures
from tests.assessment.helpers import YEAR
from tests.imports.workbooks import read, response_bytes, upload, xlsx

ZONE = "yingkou-coastal"
PAGE = f"/assessment/internal/{ZONE}/"
W = rules.InternalWeights(D(50), D(20), D(30), D(50), D(25), D(25))


def weights(year: int) -> rules.InternalWeights:
    return services.internal_weights(services.rule_set_for(year))


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


PARTS = {"task_score": D(90), "management_score": D(80), "investment_score": D(100), "economy_score": D(60),
         "core_score": D(70)}  # fmt: skip


def test_breakdown_hand_computed() -> None:
    # 综合评价 = 100 × 50 % + 60 × 25 % + 70 × 25 % = 82.5; total = 90 × 50 % + 80 × 20 % + 82.5 × 30 % = 85.75
    assert rules.internal_score(PARTS, W) == D("85.75")
    raised = rules.InternalWeights(D(50), D(20), D(30), D(60), D(20), D(20))  # more weight on 招商引资
    assert rules.internal_score(PARTS, raised) == D("86.80")
    assert rules.internal_weights_problems(W) == []
    assert rules.internal_weights_problems(rules.InternalWeights(D(50), D(20), D(20), D(50), D(25), D(30))) == [
        "dimensions", "areas"
    ]  # fmt: skip


part = st.decimals(min_value=0, max_value=100, places=2)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(part, part, part, part, part))
def test_breakdown_total_stays_between_the_parts(values: tuple[D, ...]) -> None:
    total = rules.internal_score(dict(zip(rules.PARTS, values, strict=True)), W)
    assert rules.q2(min(values)) <= total <= rules.q2(max(values))


def test_headcount_proposals_follow_the_grade_and_never_go_below_zero() -> None:
    out = rules.headcount_proposals({1: "S", 2: "D", 3: "B"}, {1: 10, 2: 0}, {"S": 1, "B": 0, "D": -1})
    got = [(p.department, p.current, p.change, p.proposed) for p in out]
    assert got == [(1, 10, 1, 11), (2, 0, -1, 0), (3, 0, 0, 0)]


@pytest.mark.django_db
def test_the_page_enters_a_graded_breakdown_and_refuses_bad_input(
    demo: None, client: Any, django_assert_max_num_queries: Any
) -> None:
    person = Staff.objects.filter(zone__code=ZONE).order_by("id").first()
    assert person is not None
    year = YEAR + 1
    client.force_login(user("zone_yingkou_hr"))
    data = {"action": "staff", "staff-target": person.pk, "staff-grade": "A",
            **{f"staff-{k}": str(v) for k, v in PARTS.items()}}  # fmt: skip
    r = client.post(f"{PAGE}?year={year}", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    row = StaffGrade.objects.get(staff=person, year=year)
    assert row.grade == "A" and row.score == rules.internal_score(PARTS, weights(year))
    assert row.investment_score == D(100) and row.history.count() == 1
    # four parts of five: a clear error, nothing changes
    bad = {**data, "staff-grade": "S", "staff-core_score": ""}
    r = client.post(f"{PAGE}?year={year}", bad)
    assert r.status_code == 400 and "分项得分须五项填齐" in r.content.decode()
    assert StaffGrade.objects.get(staff=person, year=year).grade == "A"
    # out of range
    r = client.post(f"{PAGE}?year={year}", {**data, "staff-task_score": "101"})
    assert r.status_code == 400 and StaffGrade.objects.get(staff=person, year=year).task_score == D(90)
    # the page shows the breakdown of the demo's departments (closed year) at a fixed query count
    with django_assert_max_num_queries(30):
        page = client.get(f"{PAGE}?year={YEAR}").content.decode()
    demo_dept = DepartmentGrade.objects.filter(zone__code=ZONE, year=YEAR).order_by("department__order").first()
    assert demo_dept is not None and demo_dept.task_score is not None
    assert demo_dept.department.name in page and str(demo_dept.score) in page and "已关闭" in page
    assert 'data-testid="staff-grade-form"' not in page  # closed: no entry form
    # the city reads, never writes
    client.force_login(user("city_yingkou"))
    assert client.get(f"{PAGE}?year={YEAR}").status_code == 200
    assert client.post(f"{PAGE}?year={year}", data).status_code == 403
    client.force_login(user("zone_dalian_hr"))
    assert client.get(f"{PAGE}?year={YEAR}").status_code == 404


@pytest.mark.django_db
def test_close_on_the_page_tells_the_quota_counts(demo: None, client: Any) -> None:
    year = YEAR + 1
    hr = user("zone_yingkou_hr")
    people = list(Staff.objects.filter(zone__code=ZONE).order_by("id")[:10])
    for i, person in enumerate(people):
        services.save_staff_grade(user=hr, staff=person, year=year, grade="S" if i < 3 else "B", score=90 - i)
    RuleSet.objects.filter(pk=services.rule_set_for(year).pk).update(internal_s_quota_pct=D(10))
    client.force_login(hr)
    page = client.get(f"{PAGE}?year={year}").content.decode()
    assert 'data-testid="quota"' in page
    asked = client.post(f"{PAGE}?year={year}", {"action": "close"})  # first the question (ADR 0029)
    assert asked.status_code == 200 and "确定关闭" in asked.content.decode()
    assert not InternalYear.objects.filter(zone__code=ZONE, year=year, closed_at__isnull=False).exists()
    r = client.post(f"{PAGE}?year={year}", {"action": "close", "confirmed": "1"}, follow=True)
    text = r.content.decode()
    assert "S 等次 3 个" in text and "共 10 个，最多 1 个" in text and people[1].name in text
    assert not InternalYear.objects.filter(zone__code=ZONE, year=year, closed_at__isnull=False).exists()
    for person in people[1:3]:
        services.save_staff_grade(user=hr, staff=person, year=year, grade="A")
    r = client.post(f"{PAGE}?year={year}", {"action": "close", "confirmed": "1"}, follow=True)
    assert "内部考核已关闭" in r.content.decode()
    assert InternalYear.objects.filter(zone__code=ZONE, year=year, closed_at__isnull=False).exists()
    r = client.post(f"{PAGE}?year={year}", {"action": "reopen", "confirmed": "1"}, follow=True)
    assert "重新开启" in r.content.decode()
    assert not InternalYear.objects.get(zone__code=ZONE, year=year).closed


@pytest.mark.django_db
def test_grades_export_then_import_changes_nothing_then_corrects(demo: None, api_as: Callable) -> None:
    year = YEAR + 1
    hr_user = user("zone_yingkou_hr")
    people = list(Staff.objects.filter(zone__code=ZONE).order_by("id")[:3])
    for person in people:
        services.save_staff_grade(user=hr_user, staff=person, year=year, grade="B", parts=PARTS)
    hr = api_as("zone_yingkou_hr")
    exported = hr.get(f"/api/v1/exports/assessment-staff-grades.xlsx?zone={ZONE}&year={year}")
    assert exported.status_code == 200
    content = response_bytes(exported)
    rows = read(content)
    assert len(rows) == 1 + 3 and all("*" in str(r[2]) for r in rows[1:])
    before = {g.pk: g.history.count() for g in StaffGrade.objects.filter(zone__code=ZONE, year=year)}
    again = hr.post(
        "/api/v1/imports/assessment-staff-grades/", {"file": upload(content, "个人.xlsx")}, format="multipart"
    )
    assert again.status_code == 200, again.content
    assert {g.pk: g.history.count() for g in StaffGrade.objects.filter(zone__code=ZONE, year=year)} == before
    # a corrected grade and a part score: the total follows the weights; one bad row refuses the file
    header = rows[0]
    grade_col, task_col = header.index("等次"), header.index("任务绩效")
    changed = [list(r) for r in rows[1:]]
    mine = next(r for r in changed if r[header.index("姓名")] == people[0].name)
    mine[grade_col], mine[task_col] = "A", 70
    bad = [*changed, [ZONE, year, "210802199001011234", "不存在", "A"]]
    r = hr.post(
        "/api/v1/imports/assessment-staff-grades/", {"file": upload(xlsx([header, *bad], title="个人考核等次"))},
        format="multipart",
    )  # fmt: skip
    assert r.status_code == 400
    assert StaffGrade.objects.get(staff=people[0], year=year).grade == "B"
    r = hr.post(
        "/api/v1/imports/assessment-staff-grades/", {"file": upload(xlsx([header, *changed], title="个人考核等次"))},
        format="multipart",
    )  # fmt: skip
    assert r.status_code == 200, r.content
    row = StaffGrade.objects.get(staff=people[0], year=year)
    assert row.grade == "A" and row.task_score == D(70)
    assert row.score == rules.internal_score({**PARTS, "task_score": D(70)}, weights(year))
    # departments: the demo's closed year exports; importing into it is refused (closed: 409 → row report)
    dept = hr.get(f"/api/v1/exports/assessment-department-grades.xlsx?zone={ZONE}&year={YEAR}")
    drows = read(response_bytes(dept))
    assert len(drows) - 1 == DepartmentGrade.objects.filter(zone__code=ZONE, year=YEAR).count()
    drows[1][drows[0].index("等次")] = "D" if drows[1][drows[0].index("等次")] != "D" else "C"
    r = hr.post(
        "/api/v1/imports/assessment-department-grades/",
        {"file": upload(xlsx(drows, title="部门考核等次"))}, format="multipart",
    )  # fmt: skip
    assert r.status_code in (400, 409)


@pytest.mark.django_db
def test_headcount_proposals_from_closed_department_grades(
    demo: None, client: Any, django_assert_max_num_queries: Any
) -> None:
    grades = list(DepartmentGrade.objects.filter(zone__code=ZONE, year=YEAR).select_related("department"))
    assert grades
    figures = department_figures([grades[0].zone_id])
    changes = services.internal_headcount_changes(services.rule_set_for(YEAR))
    client.force_login(user("city_yingkou"))
    with django_assert_max_num_queries(14):
        page = client.get(f"/assessment/headcount/?year={YEAR}").content.decode()
    for g in grades:
        places = figures.get(g.department_id, (0, 0))[0]
        expected = max(0, places + changes[g.grade])
        assert g.department.name in page
        row = next(tr for tr in page.split("<tr") if f">{g.department.name}<" in tr)
        assert row.split("</tr>")[0].endswith(f'<td class="num">{expected}</td>'), row
    # an open year proposes nothing; another city sees nothing of Yingkou
    InternalYear.objects.filter(zone__code=ZONE, year=YEAR).update(closed_at=None)
    assert grades[0].department.name not in client.get(f"/assessment/headcount/?year={YEAR}").content.decode()
    InternalYear.objects.filter(zone__code=ZONE, year=YEAR).update(closed_at="2026-01-01T00:00:00Z")
    client.force_login(user("city_dalian"))
    assert grades[0].department.name not in client.get(f"/assessment/headcount/?year={YEAR}").content.decode()


@pytest.mark.django_db
def test_weights_that_do_not_total_refuse_a_breakdown(demo: None) -> None:
    year = YEAR + 1
    RuleSet.objects.filter(pk=services.rule_set_for(year).pk).update(internal_area_investment=D(60))
    person = Staff.objects.filter(zone__code=ZONE).first()
    with pytest.raises(Invalid):
        services.save_staff_grade(user=user("zone_yingkou_hr"), staff=person, year=year, grade="A", parts=PARTS)
    assert not StaffGrade.objects.filter(staff=person, year=year).exists()


@pytest.mark.django_db
def test_the_province_edits_the_internal_weights_on_the_rules_page(demo: None, client: Any) -> None:
    year = YEAR + 1
    rule_set = services.rule_set_for(year)
    assert rule_set is not None
    version = rule_set.version
    client.force_login(user("city_yingkou"))
    page = client.get(f"/assessment/rules/?year={year}").content.decode()
    assert 'data-testid="rule-set"' in page and "种子文件中没有具体数值" in page
    assert client.post(f"/assessment/rules/?year={year}", {}).status_code == 403
    client.force_login(user("province_admin"))
    page = client.get(f"/assessment/rules/?year={year}")
    form = page.context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in services.RULE_FIELDS}
    # areas that do not total 100: refused with the reason, nothing changes
    r = client.post(f"/assessment/rules/?year={year}", {**data, "internal_area_investment": "60"})
    assert r.status_code == 400 and "合计 100%" in r.content.decode()
    rule_set.refresh_from_db()
    assert rule_set.internal_area_investment == D(50) and rule_set.version == version
    # more weight on investment attraction, taken from economy: saved, versioned, and a breakdown follows
    r = client.post(
        f"/assessment/rules/?year={year}",
        {**data, "internal_area_investment": "60", "internal_area_economy": "15"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    rule_set.refresh_from_db()
    assert (rule_set.internal_area_investment, rule_set.internal_area_economy) == (D(60), D(15))
    assert rule_set.version == version + 1
    person = Staff.objects.filter(zone__code=ZONE).first()
    row = services.save_staff_grade(user=user("zone_yingkou_hr"), staff=person, year=year, grade="A", parts=PARTS)
    assert (
        row.score
        == rules.internal_score(PARTS, weights(year))
        == rules.internal_score(PARTS, rules.InternalWeights(D(50), D(20), D(30), D(60), D(15), D(25)))
    )


@pytest.mark.django_db
def test_the_internal_index_counts_grades_per_zone_in_scope(
    demo: None, client: Any, django_assert_max_num_queries: Any
) -> None:
    people = StaffGrade.objects.filter(zone__code=ZONE, year=YEAR).count()
    departments = DepartmentGrade.objects.filter(zone__code=ZONE, year=YEAR).count()
    assert people and departments
    client.force_login(user("city_yingkou"))
    with django_assert_max_num_queries(14):
        page = client.get(f"/assessment/internal/?year={YEAR}").content.decode()
    row = next(tr for tr in page.split("<tr") if f'data-zone="{ZONE}"' in tr)
    assert f'<td class="num">{departments}</td><td class="num">{people}</td><td>已关闭</td>' in row
    client.force_login(user("city_dalian"))
    assert f'data-zone="{ZONE}"' not in client.get(f"/assessment/internal/?year={YEAR}").content.decode()

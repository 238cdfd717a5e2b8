"""Internal grades, the S quota at close, the grade provider for staffing's renewal and the
zone's distribution plan (ADR 0503), on the seeded demo."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import rules, services
from assessment.models import DistributionPlan, InternalYear, PayPool, RuleSet, StaffGrade
from devzone.domain import Conflict, Invalid, NotAllowed
from staffing import sources as staffing_sources
from staffing.models import IndividualGrade, Staff
from tests.assessment.helpers import YEAR

G = "/api/v1/assessment/internal-grades/"
P = "/api/v1/assessment/distribution-plans/"


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


# --- pure rules ---------------------------------------------------------------------------------


def test_quota_names_the_excess_by_the_tie_rule() -> None:
    rows = [rules.Graded(k, "S" if k <= 4 else "B", score) for k, score in
            [(1, D(90)), (2, D(95)), (3, D(90)), (4, None), *((k, D(70)) for k in range(5, 21))]]  # fmt: skip
    check = rules.check_quota(rows, "S", D(10))
    assert (check.count, check.size, check.limit) == (4, 20, 2)
    assert check.over == (3, 4)  # 2 (95) and 1 (90, smaller key) keep S; 3 then the unscored 4 do not
    assert rules.check_quota(rows, "S", D(20)).ok
    assert rules.check_quota(rows, "S", None).ok


def test_distribution_hand_computed_to_the_fen() -> None:
    # department 1 (coefficient 1.5): people 10 (S 1.5) and 11 (B 1.0); department 2 (1.0): 20 (B 1.0)
    # weights 1.5 × 2.5 = 3.75 and 1.0 × 1.0 = 1; 1000.00 × 3.75 / 4.75 = 789.4736… → 789.47,
    # 210.5263… → 210.53 (larger remainder gets the fen); 789.47 × 1.5 / 2.5 = 473.682 → 473.68, 315.79.
    plan = rules.distribute(D("1000.00"), {1: (D("1.5"), {10: D("1.5"), 11: D("1.0")}), 2: (D(1), {20: D(1)})})
    assert plan.departments == {1: D("789.47"), 2: D("210.53")}
    assert plan.people == {10: D("473.68"), 11: D("315.79"), 20: D("210.53")}
    assert plan.distributed == D("1000.00") and plan.undistributed == 0
    nobody = rules.distribute(D("50.00"), {1: (D(0), {10: D(1)})})
    assert nobody.distributed == 0 and nobody.people == {10: 0}


coefficient = st.decimals(min_value=0, max_value=5, places=2)


@settings(max_examples=200, deadline=None)
@given(
    pool=st.decimals(min_value=0, max_value=10**9, places=2),
    depts=st.lists(st.tuples(coefficient, st.lists(coefficient, min_size=1, max_size=6)), min_size=1, max_size=6),
)
def test_distribution_sums_exactly_and_never_above_the_pool(pool: D, depts: list[Any]) -> None:
    spec, key = {}, 0
    for d, (c, people) in enumerate(depts):
        members = {}
        for pc in people:
            key += 1
            members[key] = pc
        spec[d] = (c, members)
    plan = rules.distribute(pool, spec)
    assert sum(plan.people.values(), D(0)) == plan.distributed == sum(plan.departments.values(), D(0))
    assert plan.distributed <= pool and all(v >= 0 for v in plan.people.values())
    if any(c * sum(m.values(), D(0)) > 0 for c, m in spec.values()):
        assert plan.distributed == pool


# --- services and API ---------------------------------------------------------------------------


def yingkou_staff() -> list[Staff]:
    return list(Staff.objects.filter(zone__code="yingkou-coastal").order_by("id"))


def grade_all(year: int, s_count: int) -> list[Staff]:
    hr = user("zone_yingkou_hr")
    people = yingkou_staff()
    for i, person in enumerate(people):
        services.save_staff_grade(
            user=hr, staff=person, year=year, grade="S" if i < s_count else "B", score=D(999) - D(i) / 10
        )
    return people


@pytest.mark.django_db
def test_officers_enter_grades_with_history_and_clear_errors(demo: None, api_as: Callable) -> None:
    person = yingkou_staff()[0]
    client = api_as("zone_yingkou_hr")
    r = client.post(G, {"staff": person.pk, "year": YEAR + 1, "grade": "A", "score": "88.5"}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["grade"] == "A" and r.json()["zone"] == "yingkou-coastal"
    r = client.post(G, {"staff": person.pk, "year": YEAR + 1, "grade": "S"}, format="json")
    row = StaffGrade.objects.get(staff=person, year=YEAR + 1)
    assert row.grade == "S" and [h.grade for h in row.history.order_by("history_date")] == ["A", "S"]
    bad = client.post(G, {"staff": person.pk, "year": YEAR + 1, "grade": "X"}, format="json")
    assert bad.status_code == 400 and "等次须为" in str(bad.json())
    assert StaffGrade.objects.get(staff=person, year=YEAR + 1).grade == "S"
    # another zone's officer: the person is out of scope
    assert (
        api_as("zone_dalian_hr")
        .post(G, {"staff": person.pk, "year": YEAR + 1, "grade": "B"}, format="json")
        .status_code
        == 404
    )
    assert api_as("zone_dalian_hr").get(G, {"year": YEAR + 1}).json()["results"] == []
    with pytest.raises(NotAllowed):
        services.save_staff_grade(user=user("zone_dalian_hr"), staff=person, year=YEAR + 1, grade="B")


@pytest.mark.django_db
def test_close_enforces_the_s_quota_with_counts_and_names(demo: None, api_as: Callable) -> None:
    year = YEAR + 1
    n = len(yingkou_staff())
    limit = n // 10
    people = grade_all(year, limit + 2)
    RuleSet.objects.filter(pk=services.rule_set_for(year).pk).update(internal_s_quota_pct=D(10))
    client = api_as("zone_yingkou_hr")
    r = client.post(f"{G}close/", {"zone": "yingkou-coastal", "year": year}, format="json")
    assert r.status_code == 400, r.content
    text = str(r.json())
    assert f"S 等次 {limit + 2} 个" in text and f"共 {n} 个，最多 {limit} 个" in text
    assert people[limit].name in text and people[limit + 1].name in text  # the two lowest S scores named
    assert people[0].name not in text
    assert not InternalYear.objects.filter(zone__code="yingkou-coastal", year=year, closed_at__isnull=False).exists()
    for person in people[limit : limit + 2]:
        services.save_staff_grade(user=user("zone_yingkou_hr"), staff=person, year=year, grade="A")
    assert client.post(f"{G}close/", {"zone": "yingkou-coastal", "year": year}, format="json").status_code == 200
    late = client.post(G, {"staff": people[0].pk, "year": year, "grade": "D"}, format="json")
    assert late.status_code == 409 and "已关闭" in str(late.json())


@pytest.mark.django_db
def test_staffing_reads_closed_internal_grades_and_falls_back_on_entered(demo: None) -> None:
    people = yingkou_staff()[:2]
    year = YEAR + 3  # two years the demo grades nowhere
    IndividualGrade.objects.create(staff=people[0], year=year - 1, grade="C")
    IndividualGrade.objects.create(staff=people[0], year=year, grade="C")
    hr = user("zone_yingkou_hr")
    for person, grade, score in ((people[0], "D", 50), (people[1], "S", 99)):
        services.save_staff_grade(user=hr, staff=person, year=year, grade=grade, score=score)
    before = staffing_sources.grades_for([people[0]], years=2, before=year + 1)[people[0].pk]
    assert [(g.year, g.grade) for g in before] == [(year - 1, "C"), (year, "C")]  # open year: still drafts
    services.close_internal_year(user=hr, zone=people[0].zone, year=year)
    after = staffing_sources.grades_for(people, years=2, before=year + 1)
    assert [(g.year, g.grade) for g in after[people[0].pk]] == [(year - 1, "C"), (year, "D")]
    mine = after[people[0].pk][-1]
    assert (mine.rank, mine.of) == (2, 2)
    assert after[people[1].pk][-1].grade == "S" and after[people[1].pk][-1].rank == 1


@pytest.mark.django_db
def test_plan_splits_the_pool_exactly_is_filed_and_locked(
    demo: None, api_as: Callable, django_assert_max_num_queries: Any
) -> None:
    zone_pool = PayPool.objects.get(zone__code="yingkou-coastal", year=YEAR, result_set__is_current=True)
    demo_plan = DistributionPlan.objects.get(zone__code="yingkou-coastal", year=YEAR)  # the demo's, filed
    assert demo_plan.filed and demo_plan.distributed == demo_plan.pool_total == zone_pool.pool_total
    assert sum(line.amount for line in demo_plan.lines.filter(staff__isnull=False)) == zone_pool.pool_total
    demo_plan.delete()
    InternalYear.objects.filter(zone__code="yingkou-coastal", year=YEAR).update(closed_at=None)
    people = grade_all(YEAR, 0)
    client = api_as("zone_yingkou_hr")
    assert client.post(P, {"zone": "yingkou-coastal", "year": YEAR}, format="json").status_code == 400  # not closed
    services.close_internal_year(user=user("zone_yingkou_hr"), zone=people[0].zone, year=YEAR)
    r = client.post(P, {"zone": "yingkou-coastal", "year": YEAR}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert D(body["pool_total"]) == zone_pool.pool_total == D(body["distributed"])
    people_lines = [line for line in body["lines"] if line["staff"] is not None]
    assert len(people_lines) == len(people)
    assert sum(D(line["amount"]) for line in people_lines) == zone_pool.pool_total
    plan = DistributionPlan.objects.get(pk=body["id"])
    filed = client.post(f"{P}{plan.pk}/file/")
    assert filed.status_code == 200 and filed.json()["filed"] is True
    again = client.post(P, {"zone": "yingkou-coastal", "year": YEAR}, format="json")
    assert again.status_code == 409 and "锁定" in str(again.json())
    assert client.post(f"{P}{plan.pk}/file/").status_code == 409
    with pytest.raises(Conflict):
        services.reopen_internal_year(user=user("zone_yingkou_hr"), zone=plan.zone, year=YEAR)
    # the city sees every plan of its city; another city does not
    city = api_as("city_yingkou")
    with django_assert_max_num_queries(12):
        rows = city.get(P).json()["results"]
    assert plan.pk in [row["id"] for row in rows]
    assert city.get(f"{P}{plan.pk}/").json()["lines"]
    assert api_as("city_dalian").get(f"{P}{plan.pk}/").status_code == 404
    with pytest.raises(Invalid):
        services.close_internal_year(user=user("zone_yingkou_hr"), zone=plan.zone, year=YEAR + 5)


@pytest.mark.django_db
def test_the_demo_plan_page_and_pdf(demo: None, client: Any, api_as: Callable) -> None:
    import subprocess

    plan = DistributionPlan.objects.get(zone__code="yingkou-coastal", year=YEAR)
    client.force_login(user("city_yingkou"))
    listing = client.get("/assessment/plans/").content.decode()
    assert plan.zone.name in listing and "已报市备案" in listing
    page = client.get(f"/assessment/plans/{plan.pk}/").content.decode()
    assert f"{plan.pool_total:,}" in page  # with thousands separators (ADR 0028)
    pdf = api_as("city_yingkou").get(
        f"/api/v1/reports/assessment-distribution-plan.pdf?zone=yingkou-coastal&year={YEAR}"
    )
    assert pdf.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=b"".join(pdf.streaming_content), capture_output=True, check=True
    ).stdout.decode()
    assert "绩效薪酬分配方案" in text and str(plan.pool_total) in text.replace(",", "")


def _make_draft(zone: str = "yingkou-coastal") -> DistributionPlan:
    """The demo's filed plan of ``zone``, back to a draft (as if it had not been filed yet)."""
    plan = DistributionPlan.objects.get(zone__code=zone, year=YEAR)
    DistributionPlan.objects.filter(pk=plan.pk).update(state="draft", filed_at=None, filed_by=None)
    plan.refresh_from_db()
    return plan


def _person_lines(plan: DistributionPlan) -> list[Any]:
    return list(plan.lines.filter(staff__isnull=False))


@pytest.mark.django_db
def test_the_chain_ends_with_distributions_a_draft_follows_its_pool(demo: None, api_as: Callable) -> None:
    """A benchmark change → the group's recompute → the zone's draft plan is redone from the new
    pool in the same transaction (ADR 0505); a filed plan keeps the pool it was filed with."""
    from assessment.models import Benchmark
    from assessment.recompute import pay_owed

    plan = _make_draft()
    old_pool = plan.pool_total
    lines_before = {line.staff_id: line.amount for line in _person_lines(plan)}
    bench = Benchmark.objects.get(zone__code="yingkou-coastal", year=YEAR)
    admin = user("province_admin")
    services.save_benchmark(
        user=admin, zone=bench.zone, year=YEAR,
        data={"benchmark_per_capita": bench.benchmark_per_capita + D("1000.01"), "headcount": bench.headcount},
    )  # fmt: skip
    client = api_as("zone_yingkou_hr")
    assert client.get(f"{P}{plan.pk}/").json()["stale"] is True  # the pool is owed a recompute
    assert pay_owed() >= 1
    pool = PayPool.objects.get(zone__code="yingkou-coastal", year=YEAR, result_set__is_current=True)
    assert pool.pool_total != old_pool
    plan.refresh_from_db()
    body = client.get(f"{P}{plan.pk}/").json()
    assert body["stale"] is False and body["computed_by"] is None  # redone by the recompute
    assert plan.pool_total == pool.pool_total == plan.distributed
    assert sum(line.amount for line in _person_lines(plan)) == pool.pool_total  # to the fen
    assert {line.staff_id for line in _person_lines(plan)} == set(lines_before)
    assert [h.pool_total for h in plan.history.order_by("history_date")][-2:] == [old_pool, pool.pool_total]
    # filed: the next change of the pool leaves the plan as it was filed
    filed = services.file_plan(user=user("zone_yingkou_hr"), plan=plan)
    services.save_benchmark(
        user=admin, zone=bench.zone, year=YEAR,
        data={"benchmark_per_capita": bench.benchmark_per_capita + D("2000.02"), "headcount": bench.headcount},
    )  # fmt: skip
    pay_owed()
    newer = PayPool.objects.get(zone__code="yingkou-coastal", year=YEAR, result_set__is_current=True)
    filed.refresh_from_db()
    assert newer.pool_total != filed.pool_total == pool.pool_total and filed.filed
    assert client.get(f"{P}{plan.pk}/").json()["stale"] is False


@pytest.mark.django_db
def test_a_plan_is_not_filed_while_its_pool_is_owed_or_different(demo: None) -> None:
    from assessment.models import Benchmark

    plan = _make_draft()
    bench = Benchmark.objects.get(zone__code="yingkou-coastal", year=YEAR)
    services.save_benchmark(
        user=user("province_admin"), zone=bench.zone, year=YEAR,
        data={"benchmark_per_capita": bench.benchmark_per_capita + 1, "headcount": bench.headcount},
    )  # fmt: skip
    with pytest.raises(Conflict) as exc:
        services.file_plan(user=user("zone_yingkou_hr"), plan=plan)
    assert "正在重新计算" in str(exc.value.detail)
    DistributionPlan.objects.filter(pk=plan.pk).update(pool_total=plan.pool_total + 1)  # not the current pool
    from assessment.recompute import pay_owed

    InternalYear.objects.filter(zone__code="yingkou-coastal", year=YEAR).update(closed_at=None)  # not followed
    pay_owed()
    plan.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        services.file_plan(user=user("zone_yingkou_hr"), plan=plan)
    assert "不是当前总量" in str(exc.value.detail)
    assert DistributionPlan.objects.get(pk=plan.pk).state == "draft"


@pytest.mark.django_db
def test_the_browser_computes_and_files_a_plan_after_confirming(demo: None, client: Any) -> None:
    plan = DistributionPlan.objects.get(zone__code="yingkou-coastal", year=YEAR)
    plan.delete()
    client.force_login(user("zone_yingkou_hr"))
    sheet = f"/assessment/internal/yingkou-coastal/?year={YEAR}"
    assert 'data-testid="plan-compute"' in client.get(sheet).content.decode()
    r = client.post(sheet, {"action": "plan"})
    plan = DistributionPlan.objects.get(zone__code="yingkou-coastal", year=YEAR)
    assert r.status_code == 302 and r["Location"] == f"/assessment/plans/{plan.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert 'data-testid="plan-file"' in page and 'hx-get="/assessment/plans/' in page  # a draft refreshes itself
    asked = client.post(f"/assessment/plans/{plan.pk}/", {"action": "file"})
    assert asked.status_code == 200 and "报市备案" in asked.content.decode()  # the confirmation page
    assert DistributionPlan.objects.get(pk=plan.pk).state == "draft"  # nothing changed yet
    done = client.post(f"/assessment/plans/{plan.pk}/", {"action": "file", "confirmed": "1"}, follow=True)
    assert DistributionPlan.objects.get(pk=plan.pk).state == "filed"
    text = done.content.decode()
    assert (
        "已报市备案并锁定" in text
        and 'data-testid="plan-file"' not in text
        and "hx-get" not in text.split('id="plan-live"')[1].split(">")[0]
    )
    again = client.post(sheet, {"action": "plan"}, follow=True)  # a filed plan is locked: said in Chinese
    assert "锁定" in again.content.decode()
    # the city sees the plan, and may not act on it
    client.force_login(user("city_yingkou"))
    assert client.get(f"/assessment/plans/{plan.pk}/").status_code == 200
    assert client.post(f"/assessment/plans/{plan.pk}/", {"action": "recompute"}).status_code == 403
    assert client.get(f"/assessment/plans/{plan.pk}/live/").status_code == 200
    client.force_login(user("city_dalian"))
    assert client.get(f"/assessment/plans/{plan.pk}/live/").status_code == 404


@pytest.mark.django_db
def test_plans_whose_pool_did_not_move_cost_the_run_nothing(demo: None, django_assert_max_num_queries: Any) -> None:
    """A run over the country redoes only the draft plans whose pool moved: the others cost two
    queries in all (the drafts, the closed years), whatever their number."""
    plan = _make_draft()
    current = list(PayPool.objects.filter(year=YEAR, result_set__is_current=True).select_related("result_set"))
    label = current[0].result_set.rule_set_label
    assert plan.rule_set_label == label
    with django_assert_max_num_queries(2):
        assert services.refresh_draft_plans(services.group_of(plan.zone), YEAR, current, label) == 0
    moved = [
        PayPool(zone_id=p.zone_id, year=YEAR, pool_total=p.pool_total + (1 if p.zone_id == plan.zone_id else 0))
        for p in current
    ]
    assert services.refresh_draft_plans(services.group_of(plan.zone), YEAR, moved, label) == 1
    plan.refresh_from_db()
    assert (
        plan.pool_total
        == plan.distributed
        == PayPool.objects.get(pk__in=[p.pk for p in current], zone=plan.zone).pool_total + 1
    )

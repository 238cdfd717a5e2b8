"""Assessment beside the apps below it: a revised plan may drop a graded body, whose grades keep
its name (ADR 0505), and the assessment ranking designates finance's above-plan reward
(finance/sources.register_provider)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from assessment import services
from assessment.models import DepartmentGrade
from tests.assessment.helpers import YEAR
from tests.zones import plan_factories as pf
from zones.models import Zone
from zones.plans.models import EstablishmentUnit


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


@pytest.mark.django_db
def test_a_revision_may_drop_a_graded_body_and_the_grade_keeps_its_name(demo: None, client: Any) -> None:
    """机构调整: a body graded in an earlier year may be dropped by a revised plan (ADR 0505); the
    grade stays on record under the name it was graded with, and the page says the body is gone."""
    from staffing.models import Post, Staff

    pf.approved(zone="yingkou-hitech")
    zone = Zone.objects.get(code="yingkou-hitech")
    units = list(EstablishmentUnit.objects.filter(establishment__zone=zone, kind="internal").order_by("order"))
    busy = set(Post.objects.filter(zone=zone).values_list("department_id", flat=True)) | set(
        Staff.objects.filter(zone=zone).values_list("department_id", flat=True)
    )
    dropped = next(u for u in units if u.pk not in busy)  # staffing refuses a body with posts or people
    services.save_department_grade(user=user("province_admin"), zone=zone, department=dropped, year=YEAR, grade="A")
    bodies = [{"name": u.name, "duties": "职责。"} for u in units if u.pk != dropped.pk]
    done = pf.approved(zone="yingkou-hitech", internal_bodies=bodies)
    assert done.state == "approved"
    assert not EstablishmentUnit.objects.filter(pk=dropped.pk).exists()
    grade = DepartmentGrade.objects.get(zone=zone, year=YEAR, department_name=dropped.name)
    assert grade.department_id is None and grade.grade == "A"
    client.force_login(user("province_admin"))
    page = client.get(f"/assessment/internal/{zone.code}/?year={YEAR}").content.decode()
    assert dropped.name in page and "已撤销" in page
    # the headcount proposals skip a body that no longer exists
    from assessment import selectors

    proposals = selectors.headcount_proposals(user("province_admin"), YEAR, zone.code)
    assert dropped.name not in {r.department for r in proposals}


@pytest.mark.django_db
def test_the_published_commendation_designates_finances_reward(demo: None, api_as: Any) -> None:
    from assessment import rewards
    from assessment.models import ZoneResult
    from finance import sources as finance_sources

    assert finance_sources._provider is rewards.designations  # registered by AssessmentConfig.ready
    published = [YEAR - 2, YEAR - 1]  # the demo closes the two years before its open one
    commended = [
        r
        for r in ZoneResult.objects.filter(result_set__is_current=True, year__in=published).order_by("-year", "rank")
        if any(c["code"] == "commendation" for c in r.consequences)
    ]
    assert commended, "the demo has a zone in the reward group"
    top = commended[0]
    fiscal = top.year + 1
    got = finance_sources.designation_for(top.zone_id, fiscal)
    assert got is not None and got.source == "assessment"
    assert (got.ranking_year, got.rank, got.out_of, got.scope) == (top.year, top.rank, top.group_size, top.group)
    r = api_as("province_admin").get(f"/api/v1/finance/rewards/?zone={top.zone.code}&year={fiscal}")
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["ranking_source"], body["rank"], body["ranking_year"]) == ("assessment", top.rank, top.year)
    # the reward years are the three after the ranking, not the ranking year itself
    same_year = finance_sources.designation_for(top.zone_id, top.year)
    assert same_year is None or same_year.ranking_year != top.year
    # a zone the assessment does not commend keeps finance's recorded designation
    plain = ZoneResult.objects.filter(result_set__is_current=True, year__in=published).exclude(
        zone_id__in=[c.zone_id for c in commended]
    )
    for row in plain:
        d = finance_sources.designation_for(row.zone_id, row.year + 1)
        assert d is None or d.source == "recorded"
    # reopening the year unpublishes its ranking: the designation goes with it
    services.reopen_year(user=user("province_admin"), year=top.year, reason="更正数据")
    again = finance_sources.designation_for(top.zone_id, fiscal)
    assert again is None or again.ranking_year != top.year

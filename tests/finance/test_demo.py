"""The demo finance: agreements (Yingkou's revised, increment mostly to the zone), three years
of revenue whose statements sum exactly, two projects, the designated zone's reward."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from finance import selectors
from finance.models import Agreement, Project
from zones.models import Zone

pytestmark = pytest.mark.django_db


def test_demo_finance(demo: Any, api_as: Any) -> None:
    year = timezone.localdate().year
    coastal = Zone.objects.get(code="yingkou-coastal")
    versions = list(Agreement.objects.filter(zone=coastal).order_by("version"))
    assert [a.version for a in versions] == [1, 2]
    assert Decimal(versions[1].increment_ratios["zone"]) > Decimal(versions[1].increment_ratios["city"])
    for y in (year - 2, year - 1):
        st = selectors.statement(coastal, y)
        assert st.revenue_total > 0 and st.shares_total == st.revenue_total
        assert {a.version for a in st.agreements} == ({1} if y == year - 2 else {2})
    liaoyang = selectors.statement(Zone.objects.get(code="liaoyang-edz"), year - 1)
    assert any(w.shortfall for w in liaoyang.result.workings)
    projects = {p.name: p for p in Project.objects.filter(zone=coastal).prefetch_related("stages")}
    paid = projects["高端铝合金板带材项目"]
    assert sum(s.paid_amount for s in paid.stages.all()) == paid.award
    at_start = {s.stage: s for s in projects["精细化工新材料项目"].stages.all()}
    assert at_start["landed"].paid_on and at_start["started"].reached_on and not at_start["started"].paid_on
    reward = api_as("city_yingkou").get(f"/api/v1/finance/rewards/?zone=yingkou-etdz&year={year - 1}").data
    assert reward["eligible"] is True and reward["ranking_year"] == year - 2
    assert Decimal(reward["reward"]) >= 0

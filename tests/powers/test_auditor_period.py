"""Issue 10 leftovers: an auditor sees the powers records of its audit period only (scope_year)."""

from __future__ import annotations

from typing import Any

from devzone.tenancy.models import Membership
from powers.models import Evaluation


def audited_years() -> set[str]:
    m = Membership.objects.filter(user__username="auditor").first()
    return {str(y) for y in range(m.period_from, m.period_to + 1)}


def test_the_auditor_lists_only_the_evaluations_of_its_period(api_as: Any) -> None:
    years = audited_years()
    rows = api_as("auditor").get("/api/v1/powers/evaluations/", {"zone": "yingkou-coastal", "page_size": 500}).json()
    periods = {row["period"] for row in rows["results"]}
    assert periods and periods <= years
    older = Evaluation.objects.filter(delegation__zone__code="yingkou-coastal").exclude(period__in=years)
    assert older.exists()  # the demo has evaluations before the audit period
    # ...which the province admin sees, and the auditor gets 404 for.
    assert api_as("province_admin").get(f"/api/v1/powers/evaluations/{older[0].pk}/").status_code == 200
    assert api_as("auditor").get(f"/api/v1/powers/evaluations/{older[0].pk}/").status_code == 404
    inside = Evaluation.objects.filter(delegation__zone__code="yingkou-coastal", period__in=years).first()
    assert api_as("auditor").get(f"/api/v1/powers/evaluations/{inside.pk}/").status_code == 200

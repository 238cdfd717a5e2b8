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


def test_the_auditor_meets_no_record_of_a_year_outside_its_period(api_as: Any, client: Any) -> None:
    """The matrix's period rows (tests/powers/matrix.py): lists empty, the page without them."""
    from tests.powers.matrix import OLD, evaluation, old_cases

    years = audited_years()
    assert OLD not in years
    pk = old_cases("yingkou-coastal")
    evaluated = evaluation("yingkou-coastal", OLD)
    for role, sees in (("auditor", False), ("province_admin", True), ("zone_yingkou_hr", True)):
        api = api_as(role)
        cases = api.get(f"/api/v1/powers/delegations/{pk}/cases/")
        assert cases.status_code == 200 and bool(cases.json()) is sees, role
        listed = api.get("/api/v1/powers/evaluations/", {"zone": "yingkou-coastal", "period": OLD}).json()
        assert (evaluated in {r["id"] for r in listed["results"]}) is sees, role
        assert api.get(f"/api/v1/powers/evaluations/{evaluated}/").status_code == (200 if sees else 404), role
    client.force_login(Membership.objects.get(user__username="auditor", zone__code="yingkou-coastal").user)
    page = client.get(f"/powers/delegations/{pk}/")
    assert page.status_code == 200 and f"<td>{OLD}</td>" not in page.content.decode()
    client.force_login(Membership.objects.filter(user__username="province_admin").first().user)
    assert OLD in client.get(f"/powers/delegations/{pk}/").content.decode()

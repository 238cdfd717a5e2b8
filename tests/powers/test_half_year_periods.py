"""ADR 0204: an evaluation's period is typed — its year (what an auditor's period is compared
with) and its days (what "filed" and "overlapping" mean) — so half-year rule sets work: an
auditor of one year sees that year's half-year evaluations and case records and no others; a
yearly evaluation counts for its half-years; a half-year overlapping a filed year is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from devzone.tenancy.models import Membership
from powers import rules, selectors
from powers.models import CaseRecord, Evaluation, EvaluationRuleSet
from tests.powers.matrix import delegation

pytestmark = pytest.mark.django_db

YEAR = date.today().year
E = "/api/v1/powers/evaluations/"


def evaluation_body(pk: int, period: str) -> dict[str, Any]:
    return {
        "delegation": pk,
        "period": period,
        "cases_handled": 5,
        "on_time_rate": "90",
        "rating": "good",
        "recommendation": "keep",
    }


@pytest.fixture
def half_yearly(demo: None) -> EvaluationRuleSet:
    return half_year_rules()


def half_year_rules() -> EvaluationRuleSet:
    """The rule set in force made half-yearly (the migration's default row, or one like it)."""
    row = EvaluationRuleSet.objects.order_by("-effective_year").first() or EvaluationRuleSet(
        name="默认", effective_year=2000
    )
    row.months, row.grace_days = 6, 30
    row.save()
    return row


def audit_only(year: int) -> None:
    """The demo auditor audits the 营口 coastal base for ``year`` only."""
    m = Membership.objects.get(user__username="auditor", zone__code="yingkou-coastal")
    m.period_from = m.period_to = year
    m.save()


def test_labels_parse_to_their_year_and_days() -> None:
    assert rules.period_values("2025") == {
        "year": 2025,
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    }
    assert rules.label_bounds("2025H2") == (date(2025, 7, 1), date(2025, 12, 31))
    assert rules.label_bounds("2024Q1") == (date(2024, 1, 1), date(2024, 3, 31))
    for bad in ("2025H3", "2025Q5", "25H1", "2025X1", "abcd", "2025H", ""):
        with pytest.raises(ValueError):
            rules.label_bounds(bad)


def test_an_auditor_of_one_year_sees_that_years_half_year_records_only(half_yearly: Any, api_as: Any) -> None:
    pk = delegation("yingkou-coastal", "taken_on")  # in force since March last year
    admin = api_as("province_admin")
    inside = admin.post(E, evaluation_body(pk, f"{YEAR - 1}H2"), format="json")
    outside = admin.post(E, evaluation_body(pk, f"{YEAR}H1"), format="json")
    assert inside.status_code == 201 and outside.status_code == 201, (inside.json(), outside.json())
    row = Evaluation.objects.get(pk=inside.json()["id"])
    assert (row.year, row.period_start, row.period_end) == (YEAR - 1, date(YEAR - 1, 7, 1), date(YEAR - 1, 12, 31))
    zone = api_as("zone_yingkou_hr")
    cases = f"/api/v1/powers/delegations/{pk}/cases/"
    for period in (f"{YEAR - 1}H2", f"{YEAR}H1"):
        body = {"period": period, "cases_handled": 3, "on_time": 3}
        assert zone.post(cases, body, format="json").status_code == 200
    assert CaseRecord.objects.get(delegation_id=pk, period=f"{YEAR - 1}H2").year == YEAR - 1

    audit_only(YEAR - 1)
    auditor = api_as("auditor")
    listed = auditor.get(E, {"delegation": pk}).json()["results"]
    assert [r["period"] for r in listed] == [f"{YEAR - 1}H2"]  # "2025H2" <= "2025" as text was false
    assert auditor.get(f"{E}{inside.json()['id']}/").status_code == 200  # int("2025H2") failed: a 404
    assert auditor.get(f"{E}{outside.json()['id']}/").status_code == 404
    assert [r["period"] for r in auditor.get(cases).json()] == [f"{YEAR - 1}H2"]
    assert {r["period"] for r in admin.get(cases).json()} == {f"{YEAR - 1}H2", f"{YEAR}H1"}


def test_a_yearly_evaluation_counts_for_its_half_years(demo: None, api_as: Any) -> None:
    pk = delegation("yingkou-coastal", "taken_on")
    admin = api_as("province_admin")
    assert admin.post(E, evaluation_body(pk, str(YEAR - 1)), format="json").status_code == 201  # yearly rules
    half_year_rules()
    user = get_user_model().objects.get(username="province_admin")
    owed = selectors.evaluations_owed(user, today=date(YEAR, 2, 15))  # owes (YEAR-1)H2, overdue
    assert pk not in {d.pk for d in owed["overdue"] + owed["due"]}
    other = delegation("yingkou-coastal", "taken_on")  # not evaluated: it owes the half-year
    owed = selectors.evaluations_owed(user, today=date(YEAR, 2, 15))
    assert other in {d.pk for d in owed["overdue"]} and pk not in {d.pk for d in owed["overdue"]}
    refused = admin.post(E, evaluation_body(pk, f"{YEAR - 1}H2"), format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["period"] == [f"该赋权 {YEAR - 1} 的评估已提交。"]
    assert Evaluation.objects.filter(delegation_id=pk).count() == 1

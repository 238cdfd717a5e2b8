"""ADR 0203: the evaluation period is rule-set data (default yearly) with history, read by the
due/overdue computation — changing the row changes what is due."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from powers import rules, selectors
from powers.models import EvaluationRuleSet
from tests.powers.matrix import delegation

pytestmark = pytest.mark.django_db


def test_the_default_rule_set_is_yearly_due_after_90_days(demo: None) -> None:
    row = EvaluationRuleSet.objects.get()
    assert (row.months, row.grace_days) == (12, 90)
    assert selectors.evaluation_rules() == rules.DEFAULT_EVALUATION_RULES


def test_changing_the_rule_set_changes_what_is_due(api_as: Any, demo: None) -> None:
    from django.contrib.auth import get_user_model

    pk = delegation("yingkou-coastal", "taken_on")  # in force since March last year
    admin = get_user_model().objects.get(username="province_admin")
    today = date(date.today().year, 2, 15)
    yearly = selectors.evaluations_owed(admin, today=today)
    owed = {d.pk: d.owed_period for d in yearly["due"] + yearly["overdue"]}
    assert owed[pk] == str(today.year - 1)
    assert pk in {d.pk for d in yearly["due"]}  # 2 Feb: within the 90 days after the year

    row = EvaluationRuleSet.objects.get()
    row.months, row.grace_days = 6, 30
    row.save()
    half = selectors.evaluations_owed(admin, today=today)
    owed = {d.pk: d.owed_period for d in half["due"] + half["overdue"]}
    assert owed[pk] == f"{today.year - 1}H2"
    assert pk in {d.pk for d in half["overdue"]}  # 30 days after 31 Dec have passed
    latest = row.history.order_by("-history_date").first()  # the change is on history
    assert latest is not None and (latest.months, latest.grace_days, latest.history_type) == (6, 30, "~")

    # ...and what the services accept as a period follows it too
    period = api_as("dept_market").post(
        "/api/v1/powers/evaluations/",
        {
            "delegation": pk,
            "period": str(today.year - 1),
            "cases_handled": 1,
            "on_time_rate": "100",
            "rating": "good",
            "recommendation": "keep",
        },
        format="json",
    )
    assert period.status_code == 400 and "H" in str(period.json()["errors"]["period"])


def test_a_later_rule_set_takes_over_from_its_year(demo: None) -> None:
    EvaluationRuleSet.objects.create(name="季度", effective_year=date.today().year + 1, months=3, grace_days=15)
    assert selectors.evaluation_rules().months == 12
    assert selectors.evaluation_rules(date(date.today().year + 1, 5, 1)) == rules.EvaluationRules(3, 15)

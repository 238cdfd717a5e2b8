"""Evaluations falling due reach the granting side's inbox (issue 14's hook "an evaluation
due"): the beat's task tells each department user and the province admin how many they owe for
the last period — once per period and state — and nobody else."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from devzone.inbox.models import Notification
from powers import events, selectors, tasks
from powers.models import Evaluation
from tests.powers.test_home_figures import user  # the demo's users by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def messages(username: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient__username=username, kind=events.EVALUATIONS_DUE))


def test_the_granting_side_is_told_once_per_period_and_state() -> None:
    assert settings.CELERY_BEAT_SCHEDULE["powers-evaluations-due"]["task"] == tasks.evaluations_due.name
    today = timezone.localdate()
    owed = selectors.owed_counts(user("province_admin"), today=today)
    n = owed["overdue"] or owed["due"]
    assert n, "the demo leaves an evaluation owed"
    # the market department owes one too: its last period's evaluation of one delegation removed
    delegation = selectors.delegations_for(user("dept_market")).filter(evaluations__period=owed["period"]).first()
    Evaluation.objects.filter(delegation=delegation, period=owed["period"]).delete()
    mine = selectors.owed_counts(user("dept_market"), today=today)
    assert mine["overdue"] + mine["due"] == 1

    assert tasks.evaluations_due() >= 2
    for username, count in (("province_admin", n + 1), ("dept_market", 1)):
        told = messages(username)
        assert len(told) == 1, username
        assert f"{count} 项赋权事项 {owed['period']} 评估期" in told[0].title
        assert told[0].url.startswith("/powers/evaluations/")
    for other in ("zone_yingkou_hr", "city_yingkou", "auditor", "province_staff"):
        assert messages(other) == []
    assert tasks.evaluations_due() == 0  # the same period and state: not again
    assert len(messages("dept_market")) == 1

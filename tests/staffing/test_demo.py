"""The staffing demo (staffing/demo.py), as seeded into the test database."""

from __future__ import annotations

from typing import Any

import pytest

from staffing import services
from staffing.models import Application, Post, Round, Staff
from tests.staffing import factories as f

pytestmark = pytest.mark.django_db


def test_yingkou_rehires_inside_its_cap(demo: None) -> None:
    z = f.zone()
    serving = Staff.objects.filter(zone=z, status="serving")
    assert serving.count() == 140
    assert len(set(serving.values_list("file_identity", flat=True))) == 5
    assert serving.filter(leadership_mode__in=["appointed", "hired"]).count() == 5
    assert sum(Post.objects.filter(zone=z).values_list("places", flat=True)) <= 150
    assert {s.department.name for s in serving.exclude(department=None)} == set(
        z.establishment.units.filter(kind="internal").values_list("name", flat=True)
    )
    rnd = Round.objects.get(zone=z, state="scoring")
    scored = Application.objects.filter(round=rnd, eligible=True)
    assert scored.exists() and not scored.filter(written_score=None).exists()
    assert not Application.objects.filter(round=rnd).exclude(rank=None).exists()
    assert services.zone_ledger(z.pk, 150).free == 10


def test_a_closed_round_hired_the_chief_engineer(demo: None) -> None:
    rnd = Round.objects.get(zone__code="yingkou-coastal", state="closed")
    assert rnd.offers.filter(state="contracted").count() == 1
    assert rnd.offers.filter(state="declined").count() == 1
    assert Staff.objects.get(post__title="化工园区总工程师").file_identity == "society"


def test_renewals_due_propose_dismissal_for_the_bottom_twice(api_as: Any) -> None:
    from staffing import selectors

    z = f.zone()
    due = selectors.renewals_due(f.user(), z)
    assert len(due) >= 2
    assert [d.proposal for d in due].count("dismiss") == 2
    assert all(len(d.grades) == 2 for d in due)

"""Staffing on the workbench (issue 14, ADRs 0020/0021): the zone HR officer's 待办 (rounds
waiting for their next step, offers past their answer-by date, renewals due) at a fixed number
of queries, and the inbox messages of an answered or expired offer and a renewal decision — to
that zone's HR officers only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devzone.inbox.models import Notification
from staffing import events, services
from staffing.models import Offer, Staff
from staffing.todos import staffing_todos
from tests.staffing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

HR = "zone_yingkou_hr"
OTHER_HR = "zone_dalian_hr"


def kinds(username: str, prefix: str = "staffing.") -> list[str]:
    return [t.kind for t in staffing_todos(f.user(username)) if t.kind.startswith(prefix)]


def titles(username: str) -> list[str]:
    return [str(t.title) for t in staffing_todos(f.user(username))]


def inbox(username: str, kind: str, url: str) -> list[Notification]:
    """The user's messages of ``kind`` about the object at ``url`` (the demo has its own)."""
    return list(Notification.objects.filter(recipient=f.user(username), kind=kind, url=url))


def offered(n_places: int, applicants: int) -> Any:
    """A market round in its offers state with the due offers made."""
    z = f.zone()
    rnd, _apps = f.market_round(z, [(f.post(z, places=n_places), n_places)], applicants)
    services.offer_next(user=f.user(HR), round=rnd)
    return rnd


def test_a_round_waiting_for_the_officer_is_their_todo_only() -> None:
    z = f.zone()
    rnd, _apps = f.market_round(z, [(f.post(z, places=1), 1)], 2, to="scoring")
    mine = [t for t in staffing_todos(f.user(HR)) if t.url == f"/staffing/rounds/{rnd.pk}/"]
    assert len(mine) == 1
    assert mine[0].kind == "staffing.round.scoring"
    assert "录入成绩并公布排名" in str(mine[0].title)
    for other in (OTHER_HR, "city_yingkou", "auditor", "province_staff"):
        assert all(t.url != f"/staffing/rounds/{rnd.pk}/" for t in staffing_todos(f.user(other)))
    services.publish_ranking(user=f.user(HR), round=rnd)
    mine = [t for t in staffing_todos(f.user(HR)) if t.url == f"/staffing/rounds/{rnd.pk}/"]
    assert [t.kind for t in mine] == ["staffing.round.ranked"]


def test_an_offer_past_its_date_is_a_dated_todo_and_expiring_it_tells_the_officers() -> None:
    rnd = offered(1, 2)
    offer = Offer.objects.get(round=rnd, state="open")
    assert "staffing.offer.expired" not in kinds(HR)
    Offer.objects.filter(pk=offer.pk).update(respond_by=timezone.localdate() - timedelta(days=2))
    late = [t for t in staffing_todos(f.user(HR)) if t.kind == "staffing.offer.expired"]
    assert len(late) == 1 and late[0].due == timezone.localdate() - timedelta(days=2)
    assert late[0].overdue(timezone.localdate())
    assert "staffing.offer.expired" not in kinds(OTHER_HR)
    services.expire_offers(user=f.user("province_admin"), round=rnd)
    url = f"/staffing/rounds/{rnd.pk}/"
    assert "staffing.offer.expired" not in kinds(HR)
    told = inbox(HR, events.OFFERS_EXPIRED, url)
    assert len(told) == 1 and offer.application.name in told[0].title
    assert told[0].url == f"/staffing/rounds/{rnd.pk}/"
    assert inbox(OTHER_HR, events.OFFERS_EXPIRED, url) == []
    assert inbox("city_yingkou", events.OFFERS_EXPIRED, url) == []


@pytest.mark.parametrize("accept", [True, False])
def test_an_answered_offer_reaches_the_zones_hr_officers(accept: bool) -> None:
    rnd = offered(1, 2)
    offer = Offer.objects.select_related("application", "round__zone").get(round=rnd, state="open")
    services.respond(user=f.user("province_admin"), offer=offer, accept=accept)
    url = f"/staffing/rounds/{rnd.pk}/"
    kind = events.OFFER_ACCEPTED if accept else events.OFFER_DECLINED
    told = inbox(HR, kind, url)
    assert len(told) == 1
    assert offer.application.name in told[0].title
    assert ("已接受" in told[0].title) is accept
    for other in (OTHER_HR, "city_yingkou", "province_admin", "auditor"):
        assert inbox(other, kind, url) == []


def test_the_acting_officer_is_not_told_of_their_own_answer() -> None:
    rnd = offered(1, 1)
    offer = Offer.objects.get(round=rnd, state="open")
    services.respond(user=f.user(HR), offer=offer, accept=True)
    url = f"/staffing/rounds/{rnd.pk}/"
    assert inbox(HR, events.OFFER_ACCEPTED, url) == []


def _due_staff(z: Any, days: int) -> Staff:
    today = timezone.localdate()
    return Staff.objects.create(
        zone=z,
        name=f"届满{days}",
        id_number=f.ident(),
        file_identity="institution",
        department=f.department(z),
        status="serving",
        contract_start=today - timedelta(days=700),
        contract_end=today + timedelta(days=days),
    )


def test_renewals_due_are_a_todo_until_decided_and_the_decision_is_told() -> None:
    z = f.zone()
    before = [t for t in staffing_todos(f.user(HR)) if t.kind == "staffing.renewal"]
    counted = before[0].title if before else ""
    staff = _due_staff(z, 30)
    _due_staff(z, 400)  # beyond the horizon
    after = [t for t in staffing_todos(f.user(HR)) if t.kind == "staffing.renewal"]
    assert len(after) == 1 and after[0].title != counted
    assert after[0].url == f"/staffing/zones/{z.code}/renewals/"
    assert after[0].due is not None and after[0].due <= staff.contract_end
    assert "staffing.renewal" not in kinds(OTHER_HR) or all(z.name not in t for t in titles(OTHER_HR))
    services.decide_renewal(user=f.user("province_admin"), staff=staff, decision="renew", reason="考核合格")
    url = f"/staffing/staff/{staff.pk}/"
    again = [t for t in staffing_todos(f.user(HR)) if t.kind == "staffing.renewal"]
    assert [t.title for t in again] == ([counted] if counted else [])
    told = inbox(HR, events.RENEWAL_DECIDED, url)
    assert len(told) == 1 and staff.name in told[0].title and told[0].url == f"/staffing/staff/{staff.pk}/"
    assert inbox(OTHER_HR, events.RENEWAL_DECIDED, url) == []


def _count(username: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        staffing_todos(f.user(username))
    return len(ctx.captured_queries)


def test_the_provider_runs_at_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    z = f.zone()
    f.user(HR)  # the user's own row is not the provider's
    f.market_round(z, [(f.post(z, places=1), 1)], 1, to="scoring")
    _due_staff(z, 10)
    hr = f.user(HR)
    with django_assert_max_num_queries(8):
        small = len(staffing_todos(hr))
    n_small = _count(HR)
    for _ in range(3):
        rnd = offered(1, 2)
        Offer.objects.filter(round=rnd, state="open").update(respond_by=timezone.localdate() - timedelta(days=1))
    for days in (20, 40, 60):
        _due_staff(z, days)
    hr = f.user(HR)
    with django_assert_max_num_queries(8):
        big = len(staffing_todos(hr))
    assert big >= small + 6
    assert _count(HR) == n_small


def test_the_home_page_shows_the_officers_staffing_todo() -> None:
    z = f.zone()
    rnd, _apps = f.market_round(z, [(f.post(z, places=1), 1)], 1, to="ranked")
    client = Client()
    client.force_login(f.user(HR))
    html = client.get("/").content.decode()
    assert f'href="/staffing/rounds/{rnd.pk}/"' in html
    assert 'data-kind="staffing.round.ranked"' in html
    other = Client()
    other.force_login(f.user(OTHER_HR))
    assert f'href="/staffing/rounds/{rnd.pk}/"' not in other.get("/").content.decode()


def test_the_renewal_horizon_is_the_rule_sets() -> None:
    from staffing.models import StaffingRuleSet
    from staffing.selectors import renewals_due

    z = f.zone()

    def renewal_titles() -> list[str]:
        return [str(t.title) for t in staffing_todos(f.user(HR)) if t.kind == "staffing.renewal"]

    before, due_before = renewal_titles(), {d.staff.pk for d in renewals_due(f.user(HR), z)}
    staff = _due_staff(z, 200)  # beyond the shipped 180 days: not yet due
    assert renewal_titles() == before
    assert {d.staff.pk for d in renewals_due(f.user(HR), z)} == due_before
    StaffingRuleSet.objects.update(renewal_horizon_days=240)
    assert renewal_titles() != before
    assert {d.staff.pk for d in renewals_due(f.user(HR), z)} == due_before | {staff.pk}


def test_the_scheduled_expiry_passes_places_on_as_the_system_and_tells_the_officers() -> None:
    from django.conf import settings

    from devzone.audit.context import ChangePath
    from staffing import tasks
    from staffing.models import RoundEvent

    assert settings.CELERY_BEAT_SCHEDULE["staffing-offer-expiry"]["task"] == tasks.expire_offers.name
    rnd = offered(1, 3)
    first = Offer.objects.get(round=rnd, state="open")
    assert tasks.expire_offers() == 0  # nothing late yet: nothing happens
    Offer.objects.filter(pk=first.pk).update(respond_by=timezone.localdate() - timedelta(days=1))
    assert tasks.expire_offers() == 1
    first.refresh_from_db()
    assert first.state == "expired"
    second = Offer.objects.get(round=rnd, state="open")
    assert second.application.rank == 2 and second.made_by is None
    expired = RoundEvent.objects.get(round=rnd, action="expire")
    assert expired.user is None and expired.application_id == first.application_id
    assert second.history.first().change_path == ChangePath.TASK  # type: ignore[attr-defined]
    told = inbox(HR, events.OFFERS_EXPIRED, f"/staffing/rounds/{rnd.pk}/")
    assert len(told) == 1 and first.application.name in told[0].title
    assert tasks.expire_offers() == 0  # idempotent

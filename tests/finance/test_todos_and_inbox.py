"""Finance on the workbench (issue 14, ADRs 0020/0021): the city finance officer's 待办 (stages
reached and not paid, last month's revenue missing under an agreement, agreements ending this
year) at a fixed number of queries, and the inbox messages of a stage reached (→ the city's
finance officers), a stage paid and an agreement created or revised (→ the zone's officers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devzone.inbox.models import Notification
from finance import events, services
from finance.todos import finance_todos, last_closed_month
from tests.finance import helpers
from zones.models import Zone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

ZONE = "yingkou-coastal"
CITY = "city_yingkou"
OTHER_CITY = "city_dalian"


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def todos(username: str, kind: str) -> list[Any]:
    return [t for t in finance_todos(user(username)) if t.kind == kind]


def inbox(username: str, kind: str, url: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user(username), kind=kind, url=url))


def quiet_zones(n: int = 1) -> list[Any]:
    """Zones of Yingkou without an agreement (the demo's are on the coastal base)."""
    city = Zone.objects.get(code=ZONE).city
    zones = list(Zone.objects.filter(city=city, agreements__isnull=True).exclude(code=ZONE).order_by("code")[:n])
    assert len(zones) == n
    return zones


def test_a_stage_reached_tells_the_city_and_waits_as_its_todo_until_paid() -> None:
    project = helpers.project(ZONE, reached=("landed",))
    url = f"/finance/projects/{project.pk}/"
    told = inbox(CITY, events.STAGE_REACHED, url)
    assert len(told) == 1 and project.name in told[0].title and "落地" in told[0].title
    for other in (OTHER_CITY, "zone_yingkou_hr", "auditor", "province_staff"):
        assert inbox(other, events.STAGE_REACHED, url) == []
    due = [t for t in todos(CITY, "finance.payment_due") if t.url == url]
    assert len(due) == 1 and "落地" in str(due[0].title)
    for other in (OTHER_CITY, "zone_yingkou_hr", "auditor"):
        assert [t for t in finance_todos(user(other)) if t.url == url] == []
    services.pay_stage(user=helpers.admin(), project=project, stage="landed")
    assert [t for t in todos(CITY, "finance.payment_due") if t.url == url] == []
    paid = inbox("zone_yingkou_hr", events.STAGE_PAID, url)
    assert len(paid) == 1 and project.name in paid[0].title
    for other in ("zone_dalian_hr", CITY, OTHER_CITY):
        assert inbox(other, events.STAGE_PAID, url) == []


def test_the_reporting_officer_is_not_told_of_their_own_report() -> None:
    project = helpers.project(ZONE)
    services.report_stage(
        user=user(CITY), project=project, stage="landed", reached_on=timezone.localdate(), evidence="验收单"
    )
    assert inbox(CITY, events.STAGE_REACHED, f"/finance/projects/{project.pk}/") == []


def test_an_agreement_created_and_revised_reaches_the_zones_officers() -> None:
    agreement = helpers.agreement(ZONE, start=2005, end=2009, types=("deed",))
    url = f"/finance/zones/{ZONE}/"
    created = [n for n in inbox("zone_yingkou_hr", events.AGREEMENT_CREATED, url) if "2005" in n.title]
    assert len(created) == 1
    services.revise_agreement(
        user=helpers.admin(), agreement=agreement, from_year=2007, data={"base_amount": Decimal("2000.00")}
    )
    revised = [n for n in inbox("zone_yingkou_hr", events.AGREEMENT_REVISED, url) if "2007" in n.title]
    assert len(revised) == 1 and "第 2 版" in revised[0].title
    for other in ("zone_dalian_hr", OTHER_CITY):
        assert [n for n in inbox(other, events.AGREEMENT_CREATED, url) if "2005" in n.title] == []


def test_missing_revenue_and_an_agreement_ending_this_year_are_the_citys_todos() -> None:
    (z,) = quiet_zones()
    year = timezone.localdate().year
    helpers.agreement(z.code, start=year - 1, end=year)
    y, m = last_closed_month(timezone.localdate())
    missing = [t for t in todos(CITY, "finance.revenue_missing") if z.name in str(t.title)]
    assert len(missing) == 1 and f"{m} 月" in str(missing[0].title)
    assert missing[0].url == f"/finance/zones/{z.code}/?year={y}"
    ending = [t for t in todos(CITY, "finance.agreement_ending") if z.name in str(t.title)]
    assert len(ending) == 1 and ending[0].due is not None and ending[0].due.year == year
    for other in (OTHER_CITY, "zone_yingkou_hr"):
        assert [t for t in finance_todos(user(other)) if z.name in str(t.title)] == []
    services.record_revenue(user=user(CITY), zone=z, year=y, month=m, tax_type="vat", amount=Decimal("100.00"))
    assert [t for t in todos(CITY, "finance.revenue_missing") if z.name in str(t.title)] == []


def _count(username: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        finance_todos(user(username))
    return len(ctx.captured_queries)


def test_the_provider_runs_at_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    year = timezone.localdate().year
    (z,) = quiet_zones()
    helpers.project(ZONE, reached=("landed",))
    helpers.agreement(z.code, start=year - 1, end=year)
    city = user(CITY)
    with django_assert_max_num_queries(8):
        small = len(finance_todos(city))
    n_small = _count(CITY)
    for _ in range(3):
        helpers.project(ZONE, reached=("landed", "started"))
    for tax_type in ("stamp", "deed"):
        helpers.agreement(z.code, start=year - 1, end=year, types=(tax_type,))
    city = user(CITY)
    with django_assert_max_num_queries(8):
        big = len(finance_todos(city))
    assert big >= small + 3 * 2 + 2
    assert _count(CITY) == n_small


def test_the_home_page_shows_the_citys_payment_due() -> None:
    project = helpers.project(ZONE, reached=("landed",))
    client = Client()
    client.force_login(user(CITY))
    html = client.get("/").content.decode()
    assert f'href="/finance/projects/{project.pk}/"' in html
    assert 'data-kind="finance.payment_due"' in html
    other = Client()
    other.force_login(user(OTHER_CITY))
    assert f'href="/finance/projects/{project.pk}/"' not in other.get("/").content.decode()


def test_many_zones_missing_revenue_are_one_todo_with_the_count() -> None:
    """Issue 9: a city of a hundred zones gets one 待办 with the count, not a hundred."""
    from finance.todos import MISSING_ONE_BY_ONE
    from zones.models import Region, Zone

    year = timezone.localdate().year
    city = Region.objects.get(code="210800")
    extra = MISSING_ONE_BY_ONE + 3
    for i in range(extra):
        zone = Zone.objects.create(
            code=f"rev-miss-{i}", name=f"收入待报园区{i}", kind="provincial_edz", level="provincial", city=city
        )
        helpers.agreement(zone.code, start=year - 1, end=None)
    from tests.tenancy.helpers import regrant_region

    regrant_region(city)
    missing = todos(CITY, "finance.revenue_missing")
    assert len(missing) == 1
    n = int(str(missing[0].title).split(" ", 1)[0])
    assert n >= extra and missing[0].url == "/finance/"

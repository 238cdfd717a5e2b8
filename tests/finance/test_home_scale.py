"""The finance panel on the city and province homes is bounded (issue 9): the totals cover every
zone in scope, the table lists the ``HOME_ROWS`` zones of largest revenue, and the panel costs
the same number of queries for a few zones and for many."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from finance import selectors
from finance.models import Revenue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
CITY = "210800"


def add_zones_with_revenue(n: int, start: int) -> None:
    """``n`` zones in the city (granted as after a move), each with revenue this year and last."""
    from tests.tenancy.helpers import regrant_region
    from zones.models import Region, Zone

    region = Region.objects.get(code=CITY)
    zones = Zone.objects.bulk_create(
        Zone(
            code=f"fin-home-{start + i:04d}",
            name=f"财政首页测试园区{start + i:04d}",
            kind="provincial_edz",
            level="provincial",
            city=region,
            management_model="committee_company",
            status="active",
        )
        for i in range(n)
    )
    year = timezone.localdate().year
    Revenue.objects.bulk_create(
        Revenue(zone=z, year=y, month=1, tax_type="vat", amount=Decimal(10**11 + start + i) + (y - year))
        for i, z in enumerate(zones)
        for y in (year, year - 1)
    )
    regrant_region(region)


def panel_queries(username: str) -> tuple[int, dict[str, Any]]:
    user = get_user_model().objects.get(username=username)
    selectors.home_figures(user)  # warm: the content types are cached on the first call
    user = get_user_model().objects.get(username=username)
    with CaptureQueriesContext(connection) as ctx:
        panel = selectors.home_figures(user)
    assert panel is not None
    return len(ctx.captured_queries), panel


@pytest.mark.parametrize("username", ["city_yingkou", "province_admin"])
def test_the_finance_panel_costs_the_same_for_few_and_many_zones(username: str) -> None:
    add_zones_with_revenue(3, 0)
    few_queries, few = panel_queries(username)
    add_zones_with_revenue(3 * selectors.HOME_ROWS, 100)
    many_queries, many = panel_queries(username)

    assert many_queries == few_queries
    assert len(few["rows"]) == few["count"] <= selectors.HOME_ROWS
    # bounded: the largest this year first, every zone in the totals and the count
    assert len(many["rows"]) == selectors.HOME_ROWS
    assert many["count"] >= 3 + 3 * selectors.HOME_ROWS
    this_year = [r["this_year"] for r in many["rows"]]
    assert this_year == sorted(this_year, reverse=True)
    assert many["rows"][0]["zone"].code == f"fin-home-{100 + 3 * selectors.HOME_ROWS - 1:04d}"
    added = sum(Decimal(10**11 + 100 + i) for i in range(3 * selectors.HOME_ROWS))
    assert many["this_year"] - few["this_year"] == added


def test_the_home_links_to_the_full_list_when_the_panel_is_cut() -> None:
    from django.test import Client

    add_zones_with_revenue(selectors.HOME_ROWS + 2, 0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="city_yingkou"))
    html = client.get("/").content.decode()
    panel = html[html.index('data-testid="home-finance"') :]
    panel = panel[: panel.index("</section>")]
    assert panel.count("<tr data-zone=") == selectors.HOME_ROWS
    assert 'data-testid="home-finance-all"' in panel


def test_the_panel_costs_the_same_before_and_after_this_years_first_revenue() -> None:
    """The bench found 46 vs 48 queries: statements were asked only when a listed zone had
    revenue this year. They are asked for the listed zones always."""
    year = timezone.localdate().year
    Revenue.objects.filter(year=year).delete()
    add_zones_with_revenue(3, 0)
    Revenue.objects.filter(year=year).delete()
    before, panel = panel_queries("city_yingkou")
    assert panel["this_year"] == 0 and all(r["retained"] == 0 for r in panel["rows"])
    add_zones_with_revenue(3, 100)
    after, panel = panel_queries("city_yingkou")
    assert after == before and panel["this_year"] > 0

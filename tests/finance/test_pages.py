"""Finance pages, the statement's Excel and PDF (read back with pdftotext), the home panel, the
revenue-based 亩均税收 through the recompute pipeline, and fixed query counts."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from finance import services
from tests.finance import helpers
from tests.imports.workbooks import response_bytes
from tests.reports.pdf import compact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
D = Decimal
ZONE = "yingkou-coastal"


def login(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def hand_agreement_and_year(year: int = 2013) -> Any:
    """The agreement of tests/finance/test_rules.py (HAND) and its normal year, by month."""
    from devzone.domain.money import allocate_list

    agreement = helpers.agreement(
        ZONE,
        start=2012,
        types=("vat", "corporate_income"),
        base_amount=D("10000000.00"),
        base_ratios={"city": "40.00", "county": "20.00", "zone": "40.00"},
        increment_ratios={"city": "20.00", "county": "10.00", "zone": "70.00"},
        shortfall_rule="increment_ratios",
        name="营口沿海产业基地财力分成协议",
    )
    rows = []
    zone = helpers.zone(ZONE)
    for tax_type, total in (("vat", "9000000.00"), ("corporate_income", "3000000.01")):
        for month, amount in enumerate(allocate_list(D(total), [1] * 12), start=1):
            rows.append((zone, year, month, tax_type, amount))
    services.apply_revenue_rows(user=helpers.admin(), rows=rows)
    return agreement


def test_statement_page_shows_base_and_increment_parts_summing_exactly() -> None:
    hand_agreement_and_year()
    response = login("city_yingkou").get(f"/finance/zones/{ZONE}/statement/2013/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="statement-revenue-total">12,000,000.01<' in html
    assert "2,999,999.99" in html and "1,050,000.01" in html  # the zone's 增值税 base and increment
    st = response.context["st"]
    assert sum(r.total for r in st.rows) == D("12000000.01")
    for row in st.rows:
        assert sum(row.month_list, D(0)) == row.total
    assert "按增量比例分担" in html


def test_statement_excel_and_pdf(api_as: Any) -> None:
    hand_agreement_and_year()
    client = login("city_yingkou")
    xlsx = client.get(f"/finance/zones/{ZONE}/statement/2013.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][5] == D("12000000.01") or str(rows[0][5]) == "12000000.01"
    zone_vat = next(r for r in rows[2:] if r[0] == "增值税" and r[1] == "开发区")
    assert tuple(D(str(v)) for v in zone_vat[2:5]) == (D("2999999.99"), D("1050000.01"), D("4050000.00"))
    assert sum(D(str(v)) for v in zone_vat[5:17]) == D("4050000.00")
    pdf = api_as("auditor").get(f"/api/v1/reports/finance-statement.pdf?zone={ZONE}&year=2013")
    assert pdf.status_code in (200, 404)  # the auditor's period is this year and last
    pdf = api_as("city_yingkou").get(f"/api/v1/reports/finance-statement.pdf?zone={ZONE}&year=2013")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = compact(response_bytes(pdf))
    for words in (
        "财力分成结算表",
        "营口沿海产业基地财力分成协议",
        "2,999,999.99",
        "1,050,000.01",
        "12,000,000.01",
        "营口市编办",
    ):
        assert words in text, words
    assert api_as("city_dalian").get(f"/api/v1/reports/finance-statement.pdf?zone={ZONE}&year=2013").status_code == 404


def test_zone_page_enters_revenue_and_refuses_bad_input_in_chinese() -> None:
    client = login("city_yingkou")
    page = client.get(f"/finance/zones/{ZONE}/?year=2013")
    assert page.status_code == 200 and 'data-testid="agreement-form"' in page.content.decode()
    ok = client.post(f"/finance/zones/{ZONE}/revenue/", {"year": 2013, "month": 2, "tax_type": "vat", "amount": "5.00"})
    assert ok.status_code == 302
    bad = client.post(
        f"/finance/zones/{ZONE}/revenue/", {"year": 2013, "month": 13, "tax_type": "vat", "amount": "5.00"}
    )
    assert bad.status_code == 400 and "1 至 12" in bad.content.decode()
    ratios = client.post(
        f"/finance/zones/{ZONE}/agreements/new/",
        {
            "tax_types": ["vat"],
            "base_year": 2011,
            "base_amount": "100.00",
            "base_city": "40",
            "base_zone": "59.99",
            "increment_city": "10",
            "increment_zone": "90",
            "shortfall_rule": "proportional",
            "effective_from": 2012,
        },
    )
    assert ratios.status_code == 400 and "99.99%" in ratios.content.decode()
    zone_officer = login("zone_yingkou_hr")
    assert zone_officer.get(f"/finance/zones/{ZONE}/").status_code == 200
    assert 'data-testid="agreement-form"' not in zone_officer.get(f"/finance/zones/{ZONE}/").content.decode()
    assert zone_officer.post(f"/finance/zones/{ZONE}/revenue/", {"year": 2013}).status_code == 403


def test_project_page_pays_in_order() -> None:
    project = helpers.project(ZONE, reached=("landed", "started"))
    client = login("city_yingkou")
    early = client.post(f"/finance/projects/{project.pk}/stages/started/pay/", {"confirmed": "1"})
    assert early.status_code == 409 and "尚未支付" in early.content.decode()
    assert client.post(f"/finance/projects/{project.pk}/stages/landed/pay/", {"confirmed": "1"}).status_code == 302
    page = client.get(f"/finance/projects/{project.pk}/")
    assert page.context["paid_total"] == project.stages.get(stage="landed").due_amount


def test_revenue_feeds_the_zones_revenue_based_per_mu_tax(celery_worker: Any) -> None:
    """Through the real pipeline: the outbox, a Celery worker, zones' figure, the zone page."""
    from devzone.recompute.selectors import is_pending
    from tests.recompute.helpers import wait_for
    from zones.plots.models import LandPlot, ZoneTaxFigure

    zone = helpers.zone("yingkou-hitech")  # no demo revenue: its latest figure is this test's
    LandPlot.objects.create(zone=zone, code="FIN-1", use="industrial", area_mu=D("200.00"))
    services.record_revenue(user=helpers.admin(), zone=zone, year=2013, month=1, tax_type="vat", amount=D("1000.00"))
    services.record_revenue(user=helpers.admin(), zone=zone, year=2013, month=2, tax_type="stamp", amount=D("1.01"))
    wait_for(lambda: not is_pending(services.ZONE_TAX, zone.pk, 2013), 60, "the zone's tax figure")
    figure = ZoneTaxFigure.objects.get(zone=zone, year=2013)
    assert figure.tax_total == D("1001.01")
    from django.db.models import Sum

    from zones.plots.rules import per_mu

    area = LandPlot.objects.filter(zone=zone, use="industrial").aggregate(a=Sum("area_mu"))["a"]
    expected = per_mu(D("1001.01"), area)  # the demo's industrial plots and the 200 亩 added here
    html = login("city_yingkou").get("/zones/yingkou-hitech/").content.decode()
    assert 'data-testid="revenue-per-mu">' + f"{expected:.2f}" in html


def test_home_panel_for_the_city() -> None:
    hand_agreement_and_year(2013)
    helpers.project(ZONE, reached=("landed",))
    html = login("city_yingkou").get("/").content.decode()
    assert 'data-testid="home-finance"' in html
    assert 'data-testid="home-finance"' not in login("zone_yingkou_hr").get("/").content.decode()


def test_fixed_queries(django_assert_max_num_queries: Any, api_as: Any) -> None:
    hand_agreement_and_year(2013)
    for _ in range(3):
        helpers.project(ZONE, reached=("landed",))
    api = api_as("city_yingkou")
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/finance/revenues/?year=2013&page_size=500").status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get(f"/api/v1/finance/shares/?zone={ZONE}&year=2013").status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/finance/projects/").status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/finance/agreements/").status_code == 200
    client = login("city_yingkou")
    with django_assert_max_num_queries(25):
        assert client.get(f"/finance/zones/{ZONE}/statement/2013/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/finance/projects/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(f"/finance/zones/{ZONE}/?year=2013").status_code == 200

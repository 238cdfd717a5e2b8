"""What the register *said* on a day about another (issue 10: "what the register said on
2025-03-01 about today"; ADR 0201's recorded time): the page, its Excel and its PDF agree, and
differ from today's corrected as-of list after a back-dated move."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from powers import services
from powers.models import Delegation, DelegationTransition
from tests.imports.workbooks import read, response_bytes
from tests.reports.pdf import compact

pytestmark = pytest.mark.django_db

PAGE = "/powers/zones/yingkou-coastal/recorded/"


def login(client: Any, username: str) -> Any:
    client.force_login(get_user_model().objects.get(username=username))
    return client


def codes(html: str) -> list[str]:
    rows = html.split('data-testid="recorded"')[1].split("</table>")[0]
    return [part.split('"')[0] for part in rows.split('data-item="')[1:]]


@pytest.fixture
def back_dated(demo: None) -> tuple[Any, Any, Any]:
    """The coastal base's register as recorded a month ago; today the province withdraws
    LN-SC-001 back-dated 20 days (the document's date). Returns (today, recorded_on, as_of)."""
    month = timedelta(days=30)
    Delegation.history.model.objects.filter(zone__code="yingkou-coastal").update(history_date=F("history_date") - month)
    DelegationTransition.objects.filter(delegation__zone__code="yingkou-coastal").update(at=F("at") - month)
    today = timezone.localdate()
    d = Delegation.objects.get(zone__code="yingkou-coastal", item__code="LN-SC-001")
    assert d.status == "taken_on"
    services.move(
        user=get_user_model().objects.get(username="province_admin"),
        delegation=d,
        action="withdraw",
        document_no="营市监发〔2026〕30号",
        reason="评估建议收回",
        effective_on=today - timedelta(days=20),
    )
    return today, today - timedelta(days=15), today - timedelta(days=10)


def test_the_page_shows_what_was_recorded_then_not_todays_correction(client: Any, back_dated: Any) -> None:
    today, recorded_on, as_of = back_dated
    login(client, "auditor")
    corrected = client.get(f"/powers/zones/yingkou-coastal/?as_of={as_of.isoformat()}").content.decode()
    assert 'data-item="LN-SC-001"' not in corrected  # today's register: withdrawn 20 days ago
    then = client.get(PAGE, {"recorded_on": recorded_on.isoformat(), "as_of": as_of.isoformat()})
    assert then.status_code == 200
    html = then.content.decode()
    shown = codes(html)
    assert "LN-SC-001" in shown
    row = html.split('data-item="LN-SC-001"')[1].split("</tr>")[0]
    assert "已承接" in row and "营市监发〔2026〕30号" not in row
    now = codes(client.get(PAGE, {"recorded_on": today.isoformat(), "as_of": as_of.isoformat()}).content.decode())
    assert "LN-SC-001" not in now and set(now) == set(shown) - {"LN-SC-001"}

    # the Excel and the PDF of the same parameters hold the same rows
    query = f"zone=yingkou-coastal&recorded_on={recorded_on.isoformat()}&as_of={as_of.isoformat()}"
    assert f"{query.replace('&', '&amp;')}" in html
    workbook = client.get(f"/imports/power-delegations/export.xlsx?{query}")
    assert workbook.status_code == 200
    rows = read(response_bytes(workbook))
    assert sorted(r[1] for r in rows[1:]) == sorted(shown)
    assert next(r for r in rows[1:] if r[1] == "LN-SC-001")[3] == "已承接"
    pdf = client.get(f"/reports/power-register-recorded.pdf?{query}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = compact(response_bytes(pdf))
    assert all(code in text for code in shown)


def test_recorded_is_scoped_and_refuses_bad_dates(client: Any, back_dated: Any) -> None:
    today, recorded_on, _as_of = back_dated
    login(client, "zone_dalian_hr")
    assert client.get(PAGE).status_code == 404
    refused = client.get(f"/imports/power-delegations/export.xlsx?zone=yingkou-coastal&recorded_on={today}")
    assert refused.status_code == 400 and "不在您的范围内" in refused.content.decode()
    assert client.get(f"/reports/power-register-recorded.pdf?zone=yingkou-coastal&recorded_on={today}").status_code in (
        400,
        404,
    )
    login(client, "auditor")
    future = client.get(PAGE, {"recorded_on": (today + timedelta(days=1)).isoformat()})
    assert future.status_code == 400 and "登记日期不能晚于今天" in future.content.decode()
    garbage = client.get(PAGE, {"recorded_on": recorded_on.isoformat(), "as_of": "2025-13-01"})
    assert garbage.status_code == 400 and "有效的日期" in garbage.content.decode()
    # without a recorded date: as recorded today
    default = client.get(PAGE, {"as_of": recorded_on.isoformat()})
    assert default.status_code == 200 and f"{today.isoformat()} 登记记载的" in default.content.decode()
    # the register page links here
    assert f'href="{PAGE}"' in client.get("/powers/zones/yingkou-coastal/").content.decode()


def test_the_api_gives_the_status_recorded_then(api_as: Any, back_dated: Any) -> None:
    _today, recorded_on, as_of = back_dated
    rows = (
        api_as("auditor")
        .get(
            "/api/v1/powers/delegations/recorded/",
            {"zone": "yingkou-coastal", "recorded_at": recorded_on.isoformat(), "as_of": as_of.isoformat()},
        )
        .json()
    )
    row = next(r for r in rows if r["item"] == "LN-SC-001")
    assert row["status"] == "taken_on" and row["status_as_of"] == "taken_on"

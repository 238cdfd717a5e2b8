"""The zones' business records are browsable in the change history (zones/history.py): a plan
change and a plot change made through the API show for the auditor of the zone, within the
auditor's period, and not for a city officer of another city."""

from __future__ import annotations

from typing import Any

import pytest

from devzone.audit.registry import registrations
from tests.audit.conftest import at, backdate, this_year
from zones.models import LandPlot, Plan, PlanState, Zone


def rows(client: Any, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/history/", {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    return response.data["results"]


@pytest.fixture
def changed(demo: Any, api_as: Any) -> dict[str, Any]:
    """Through the API as city_yingkou: a new version of Yingkou's approved plan with a higher
    headcount cap and one body's duties reworded, and a plot's tax corrected. The plot's
    creation (by the demo seed) is moved three years back, before the auditor's period."""
    coastal = Zone.objects.get(code="yingkou-coastal")
    plot = LandPlot.objects.get(zone=coastal, code="YK-CY-001")
    backdate(plot.history.get(history_type="+"), at(this_year() - 3))

    city = api_as("city_yingkou")
    approved = Plan.objects.get(zone=coastal, state=PlanState.APPROVED)
    response = city.post(f"/api/v1/plans/{approved.pk}/revise/")
    assert response.status_code == 201, response.content
    draft = response.data
    bodies = [dict(b) for b in draft["internal_bodies"]]
    bodies[0]["duties"] = "综合协调行政管理工作。"
    response = city.patch(
        f"/api/v1/plans/{draft['id']}/",
        {"headcount_cap": 160, "internal_bodies": bodies},
        format="json",
    )
    assert response.status_code == 200, response.content
    response = city.patch(
        f"/api/v1/zones/{coastal.code}/plots/{plot.code}/", {"annual_tax": "9900000.00"}, format="json"
    )
    assert response.status_code == 200, response.content
    return {"zone": coastal, "plan": Plan.objects.get(pk=draft["id"]), "plot": plot, "body": bodies[0]["name"]}


def test_every_zone_owned_model_with_history_is_browsable() -> None:
    keys = {r.key for r in registrations()}
    assert {
        "zones.zone",
        "zones.zonearea",
        "zones.zonestatuschange",
        "zones.zonemerge",
        "zones.platformcompany",
        "zones.socialfunction",
        "zones.landplot",
        "zones.plan",
        "zones.planbody",
        "zones.planagency",
        "zones.zoneestablishment",
        "zones.establishmentunit",
    } <= keys


def test_auditor_sees_plan_and_plot_changes_of_the_zone_within_period(api_as: Any, changed: dict[str, Any]) -> None:
    auditor = api_as("auditor")
    zone, plan, plot = changed["zone"], changed["plan"], changed["plot"]

    plan_rows = [r for r in rows(auditor, zone=zone.code, model="zones.plan") if r["record_id"] == plan.pk]
    assert [r["change_type"] for r in plan_rows] == ["changed", "created"]
    assert plan_rows[0]["record_label"] == f"{zone.name} · 一区一策方案第 2 版"
    assert (plan_rows[0]["user"], plan_rows[0]["path"]) == ("city_yingkou", "api")
    cap = [c for c in plan_rows[0]["changes"] if c["field"] == "headcount_cap"]
    assert [(c["before"], c["after"]) for c in cap] == [(150, 160)]
    assert "updated_at" not in {c["field"] for c in plan_rows[0]["changes"]}

    body_rows = [
        r
        for r in rows(auditor, zone=zone.code, model="zones.planbody")
        if r["record_label"] == f"{zone.name} · 一区一策方案第 2 版 · 内设机构 {changed['body']}"
    ]
    assert body_rows, "the reworded body of version 2 is in the history"
    assert any(c["after"] == "综合协调行政管理工作。" for r in body_rows for c in r["changes"])

    plot_rows = rows(auditor, zone=zone.code, model="zones.landplot")
    mine = [r for r in plot_rows if r["record_id"] == plot.pk]
    # the creation three years ago lies outside the auditor's period; the correction is inside
    assert [r["change_type"] for r in mine] == ["changed"]
    assert mine[0]["record_label"] == f"{zone.name} · 地块 YK-CY-001"
    assert [(c["field"], c["before"], c["after"]) for c in mine[0]["changes"]] == [
        ("annual_tax", "9660000.00", "9900000.00")
    ]
    # the province reads the whole history of the plot, creation included
    everything = api_as("province_admin").get(f"/api/v1/history/zones.landplot/{plot.pk}/")
    assert [r["change_type"] for r in everything.data["results"]] == ["changed", "created"]


def test_a_city_officer_of_another_city_sees_none_of_it(api_as: Any, changed: dict[str, Any]) -> None:
    dalian = api_as("city_dalian")
    plan, plot = changed["plan"], changed["plot"]
    own_plans = rows(dalian, model="zones.plan")
    # Dalian reads its own zones' plan history (the demo's Changxing plan), nothing of Yingkou's
    assert {r["zone"] for r in own_plans} == {"dalian-changxing"}
    assert not [r for r in rows(dalian, model="zones.landplot") if r["zone"] == "yingkou-coastal"]
    assert not [r for r in rows(dalian, model="zones.planbody") if r["zone"] == "yingkou-coastal"]
    assert dalian.get("/api/v1/history/", {"zone": "yingkou-coastal"}).status_code == 404
    assert dalian.get(f"/api/v1/history/zones.plan/{plan.pk}/").status_code == 404
    assert dalian.get(f"/api/v1/history/zones.landplot/{plot.pk}/").status_code == 404

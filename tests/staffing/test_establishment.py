"""The establishment as a ledger: the API's figures, and the plan approval refusing a revision
that drops a body holding posts or cuts the cap below serving + reserved (zones/plans/hooks)."""

from __future__ import annotations

from typing import Any

import pytest

from devzone.domain import Invalid
from staffing import services
from tests.staffing import factories as f
from tests.zones import plan_factories as pf
from zones.models import Plan
from zones.plans import services as ps

pytestmark = pytest.mark.django_db


def test_the_api_reads_the_ledger(api_as: Any) -> None:
    z = f.zone()
    r = api_as("zone_yingkou_hr").get(f"/api/v1/staffing/establishments/{z.code}/")
    assert r.status_code == 200
    body = r.json()
    assert body["headcount_cap"] == 150 and body["leadership_posts"] == 5
    assert len(body["internal_bodies"]) == 8
    assert body["free_places"] == 150 - body["serving_headcount"] - body["reserved_places"]
    assert api_as("zone_dalian_hr").get(f"/api/v1/staffing/establishments/{z.code}/").status_code == 404
    assert api_as("zone_yingkou_hr").get("/api/v1/staffing/establishments/no-such/").status_code == 404


def test_a_revision_is_refused_with_the_numbers(demo: None) -> None:
    pf.approved(zone="yingkou-hitech")
    z = f.zone("yingkou-hitech")
    dropped = f.department(z, 0)
    f.post(z, places=2)
    f.fill(z, 10)
    bodies = [{"name": u.name, "duties": "职责。"} for u in z.establishment.units.filter(kind="internal")[1:]]
    plan = Plan.objects.filter(zone=z, state="approved").get()
    with pytest.raises(Invalid) as exc:
        pf.approved(zone="yingkou-hitech", headcount_cap=9, internal_bodies=bodies)
    errors = exc.value.errors
    assert "少于在聘 10 人" in errors["headcount_cap"][0]
    assert dropped.name in errors["internal_bodies"][0] and "1 个岗位" in errors["internal_bodies"][0]
    z.establishment.refresh_from_db()
    assert z.establishment.headcount_cap == 90 and z.establishment.source_plan_id == plan.pk
    # keeping the body and the cap passes
    keep = [{"name": u.name, "duties": "职责。"} for u in z.establishment.units.filter(kind="internal")]
    refused = Plan.objects.get(zone=z, state="submitted")
    refused = ps.return_plan(
        user=pf.user("province_staff"), plan=refused, comments=[{"section": "personnel", "text": "员额不足。"}]
    )
    ps.update_plan(
        user=pf.user("city_yingkou"), plan=refused, data=pf.PlanContentFactory(headcount_cap=10, internal_bodies=keep)
    )
    ps.approve_plan(user=pf.user("province_staff"), plan=ps.submit_plan(user=pf.user("city_yingkou"), plan=refused))
    z.establishment.refresh_from_db()
    assert z.establishment.headcount_cap == 10
    assert services.zone_ledger(z.pk, 10).free == 0

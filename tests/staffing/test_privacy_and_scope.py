"""No whole ID number in any list, export or PDF (a grep over everything staffing shows), and
``zone_dalian_hr`` gets 404 on every Yingkou staffing object."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from staffing import rules
from staffing.models import Application, Objection, Offer, Post, Round, Staff, Unplaced
from tests.imports.workbooks import read, response_bytes
from tests.reports.pdf import text
from tests.staffing import factories as f

pytestmark = pytest.mark.django_db


def page_client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def whole_ids(zone: Any) -> set[str]:
    ids = set(Staff.objects.filter(zone=zone).values_list("id_number", flat=True))
    ids |= set(Application.objects.filter(round__zone=zone).values_list("id_number", flat=True))
    return ids


def everything_shown(zone: Any, username: str) -> dict[str, str]:
    """Every list, page, export and PDF staffing has for ``zone``, as text."""
    api = f_api(username)
    web = page_client(username)
    rnd = Round.objects.filter(zone=zone).first()
    assert rnd is not None
    staff = Staff.objects.filter(zone=zone).first()
    assert staff is not None
    out: dict[str, str] = {}
    for path in (
        f"/api/v1/staffing/staff/?zone={zone.code}&page_size=500",
        f"/api/v1/staffing/staff/{staff.pk}/",
        f"/api/v1/staffing/rounds/{rnd.pk}/applications/?page_size=500",
        f"/api/v1/staffing/rounds/{rnd.pk}/",
        f"/api/v1/staffing/rounds/{rnd.pk}/offers/",
        f"/api/v1/history/?zone={zone.code}",
    ):
        r = api.get(path)
        if r.status_code == 404 and path.startswith("/api/v1/history/"):
            continue  # a role without read_history
        assert r.status_code == 200, path
        out[path] = r.content.decode()
    for path in (
        f"/staffing/zones/{zone.code}/staff/",
        f"/staffing/zones/{zone.code}/",
        f"/staffing/zones/{zone.code}/rounds/",
        f"/staffing/zones/{zone.code}/renewals/",
        f"/staffing/rounds/{rnd.pk}/",
        f"/staffing/staff/{staff.pk}/",
    ):
        r = web.get(path)
        assert r.status_code == 200, path
        out[path] = r.content.decode()
    export = api.get(f"/api/v1/exports/staffing-roster.xlsx?zone={zone.code}")
    assert export.status_code == 200
    out["roster.xlsx"] = "\n".join("\t".join(str(c) for c in row) for row in read(response_bytes(export)))
    for path in (
        f"/api/v1/reports/staffing-roster.pdf?zone={zone.code}",
        f"/api/v1/reports/staffing-round.pdf?round={rnd.pk}",
        f"/api/v1/reports/staffing-establishment.pdf?zone={zone.code}",
    ):
        r = api.get(path)
        assert r.status_code == 200, path
        out[path] = text(response_bytes(r)).replace(" ", "")
    return out


def f_api(username: str) -> Any:
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("username", ["zone_yingkou_hr", "province_admin", "auditor"])
def test_no_whole_id_number_anywhere(demo: None, username: str) -> None:
    zone = f.zone()
    ids = whole_ids(zone)
    assert len(ids) >= 140
    shown = everything_shown(zone, username)
    for where, content in shown.items():
        leaked = [i for i in ids if i in content]
        assert not leaked, f"{where} shows whole ID numbers: {leaked[:3]}"
    # and the masked form is what is there
    sample = Staff.objects.filter(zone=zone).order_by("id").first()
    assert sample is not None
    assert rules.mask_id(sample.id_number) in shown[f"/api/v1/staffing/staff/?zone={zone.code}&page_size=500"]
    assert rules.mask_id(sample.id_number) in shown["roster.xlsx"]


def test_a_rule_set_role_may_see_whole_numbers(demo: None) -> None:
    from staffing.models import StaffingRuleSet

    StaffingRuleSet.objects.update(full_id_roles="province_admin")
    zone = f.zone()
    sample = Staff.objects.filter(zone=zone).order_by("id").first()
    assert sample is not None
    body = f_api("province_admin").get(f"/api/v1/staffing/staff/{sample.pk}/?zone={zone.code}").content.decode()
    listed = f_api("province_admin").get(f"/api/v1/staffing/staff/?zone={zone.code}&page_size=500").content.decode()
    assert sample.id_number in listed
    assert (
        sample.id_number
        not in f_api("zone_yingkou_hr").get(f"/api/v1/staffing/staff/?zone={zone.code}").content.decode()
    )
    assert body  # the detail without ?zone stays masked: the zone is named by the list's filter
    # PDFs and exports stay masked for everyone
    export = f_api("province_admin").get(f"/api/v1/exports/staffing-roster.xlsx?zone={zone.code}")
    assert sample.id_number not in str(read(response_bytes(export)))


def test_dalian_hr_gets_404_on_every_yingkou_staffing_object(demo: None) -> None:
    zone = f.zone()
    api = f_api("zone_dalian_hr")
    web = page_client("zone_dalian_hr")
    rnd = Round.objects.filter(zone=zone, state="scoring").get()
    post = Post.objects.filter(zone=zone).first()
    assert post is not None
    paths_api = [f"/api/v1/staffing/establishments/{zone.code}/"]
    paths_api += [
        f"/api/v1/staffing/staff/{pk}/" for pk in Staff.objects.filter(zone=zone).values_list("pk", flat=True)
    ]
    paths_api += [
        f"/api/v1/staffing/rounds/{rnd.pk}/",
        f"/api/v1/staffing/rounds/{rnd.pk}/applications/",
        f"/api/v1/staffing/rounds/{rnd.pk}/offers/",
        f"/api/v1/reports/staffing-round.pdf?round={rnd.pk}",
        f"/api/v1/reports/staffing-roster.pdf?zone={zone.code}",
        f"/api/v1/reports/staffing-establishment.pdf?zone={zone.code}",
    ]
    for path in paths_api:
        assert api.get(path).status_code == 404, path
    for app in Application.objects.filter(round__zone=zone):
        r = api.post(f"/api/v1/staffing/applications/{app.pk}/scores/", {"written_score": "1", "interview_score": "1"})
        assert r.status_code == 404
    assert api.post(f"/api/v1/staffing/rounds/{rnd.pk}/moves/publish/", {}).status_code == 404
    assert api.post(f"/api/v1/staffing/rounds/{rnd.pk}/offers/", {"application": 1}).status_code == 404
    assert (
        api.patch(
            f"/api/v1/staffing/staff/{Staff.objects.filter(zone=zone).first().pk}/", {"file_rank": "x"}
        ).status_code
        == 404
    )  # type: ignore[union-attr]
    listed = api.get("/api/v1/staffing/staff/?page_size=500").json()["results"]
    assert all(row["zone"] != zone.code for row in listed)
    assert all(r["zone"] != zone.code for r in api.get("/api/v1/staffing/rounds/").json()["results"])
    assert all(r["zone"] != zone.code for r in api.get("/api/v1/staffing/posts/").json()["results"])
    for path in (
        f"/staffing/zones/{zone.code}/",
        f"/staffing/zones/{zone.code}/staff/",
        f"/staffing/zones/{zone.code}/staff/new/",
        f"/staffing/zones/{zone.code}/rounds/",
        f"/staffing/zones/{zone.code}/renewals/",
        f"/staffing/rounds/{rnd.pk}/",
        f"/staffing/staff/{Staff.objects.filter(zone=zone).first().pk}/",  # type: ignore[union-attr]
    ):
        assert web.get(path).status_code == 404, path
    assert web.post(f"/staffing/rounds/{rnd.pk}/publish/").status_code == 404
    for model in (Offer, Objection, Unplaced):
        for obj in model.objects.filter(round__zone=zone):  # type: ignore[attr-defined]
            if model is Offer:
                assert web.post(f"/staffing/offers/{obj.pk}/accept/").status_code == 404
                assert api.post(f"/api/v1/staffing/offers/{obj.pk}/respond/", {"accept": True}).status_code == 404

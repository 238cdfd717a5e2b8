"""A round from draft to closed through the API and the services: 409 on illegal moves, ranking
frozen and reproducible, offers in rank order with preferences, decline/expiry/objection passing
the place on, publicity, contracts, the establishment's figures, unplaced staff."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from devzone.domain import Conflict, Invalid
from staffing import services
from staffing.models import Application, Offer, RoundEvent, Staff, Unplaced
from tests.staffing import factories as f

pytestmark = pytest.mark.django_db

R = "/api/v1/staffing/rounds/"


def test_the_api_walk(api_as: Any) -> None:
    z = f.zone()
    hr = api_as("zone_yingkou_hr")
    posts = [f.post(z, places=1) for _ in range(3)]
    before = hr.get(f"/api/v1/staffing/establishments/{z.code}/").json()
    r = hr.post(
        R,
        {
            "zone": z.code,
            "title": "2026年市场化选聘",
            "kind": "market",
            "posts": [{"post": p.pk, "places": 1} for p in posts],
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    rid = r.json()["id"]
    assert r.json()["state"] == "draft" and [p["places"] for p in r.json()["posts"]] == [1, 1, 1]
    # illegal move: 409 naming what is allowed
    r = hr.post(f"{R}{rid}/moves/publish/", {}, format="json")
    assert r.status_code == 409 and r.json()["allowed"] == ["open"]
    assert hr.post(f"{R}{rid}/moves/open/", {}, format="json").status_code == 200
    ids = []
    for i in range(10):
        post = posts[i % 3]
        r = hr.post(
            f"{R}{rid}/applications/",
            {"post": post.pk, "name": f"应聘者{i}", "id_number": f.ident(), "education": "bachelor"},
            format="json",
        )
        assert r.status_code == 201, r.json()
        assert "*" in r.json()["applicant"]["id_number"]
        ids.append(r.json()["id"])
    assert hr.post(f"{R}{rid}/moves/start_scoring/", {}, format="json").status_code == 200
    r = hr.post(f"/api/v1/staffing/applications/{ids[0]}/scores/", {"written_score": "101", "interview_score": "80"})
    assert r.status_code == 400 and "written_score" in r.json()["errors"]
    for i, pk in enumerate(ids):
        r = hr.post(
            f"/api/v1/staffing/applications/{pk}/scores/",
            {"written_score": str(80 + i), "interview_score": str(70 + i)},
            format="json",
        )
        assert r.status_code == 200
    assert r.json()["total_score"] == "83.00"  # 89 × 0.4 + 79 × 0.6
    assert hr.post(f"{R}{rid}/moves/publish/", {}, format="json").status_code == 200
    apps = hr.get(f"{R}{rid}/applications/").json()["results"]
    assert {a["rank"] for a in apps if a["post"] == posts[0].pk} == {1, 2, 3, 4}
    # once published, scores are frozen
    r = hr.post(f"/api/v1/staffing/applications/{ids[0]}/scores/", {"written_score": "1", "interview_score": "1"})
    assert r.status_code == 409
    assert hr.post(f"{R}{rid}/moves/start_offers/", {}, format="json").status_code == 200
    offers = hr.get(f"{R}{rid}/offers/").json()
    assert len(offers) == 3 and all(o["state"] == "open" for o in offers)
    est = hr.get(f"/api/v1/staffing/establishments/{z.code}/").json()
    assert est["reserved_places"] == before["reserved_places"] + 3
    assert est["free_places"] == est["headcount_cap"] - est["serving_headcount"] - est["reserved_places"]
    # the best on post 0 declines: the next in rank gets the place
    first = next(o for o in offers if o["post"] == posts[0].pk)
    r = hr.post(f"/api/v1/staffing/offers/{first['id']}/respond/", {"accept": False}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "declined"
    offers = hr.get(f"{R}{rid}/offers/").json()
    successor = [o for o in offers if o["post"] == posts[0].pk and o["state"] == "open"]
    assert len(successor) == 1
    nxt = Application.objects.get(pk=successor[0]["application"])
    assert nxt.rank == 2
    # answering twice: 409
    assert (
        hr.post(f"/api/v1/staffing/offers/{first['id']}/respond/", {"accept": True}, format="json").status_code == 409
    )
    for o in offers:
        if o["state"] == "open":
            assert (
                hr.post(f"/api/v1/staffing/offers/{o['id']}/respond/", {"accept": True}, format="json").status_code
                == 200
            )
    # contracts before publicity: 409
    accepted = Offer.objects.filter(round_id=rid, state="accepted")
    r = hr.post(f"/api/v1/staffing/offers/{accepted[0].pk}/contract/", {"start": "2026-01-01"}, format="json")
    assert r.status_code == 409
    start = (timezone.localdate() - timedelta(days=14)).isoformat()
    assert hr.post(f"{R}{rid}/moves/start_publicity/", {"on": start}, format="json").status_code == 200
    assert hr.post(f"{R}{rid}/moves/end_publicity/", {}, format="json").status_code == 200
    serving = before["serving_headcount"]
    for o in accepted:
        r = hr.post(f"/api/v1/staffing/offers/{o.pk}/contract/", {"start": "2026-01-01"}, format="json")
        assert r.status_code == 200, r.json()
        assert r.json()["contract_end"] == "2027-12-31" and r.json()["status"] == "serving"
    est = hr.get(f"/api/v1/staffing/establishments/{z.code}/").json()
    assert est["serving_headcount"] == serving + 3
    assert est["reserved_places"] == before["reserved_places"]
    assert hr.post(f"{R}{rid}/moves/close/", {}, format="json").json()["state"] == "closed"
    assert RoundEvent.objects.filter(round_id=rid, action="decline").count() == 1


def test_the_ranking_is_reproducible_from_stored_inputs(demo: None) -> None:
    z = f.zone()
    post = f.post(z, places=2)
    rnd, _apps = f.market_round(z, [(post, 2)], applicants=6, to="ranked")
    stored = {a.pk: a.rank for a in Application.objects.filter(round=rnd)}
    assert services.compute_ranking(rnd, services.rule_set().tie_break) == stored


def test_a_tie_is_broken_by_interview_score(demo: None) -> None:
    z = f.zone()
    u = f.user()
    post = f.post(z, places=1)
    rnd, apps = f.market_round(z, [(post, 1)], applicants=2, to="scoring")
    services.enter_scores(user=u, application=apps[0], written=Decimal(90), interview=Decimal(80))  # 84
    services.enter_scores(user=u, application=apps[1], written=Decimal(78), interview=Decimal(88))  # 84
    services.publish_ranking(user=u, round=rnd)
    assert Application.objects.get(pk=apps[1].pk).rank == 1


def test_preferences_a_person_placed_higher_drops_out_of_lower(demo: None) -> None:
    z = f.zone()
    u = f.user()
    p1, p2 = f.post(z, places=1), f.post(z, places=1)
    rnd = services.create_round(user=u, zone=z, title="双向选择", kind="market", posts=[(p1, 1), (p2, 1)])
    services.move_round(user=u, round=rnd, action="open")
    rp1, rp2 = rnd.round_posts.get(post=p1), rnd.round_posts.get(post=p2)
    ann = f.ident()
    a1 = services.apply(user=u, round=rnd, round_post=rp1, preference=1, name="甲", id_number=ann, education="master")
    a2 = services.apply(user=u, round=rnd, round_post=rp2, preference=2, name="甲", id_number=ann, education="master")
    b2 = services.apply(user=u, round=rnd, round_post=rp2, name="乙", id_number=f.ident(), education="master")
    with pytest.raises(Invalid):  # the same preference twice
        services.apply(user=u, round=rnd, round_post=rp2, preference=1, name="甲", id_number=ann, education="master")
    services.move_round(user=u, round=rnd, action="start_scoring")
    for a, s in ((a1, 90), (a2, 90), (b2, 80)):
        services.enter_scores(user=u, application=a, written=Decimal(s), interview=Decimal(s))
    services.move_round(user=u, round=rnd, action="publish")
    services.move_round(user=u, round=rnd, action="start_offers")
    offered = set(Offer.objects.filter(round=rnd).values_list("application_id", flat=True))
    # 甲 tops both posts but prefers post 1: 乙 gets post 2; nobody is offered twice
    assert offered == {a1.pk, b2.pk}
    with pytest.raises(Conflict):
        services.make_offer(user=u, round=rnd, application=a2.pk)


def test_expiry_and_an_upheld_objection_pass_the_place_on(demo: None) -> None:
    z = f.zone()
    u = f.user()
    post = f.post(z, places=1)
    rnd, _apps = f.market_round(z, [(post, 1)], applicants=4, to="ranked")
    services.move_round(user=u, round=rnd, action="start_offers")
    offer = Offer.objects.get(round=rnd, state="open")
    Offer.objects.filter(pk=offer.pk).update(respond_by=timezone.localdate() - timedelta(days=1))
    assert services.expire_offers(user=u, round=rnd) == 1
    second = Offer.objects.get(round=rnd, state="open")
    assert second.application.rank == 2
    services.respond(user=u, offer=second, accept=True)
    services.move_round(user=u, round=rnd, action="start_publicity", on=timezone.localdate())
    second.refresh_from_db()
    objection = services.raise_objection(user=u, offer=second, text="学历造假")
    with pytest.raises(Conflict):  # not before the publicity ends and objections are settled
        services.move_round(user=u, round=rnd, action="end_publicity")
    services.decide_objection(user=u, objection=objection, upheld=True, finding="经核查属实")
    third = Offer.objects.get(round=rnd, state="open")
    assert third.application.rank == 3
    assert list(RoundEvent.objects.filter(round=rnd).values_list("action", flat=True)).count("offer") == 3


def test_an_internal_round_lists_the_unplaced(demo: None) -> None:
    z = f.zone()
    u = f.user()
    post = f.post(z, places=1)
    people = []
    for i in range(3):
        people.append(
            services.save_staff(
                user=u,
                zone=z,
                data={"name": f"内部{i}", "id_number": f.ident(), "file_identity": "institution", "status": "serving"},
            )
        )
    rnd = services.create_round(user=u, zone=z, title="全员竞聘", kind="internal", posts=[(post, 1)])
    services.move_round(user=u, round=rnd, action="open")
    rp = rnd.round_posts.get()
    apps = [services.apply(user=u, round=rnd, round_post=rp, staff=s) for s in people]
    services.move_round(user=u, round=rnd, action="start_scoring")
    for i, a in enumerate(apps):
        services.enter_scores(user=u, application=a, written=Decimal(90 - i), interview=Decimal(90 - i))
    before = services.zone_ledger(z.pk, z.establishment.headcount_cap)
    services.move_round(user=u, round=rnd, action="publish")
    services.move_round(user=u, round=rnd, action="start_offers")
    offer = Offer.objects.get(round=rnd)
    assert not offer.takes_zone_place  # already serving: no new place on the cap
    assert services.zone_ledger(z.pk, z.establishment.headcount_cap) == before
    services.respond(user=u, offer=offer, accept=True)
    services.move_round(user=u, round=rnd, action="start_publicity", on=timezone.localdate() - timedelta(days=20))
    services.move_round(user=u, round=rnd, action="end_publicity")
    staff = services.sign_contract(user=u, offer=offer, start=timezone.localdate())
    assert staff.pk == people[0].pk and staff.post == post
    services.move_round(user=u, round=rnd, action="close")
    assert set(Unplaced.objects.filter(round=rnd).values_list("staff_id", flat=True)) == {people[1].pk, people[2].pk}
    row = Unplaced.objects.filter(round=rnd).first()
    assert row is not None
    services.handle_unplaced(user=u, row=row, category="training", outcome="待岗培训3个月")
    assert Staff.objects.get(pk=people[0].pk).contract_end is not None


def test_posts_keep_within_cap_and_leadership_posts(demo: None) -> None:
    z = f.zone()
    est = z.establishment
    free = est.headcount_cap - sum(z.posts.values_list("places", flat=True))
    with pytest.raises(Invalid) as exc:
        f.post(z, places=free + 1)
    assert str(est.headcount_cap) in str(exc.value.errors["places"][0])
    lead_free = est.leadership_posts - sum(z.posts.filter(leadership=True).values_list("places", flat=True))
    with pytest.raises(Invalid) as exc:
        f.post(z, places=lead_free + 1, leadership=True)
    assert "领导职数" in exc.value.errors["places"][0]


def test_serving_staff_never_exceed_the_cap(demo: None) -> None:
    z = f.zone()
    f.fill(z, f.free_places(z))
    with pytest.raises(Conflict) as exc:
        services.save_staff(
            user=f.user(), zone=z, data={"name": "超编", "id_number": f.ident(), "file_identity": "society"}
        )
    assert "员额已满" in exc.value.detail


def test_a_bad_id_number_is_refused(api_as: Any) -> None:
    r = api_as("zone_yingkou_hr").post(
        "/api/v1/staffing/staff/",
        {"zone": "yingkou-coastal", "name": "张三", "id_number": "210802199001011234", "file_identity": "society"},
        format="json",
    )
    assert r.status_code == 400 and "校验位" in r.json()["errors"]["id_number"][0]

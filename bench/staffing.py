"""Nationwide-scale staffing for the benchmarks (issue 11 "Scale and demo").

``generate_staffing`` gives every zone of the bench database an approved plan's establishment
(cap 180, 6 leadership posts, 6 internal bodies), posts and about ``per_zone`` serving staff, in
bulk (no services: data for timing reads). ``time_offers`` fires concurrent offers at one post
through the API — the locked ledger path under load — and reports throughput and outcomes.
"""

from __future__ import annotations

import random
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

BODIES = ["综合办公室", "经济发展局", "财政金融局", "投资促进局", "规划建设局", "营商环境局"]
IDENTITIES = ["civil_servant", "civil_servant_managed", "institution", "enterprise", "society"]


def _ident(n: int) -> str:
    from staffing import rules

    return rules.with_check(f"{110000 + n % 800000:06d}19{80 + n % 20:02d}0101{n % 1000:03d}"[:17])


def generate_staffing(per_zone: int = 150, seed: int = 13) -> dict[str, Any]:
    from django.utils import timezone

    from staffing.models import Post, Staff
    from zones.plans.models import EstablishmentUnit, Plan, ZoneEstablishment
    from zones.registry.models import Zone

    rng = random.Random(seed)
    zones = list(Zone.objects.filter(establishment__isnull=True).values_list("pk", flat=True))
    now = timezone.now()
    plans = Plan.objects.bulk_create(
        Plan(zone_id=z, version=900, state="approved", headcount_cap=per_zone + 30, leadership_posts=6, approved_at=now)
        for z in zones
    )
    ests = ZoneEstablishment.objects.bulk_create(
        ZoneEstablishment(
            zone_id=p.zone_id,
            headcount_cap=per_zone + 30,
            leadership_posts=6,
            contract_term_years=2,
            source_plan=p,
            source_version=900,
            source_submission=1,
            approved_at=now,
        )
        for p in plans
    )
    units = EstablishmentUnit.objects.bulk_create(
        EstablishmentUnit(establishment=e, kind="internal", name=name, order=k)
        for e in ests
        for k, name in enumerate(BODIES, start=1)
    )
    per_body = max(1, (per_zone - 6) // len(BODIES))
    posts = Post.objects.bulk_create(
        Post(zone_id=u.establishment.zone_id, department=u, title="业务专员", post_rank="专员", places=per_body + 2)
        for u in units
    )
    start = date.today() - timedelta(days=400)
    staff: list[Any] = []
    n = 0
    for post in posts:
        for _ in range(per_body):
            n += 1
            staff.append(
                Staff(
                    zone_id=post.zone_id,
                    name=f"基准{n}",
                    id_number=_ident(n),
                    file_identity=rng.choice(IDENTITIES),
                    department_id=post.department_id,
                    post=post,
                    post_rank="专员",
                    status="serving",
                    contract_start=start,
                    contract_end=start + timedelta(days=729),
                )
            )
    Staff.objects.bulk_create(staff, batch_size=5000)
    return {"zones": len(zones), "staff": len(staff), "posts": len(posts)}


def targets(user: Any) -> list[str]:
    """Staffing's reads the bench times for ``user``: the staff list, a zone's roster API, its
    establishment (API and page) and its roster page."""
    from devzone.tenancy import visible_zones

    zone = visible_zones(user).filter(establishment__isnull=False).order_by("pk").first()
    paths = ["/api/v1/staffing/staff/?page_size=500", "/api/v1/staffing/rounds/"]
    if zone is not None:
        paths += [
            f"/api/v1/staffing/staff/?zone={zone.code}&page_size=500",
            f"/api/v1/staffing/establishments/{zone.code}/",
            f"/staffing/zones/{zone.code}/",
            f"/staffing/zones/{zone.code}/staff/",
        ]
    return paths


def time_offers(user: Any, requests: int = 40, places: int = 3) -> dict[str, Any]:
    """``requests`` concurrent offer requests (threads, each its own connection) at a post with
    ``places`` places in a zone with ``places - 1`` free: how long, and how many got 201/409."""
    from django.db import connection
    from django.utils import timezone
    from rest_framework.test import APIClient

    from devzone.tenancy import visible_zones
    from staffing import services
    from staffing.models import Application, Post, Round, RoundPost

    zone = visible_zones(user).filter(establishment__isnull=False).order_by("pk").first()
    assert zone is not None
    est = zone.establishment
    post = Post.objects.create(zone=zone, title=f"基准并发岗位{time.time_ns()}", places=places)
    rnd = Round.objects.create(zone=zone, title="基准并发轮次", kind="market", state="offers")
    rp = RoundPost.objects.create(round=rnd, post=post, places=places)
    apps = [
        Application.objects.create(
            round=rnd,
            round_post=rp,
            name=f"基准应聘{k}",
            id_number=_ident(900000 + k),
            education="bachelor",
            applied_at=timezone.now(),
            written_score=Decimal(90 - k),
            interview_score=Decimal(90 - k),
            total_score=Decimal(90 - k),
            rank=k + 1,
        )
        for k in range(requests)
    ]
    free = services.zone_ledger(zone.pk, est.headcount_cap).free
    est.headcount_cap -= max(0, free - (places - 1))
    est.save()
    barrier = threading.Barrier(requests)
    codes: list[int] = []
    lock = threading.Lock()

    def fire(app_id: int) -> None:
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait(timeout=60)
            r = client.post(f"/api/v1/staffing/rounds/{rnd.pk}/offers/", {"application": app_id}, format="json")
            with lock:
                codes.append(r.status_code)
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=fire, args=(apps[k % places].pk,)) for k in range(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    ledger = services.zone_ledger(zone.pk, est.headcount_cap)
    return {
        "requests": requests,
        "seconds": seconds,
        "created": codes.count(201),
        "conflicts": codes.count(409),
        "reserved": ledger.reserved,
        "free": ledger.free,
    }


# --- the bench convention (bench/__init__.py) ---------------------------------------------------


def generate(zones: int) -> dict[str, Any]:
    import os

    return generate_staffing(per_zone=int(os.environ.get("BENCH_STAFF_PER_ZONE", "150")))


def urls(user: Any) -> list[str]:
    return targets(user)


def jobs() -> dict[str, Any]:
    """The offer path under concurrent load (40 requests at one post), in a child process."""

    def concurrent_offers() -> dict[str, Any]:
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.get(username="bench_province_admin")
        result = time_offers(admin, 40)
        return {k: v for k, v in result.items() if k != "seconds"}

    return {"staffing_offers": concurrent_offers}

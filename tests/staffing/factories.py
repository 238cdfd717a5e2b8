"""Building blocks for staffing tests: valid ID numbers, posts, staff, rounds driven through the
real services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from django.contrib.auth import get_user_model

from staffing import rules, services
from staffing.models import Application, Post, Round, Staff

_serial = count(1)


def ident(n: int | None = None, birth: date = date(1990, 1, 1)) -> str:
    """A valid ID number, unique per call."""
    n = next(_serial) if n is None else n
    return rules.with_check(f"2108{(n // 1000) % 100:02d}{birth:%Y%m%d}{n % 1000:03d}")


def user(name: str = "zone_yingkou_hr") -> Any:
    return get_user_model().objects.get(username=name)


def zone(code: str = "yingkou-coastal") -> Any:
    from zones.models import Zone

    return Zone.objects.get(code=code)


def department(z: Any, index: int = 0) -> Any:
    return z.establishment.units.filter(kind="internal").order_by("order")[index]


def post(z: Any, places: int = 3, *, title: str | None = None, leadership: bool = False, **extra: Any) -> Post:
    data = {
        "department": None if leadership else department(z),
        "title": title or f"测试岗位{next(_serial)}",
        "post_rank": "科员",
        "places": places,
        "leadership": leadership,
        **extra,
    }
    return services.save_post(user=user("province_admin"), zone=z, data=data)


def fill(z: Any, n: int) -> None:
    """``n`` serving staff without a post (bulk: the ledger is what is tested, not this)."""
    dept = department(z)
    Staff.objects.bulk_create(
        Staff(
            zone=z,
            name=f"在聘{i}",
            id_number=ident(),
            file_identity="institution",
            department=dept,
            status="serving",
        )
        for i in range(n)
    )


def free_places(z: Any) -> int:
    est = z.establishment
    return services.zone_ledger(z.pk, est.headcount_cap).free


def market_round(
    z: Any, posts: list[tuple[Post, int]], applicants: int, *, who: str = "zone_yingkou_hr", to: str = "offers"
) -> tuple[Round, list[Application]]:
    """A market round with ``applicants`` outside applicants on the first post (scores falling by
    rank), driven through the services up to state ``to``."""
    u = user(who)
    rnd = services.create_round(user=u, zone=z, title="测试轮次", kind="market", posts=posts)
    services.move_round(user=u, round=rnd, action="open")
    rp = rnd.round_posts.get(post=posts[0][0])
    apps = [
        services.apply(
            user=u,
            round=rnd,
            round_post=rp,
            name=f"应聘{i}",
            id_number=ident(birth=date(1995, 1, 1)),
            education="bachelor",
        )
        for i in range(applicants)
    ]
    if to == "open":
        return rnd, apps
    services.move_round(user=u, round=rnd, action="start_scoring")
    for i, app in enumerate(apps):
        services.enter_scores(user=u, application=app, written=Decimal(90) - i, interview=Decimal(95) - i)
    if to == "scoring":
        return rnd, apps
    services.move_round(user=u, round=rnd, action="publish")
    if to == "ranked":
        return rnd, apps
    rnd.refresh_from_db()
    # start_offers makes the due offers itself; the tests that fire offers by hand take the
    # round there directly.
    services.round_flow.run(rnd, "start_offers", user=u)
    rnd.refresh_from_db()
    return rnd, [Application.objects.get(pk=a.pk) for a in apps]


def past(days: int) -> date:
    return date.today() - timedelta(days=days)

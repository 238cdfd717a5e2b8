"""Demo data of staffing (ADR 0301), through the services. 辽宁(营口)沿海产业基地 re-hires inside
its cap of 150 (seed 002): its 8 internal bodies as departments with posts, 140 serving staff of
mixed file identities (names, ID numbers, ranks and dates are made-up demo values), an internal
round part-way (scores entered, ranking not yet published), a few terms ending soon with two
years' grades, and a closed market round (the chemical park's chief engineer, seed 002). The
closed round sits in Yingkou too: the demo plans (zones/demo.py) give no other zone an
establishment, and the zones tests pin those plans.
Idempotent: a zone that already has posts is left alone."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "志强",
    "海燕",
    "建华",
    "晓东",
    "思远",
    "雪",
    "博",
    "宁",
]

IDENTITIES = [
    "civil_servant",
    "civil_servant_managed",
    "institution",
    "institution",
    "enterprise",
    "society",
    "society",
]
FILE_RANKS = {
    "civil_servant": ["一级主任科员", "二级主任科员", "四级主任科员", "一级科员"],
    "civil_servant_managed": ["二级主任科员", "三级主任科员", "一级科员"],
    "institution": ["管理七级", "管理八级", "专技十级", "管理九级"],
    "enterprise": ["中级职称", "初级职称"],
    "society": [""],
}
# post title, post rank, places (per internal body)
BODY_POSTS = [("部长", "部长", 1), ("副部长", "副部长", 2), ("业务主管", "主管", 4), ("业务专员", "专员", 10)]
LEADERSHIP = [
    ("党工委副书记、管委会主任", "正处级", 1, "appointed", "营委干〔2025〕12号"),
    ("党工委副书记、管委会副主任", "副处级", 1, "appointed", "营委干〔2025〕12号"),
    ("管委会副主任", "副处级", 3, "hired", "营沿基党〔2025〕3号"),
]


def person(n: int, birth_year: int) -> tuple[str, str]:
    """A made-up name and a valid (checksum) made-up ID number."""
    from . import rules

    name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)]
    birth = date(birth_year, 1 + n % 12, 1 + n % 28)
    return name, rules.with_check(f"2108{(n // 1000) % 100:02d}{birth:%Y%m%d}{n % 1000:03d}")


def seed() -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from devzone.audit.context import ChangePath, change_path
    from zones.registry.models import Zone

    from . import services
    from .models import Post

    services.load_default_rules()
    users = get_user_model().objects
    admin = users.get(username="province_admin")
    hr = users.filter(username="zone_yingkou_hr").first() or admin
    today = timezone.localdate()
    with change_path(ChangePath.COMMAND):
        coastal = Zone.objects.filter(code="yingkou-coastal").first()
        if coastal is not None and hasattr(coastal, "establishment") and not Post.objects.filter(zone=coastal).exists():
            _seed_yingkou(coastal, admin=admin, hr=hr, today=today)


def _seed_yingkou(zone: Any, *, admin: Any, hr: Any, today: date) -> None:
    from . import services
    from .models import IndividualGrade, Staff

    bodies = list(zone.establishment.units.filter(kind="internal").order_by("order"))
    posts_by_body: dict[int, list[Any]] = {}
    leader_posts = []
    for title, rank, places, _mode, _record in LEADERSHIP:
        leader_posts.append(
            services.save_post(
                user=admin,
                zone=zone,
                data={
                    "title": title,
                    "post_rank": rank,
                    "places": places,
                    "leadership": True,
                    "requirements": "按干部管理权限任用。",
                },
            )
        )
    for body in bodies:
        posts_by_body[body.pk] = [
            services.save_post(
                user=admin,
                zone=zone,
                data={
                    "department": body,
                    "title": title,
                    "post_rank": rank,
                    "places": places,
                    "min_education": "bachelor" if rank in ("部长", "副部长") else "college",
                    "requirements": "熟悉开发区业务，具有相应岗位经历。",
                },
            )
            for title, rank, places in BODY_POSTS
        ]
    n = 0
    normal_start = today - timedelta(days=300)
    due_start = today - timedelta(days=640)

    people: list[Staff] = []

    def add(**data: Any) -> None:
        """A serving staff member of the roster as it stood before the portal (loaded in bulk,
        as an import of the existing roster would be: no history rows for the seed itself)."""
        nonlocal n
        n += 1
        name, ident = person(n, 1970 + n % 25)
        identity = data.pop("file_identity", IDENTITIES[n % len(IDENTITIES)])
        start = due_start if n % 14 == 0 else normal_start
        post = data["post"]
        people.append(
            Staff(
                zone=zone,
                name=name,
                id_number=ident,
                education=["bachelor", "master", "college", "bachelor"][n % 4],
                file_identity=identity,
                file_rank=FILE_RANKS[identity][n % len(FILE_RANKS[identity])],
                status="serving",
                contract_start=start,
                contract_end=start.replace(year=start.year + 2) - timedelta(days=1),
                department=data.get("department") or post.department,
                **{k: v for k, v in data.items() if k != "department"},
            )
        )

    for post, (_t, rank, places, mode, record) in zip(leader_posts, LEADERSHIP, strict=True):
        for _ in range(places):
            add(post=post, post_rank=rank, leadership_mode=mode, approval_record=record, file_identity="civil_servant")
    # 134 in the bodies: every body's posts filled but two of the last body's specialists:
    # 8 × 17 − 2 = 134; with the 5 leaders and the chief engineer hired in the closed round, 140
    for i, body in enumerate(bodies):
        for post in posts_by_body[body.pk]:
            fill = post.places - (2 if i == len(bodies) - 1 and post.post_rank == "专员" else 0)
            for _ in range(fill):
                add(post=post, department=body, post_rank=post.post_rank)
    ledger = services.zone_ledger(zone.pk, zone.establishment.headcount_cap)
    assert ledger.can_take(len(people)), "the demo roster must fit the cap"
    Staff.objects.bulk_create(people)
    _seed_closed_round(zone, bodies, admin=admin, today=today)
    # two years' grades for those whose term ends soon; two in the bottom 10 % both years
    year = today.year
    ranked = Staff.objects.filter(zone=zone).count()
    due = list(Staff.objects.filter(zone=zone, contract_end__lte=today + timedelta(days=180)).order_by("id"))
    IndividualGrade.objects.bulk_create(
        IndividualGrade(
            staff=s,
            year=y,
            grade="D" if k < 2 else "ABBC"[k % 4],
            rank=ranked - k if k < 2 else 10 + k * 3,
            ranked_of=ranked,
        )
        for k, s in enumerate(due)
        for y in (year - 1, year)
    )
    # the round part-way: new posts, internal applicants, scores entered, ranking not published
    commerce = next((b for b in bodies if "商务" in b.name), bodies[0])
    business = next((b for b in bodies if "营商" in b.name), bodies[-1])
    new_posts = [
        services.save_post(
            user=admin,
            zone=zone,
            data={
                "department": commerce,
                "title": "招商项目经理",
                "post_rank": "主管",
                "places": 2,
                "min_education": "bachelor",
            },
        ),
        services.save_post(
            user=admin,
            zone=zone,
            data={
                "department": business,
                "title": "数据分析师",
                "post_rank": "主管",
                "places": 1,
                "min_education": "bachelor",
            },
        ),
    ]
    rnd = services.create_round(
        user=hr,
        zone=zone,
        title=f"{year}年中层及以下岗位全员竞聘（第二批）",
        kind="internal",
        posts=[(new_posts[0], 2), (new_posts[1], 1)],
        apply_from=today - timedelta(days=30),
        apply_to=today - timedelta(days=10),
    )
    services.move_round(user=hr, round=rnd, action="open")
    candidates = list(
        Staff.objects.filter(zone=zone, post__leadership=False, post__post_rank="专员").order_by("id")[:8]
    )
    apps = []
    for k, s in enumerate(candidates):
        rp = rnd.round_posts.get(post=new_posts[k % 2])
        apps.append(services.apply(user=hr, round=rnd, round_post=rp, staff=s, preference=1))
        if k < 3:  # two-way choice: a second preference on the other post
            other = rnd.round_posts.get(post=new_posts[(k + 1) % 2])
            apps.append(services.apply(user=hr, round=rnd, round_post=other, staff=s, preference=2))
    services.move_round(user=hr, round=rnd, action="start_scoring")
    for k, a in enumerate(apps):
        if a.eligible:
            services.enter_scores(
                user=hr, application=a, written=Decimal(72 + (k * 7) % 25), interview=Decimal(70 + (k * 11) % 28)
            )


def _seed_closed_round(zone: Any, bodies: list[Any], *, admin: Any, today: date) -> None:
    """The closed round: last spring's market hiring of the chemical park's chief engineer (seed
    002: 面向社会招聘1名总工程师) — the first in rank declined, the second signed."""
    from . import services
    from .models import Offer

    emergency = next((b for b in bodies if "应急" in b.name), bodies[-1])
    post = services.save_post(
        user=admin,
        zone=zone,
        data={
            "department": emergency,
            "title": "化工园区总工程师",
            "post_rank": "总工程师",
            "places": 1,
            "min_education": "master",
            "requirements": "化工专业，具有大型化工园区安全管理经历。",
        },
    )
    rnd = services.create_round(
        user=admin, zone=zone, title="化工园区总工程师市场化选聘", kind="market", posts=[(post, 1)]
    )
    services.move_round(user=admin, round=rnd, action="open")
    rp = rnd.round_posts.get()
    apps = []
    for k in range(4):
        name, ident = person(700 + k, 1975 + k)
        apps.append(
            services.apply(user=admin, round=rnd, round_post=rp, name=name, id_number=ident, education="master")
        )
    services.move_round(user=admin, round=rnd, action="start_scoring")
    for k, a in enumerate(apps):
        services.enter_scores(user=admin, application=a, written=Decimal(88 - k * 3), interview=Decimal(91 - k * 2))
    services.move_round(user=admin, round=rnd, action="publish")
    services.move_round(user=admin, round=rnd, action="start_offers")
    first = Offer.objects.get(round=rnd, state="open")
    services.respond(user=admin, offer=first, accept=False, note="已另有工作")
    services.respond(user=admin, offer=Offer.objects.get(round=rnd, state="open"), accept=True)
    services.move_round(user=admin, round=rnd, action="start_publicity", on=today - timedelta(days=60))
    services.move_round(user=admin, round=rnd, action="end_publicity")
    services.sign_contract(
        user=admin, offer=Offer.objects.get(round=rnd, state="accepted"), start=today - timedelta(days=45)
    )
    services.move_round(user=admin, round=rnd, action="close")

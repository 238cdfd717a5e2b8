"""Nationwide-shaped data for the benchmarks: provinces, cities, counties, zones, role holders.

The national catalogue lists 2 543 zones (552 national, 1 991 provincial). ``generate`` spreads
the requested number over 31 provinces × 11 cities × 9 counties with one province holding a
large share (``big_share``, the worst case for a province admin) and a small province holding
exactly ``SMALL`` zones (the same role over few zones: the query counts must be equal), bulk
inserted (no services: this is data for timing reads); every app's ``bench/<app>.py`` then adds
its own rows (``bench.apps()``).
"""

from __future__ import annotations

import random
from typing import Any

KINDS = [
    ("national_etdz", "national"),
    ("national_hitech", "national"),
    ("provincial_edz", "provincial"),
    ("provincial_hitech", "provincial"),
    ("border_cooperation", "national"),
]
SMALL = 10  # zones of the last province (bench_small_admin's scope)


def generate(zones: int, seed: int = 7, big_share: float = 0.4) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from devzone.tenancy.services import add_membership
    from zones.models import Region, RegionLevel, Zone

    rng = random.Random(seed)
    call_command("flush", "--noinput", verbosity=0)
    provinces = Region.objects.bulk_create(
        Region(code=f"{11 + p:02d}0000", name=f"省{p}", level=RegionLevel.PROVINCE) for p in range(31)
    )
    cities = Region.objects.bulk_create(
        Region(code=f"{11 + p:02d}{c + 1:02d}00", name=f"市{p}-{c}", level=RegionLevel.CITY, parent=prov)
        for p, prov in enumerate(provinces)
        for c in range(11)
    )
    counties = Region.objects.bulk_create(
        Region(
            code=f"{city.code[:4]}{k + 1:02d}",
            name=f"县{city.name[1:]}-{k}",
            level=RegionLevel.COUNTY,
            parent=city,
        )
        for city in cities
        for k in range(9)
    )
    by_city: dict[int, list[Any]] = {}
    for county in counties:
        assert county.parent_id is not None  # every county was made under its city
        by_city.setdefault(county.parent_id, []).append(county)
    big = [c for c in cities if c.parent_id == provinces[0].pk]
    small = [c for c in cities if c.parent_id == provinces[-1].pk]
    middle = [c for c in cities if c.parent_id not in (provinces[0].pk, provinces[-1].pk)]
    rows = []
    for i in range(zones):
        if i < SMALL:
            city = small[i % len(small)]
        elif rng.random() < big_share:
            city = rng.choice(big)
        else:
            city = rng.choice(middle)
        kind, level = rng.choice(KINDS)
        rows.append(
            Zone(
                code=f"z{i:05d}",
                name=f"开发区{i:05d}",
                kind=kind,
                level=level,
                city=city,
                county=rng.choice(by_city[city.pk]),
                founded_year=rng.randrange(1984, 2024),
            )
        )
    Zone.objects.bulk_create(rows, batch_size=1000)  # no post_save: the memberships grant below
    users = get_user_model().objects
    holders: dict[str, tuple[str, dict[str, Any]]] = {
        "bench_province_admin": ("province_admin", {"region": provinces[0]}),
        "bench_province_staff": ("province_staff", {"region": provinces[1]}),
        "bench_small_admin": ("province_admin", {"region": provinces[-1]}),
        "bench_city": ("city_officer", {"region": big[0]}),
        "bench_zone": ("zone_officer", {"zone": Zone.objects.filter(city=big[0]).first() or Zone.objects.first()}),
    }
    for username, (role, scope) in holders.items():
        user = users.create_user(username=username, password="bench")  # noqa: S106
        add_membership(user=user, role=role, **scope)
    return {"zones": Zone.objects.count(), "regions": Region.objects.count(), "users": list(holders)}

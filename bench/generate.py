"""Nationwide-scale data for benchmarks: provinces, cities, counties, zones, role holders."""

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


def generate(zones: int, seed: int = 7) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from devzone.tenancy.services import add_membership
    from zones.models import Region, RegionLevel, Zone

    rng = random.Random(seed)
    call_command("flush", "--noinput", verbosity=0)
    provinces, cities, counties = [], [], []
    for p in range(31):
        prov = Region.objects.create(code=f"{11 + p:02d}0000", name=f"省{p}", level=RegionLevel.PROVINCE)
        provinces.append(prov)
        for c in range(11):
            city = Region.objects.create(
                code=f"{11 + p:02d}{c + 1:02d}00", name=f"市{p}-{c}", level=RegionLevel.CITY, parent=prov
            )
            cities.append(city)
            counties.extend(
                Region(
                    code=f"{11 + p:02d}{c + 1:02d}{k + 1:02d}",
                    name=f"县{p}-{c}-{k}",
                    level=RegionLevel.COUNTY,
                    parent=city,
                )
                for k in range(9)
            )
    Region.objects.bulk_create(counties)
    by_city: dict[int, list[Any]] = {}
    for county in Region.objects.filter(level=RegionLevel.COUNTY):
        by_city.setdefault(county.parent_id, []).append(county)
    for i in range(zones):
        city = rng.choice(cities)
        kind, level = rng.choice(KINDS)
        Zone.objects.create(
            code=f"z{i:05d}",
            name=f"开发区{i:05d}",
            kind=kind,
            level=level,
            city=city,
            county=rng.choice(by_city[city.pk]),
        )
    users = get_user_model().objects
    holders = {
        "bench_province_admin": ("province_admin", {"region": provinces[0]}),
        "bench_province_staff": ("province_staff", {"region": provinces[1]}),
        "bench_city": ("city_officer", {"region": cities[0]}),
        "bench_zone": ("zone_officer", {"zone": Zone.objects.filter(city=cities[0]).first() or Zone.objects.first()}),
    }
    for username, (role, scope) in holders.items():
        user = users.create_user(username=username, password="bench")  # noqa: S106
        add_membership(user=user, role=role, **scope)
    return {"zones": Zone.objects.count(), "regions": Region.objects.count(), "users": list(holders)}

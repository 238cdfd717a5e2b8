"""``manage.py seed_demo``: load the demo province, zones and users. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from devzone.tenancy.services import add_membership
from zones import demo
from zones.models import Region, RegionLevel, Zone, ZoneArea


class Command(BaseCommand):
    help = "载入演示数据（辽宁省、14 个地级市、开发区与演示账号），可重复执行。"

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        province, _ = Region.objects.update_or_create(
            code=demo.PROVINCE[0], defaults={"name": demo.PROVINCE[1], "level": RegionLevel.PROVINCE, "parent": None}
        )
        cities = {}
        for code, name in demo.CITIES:
            cities[code], _ = Region.objects.update_or_create(
                code=code, defaults={"name": name, "level": RegionLevel.CITY, "parent": province}
            )
        counties = {}
        for code, name, city in demo.COUNTIES:
            counties[code], _ = Region.objects.update_or_create(
                code=code, defaults={"name": name, "level": RegionLevel.COUNTY, "parent": cities[city]}
            )
        zones = {}
        for code, name, kind, level, city, county, model, authority, founded, industries in demo.ZONES:
            zone = Zone.objects.filter(code=code).first()
            if zone is None:
                zone = Zone.objects.create(
                    code=code,
                    name=name,
                    kind=kind,
                    level=level,
                    city=cities[city],
                    county=counties.get(county),
                    management_model=model,
                    managing_authority=authority,
                    founded_year=founded,
                    leading_industries=industries,
                )
            zones[code] = zone
        coastal = zones["yingkou-coastal"]
        catalogue = None
        for slug, kind, name, declared, bounds in demo.YINGKOU_AREAS:
            area, _ = ZoneArea.objects.get_or_create(
                zone=coastal,
                slug=slug,
                defaults={
                    "kind": kind,
                    "name": name,
                    "declared_km2": declared,
                    "bounds_text": bounds,
                    "parent": catalogue if kind == "sub_area" else None,
                },
            )
            if slug == "catalogue":
                catalogue = area
        year = timezone.localdate().year
        user_model = get_user_model()
        for username, display, memberships in demo.USERS:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(username=username, first_name=display)
                user.set_password(settings.DEMO_PASSWORD)
                user.save()
            for role, scope_kind, scope_code, department, period in memberships:
                scope = (
                    {"zone": zones[scope_code]}
                    if scope_kind == "zone"
                    else {"region": Region.objects.get(code=scope_code)}
                )
                period_kwargs = {"period_from": year - 1, "period_to": year} if period else {}
                add_membership(user=user, role=role, department=department, **scope, **period_kwargs)
        seed_plans()
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪：{Zone.objects.count()} 个开发区，{len(demo.USERS)} 个演示账号。")
        )


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans: Yingkou's approved plan (seed 002) and one awaiting review.
# ---------------------------------------------------------------------------------------------


def seed_plans() -> None:
    """Drive the demo plans through the real workflow; a zone that has any plan is left alone."""
    from devzone.audit.context import ChangePath, change_path
    from zones import services
    from zones.models import Plan

    users = get_user_model().objects
    with change_path(ChangePath.COMMAND):
        services.ensure_default_plan_rules()  # a flushed test database has lost migration 0003's rows
        for code, content, drafter, reviewer in demo.PLANS:
            zone = Zone.objects.get(code=code)
            if Plan.objects.filter(zone=zone).exists():
                continue
            plan = services.create_plan(user=users.get(username=drafter), zone=zone, data=content)
            plan = services.submit_plan(user=users.get(username=drafter), plan=plan)
            if reviewer:
                services.approve_plan(user=users.get(username=reviewer), plan=plan)

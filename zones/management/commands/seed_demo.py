"""``manage.py seed_demo``: load the demo province, zones and users. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from devzone.tenancy.grants import sync_grants
from devzone.tenancy.services import add_membership
from zones import demo
from zones.areas.models import ZoneArea
from zones.registry.models import Region, RegionLevel, Zone


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
        sync_grants()  # permissions declared since the groups were made reach them too (ADR 0009)
        seed_registry(actor=user_model.objects.get(username="province_admin"))
        seed_plans()

        seed_boundaries(actor=user_model.objects.get(username="province_admin"))
        seed_other_apps()
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪：{Zone.objects.count()} 个开发区，{len(demo.USERS)} 个演示账号。")
        )


def seed_other_apps() -> None:
    """The demo data of the apps above zones: each app's ``<app>.demo.seed()`` when it has one.

    Found by name through the app registry, so zones imports none of them (ADR 0006).
    """
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name == "zones" or "." in config.name or find_spec(f"{config.name}.demo") is None:
            continue
        seed = getattr(import_module(f"{config.name}.demo"), "seed", None)
        if callable(seed):
            seed()


def seed_registry(*, actor: Any) -> None:
    """The registry demo (zones/demo.py): companies, social functions, plots, a merge, a warning.

    Goes through the services as the province admin; idempotent (natural keys, and the status
    change and merge are made only while the zones are still in their starting state).
    """
    from datetime import date
    from decimal import Decimal

    from zones.plots import services as plots_services
    from zones.registry import services
    from zones.registry.models import PlatformCompany, SocialFunction, ZoneStatus

    coastal = Zone.objects.get(code="yingkou-coastal")
    for name, tier, specialty, parent, pct, scope in demo.YINGKOU_COMPANIES:
        existing = PlatformCompany.objects.filter(zone=coastal, name=name).first()
        data = {
            "name": name,
            "tier": tier,
            "specialty": specialty,
            "parent": PlatformCompany.objects.get(zone=coastal, name=parent) if parent else None,
            "shareholding_pct": pct,
            "business_scope": scope,
        }
        services.save_company(user=actor, zone=coastal, company=existing, data=data)
    for function, state, receiver, when, note in demo.YINGKOU_SOCIAL_FUNCTIONS:
        recorded = SocialFunction.objects.filter(zone=coastal, function=function).first()
        item_data: dict[str, Any] = {
            "function": function,
            "state": state,
            "receiving_body": receiver,
            "effective_date": date.fromisoformat(when) if when else None,
            "note": note,
        }
        services.save_social_function(user=actor, zone=coastal, item=recorded, data=item_data)
    this_year = timezone.localdate().year
    for code, plot, use, area, mu, enterprise, tax, output, years_back, needed, note in demo.PLOTS:
        plots_services.upsert_plot(
            user=actor,
            zone=Zone.objects.get(code=code),
            code=plot,
            use=use,
            area_slug=area,
            area_mu=Decimal(mu),
            enterprise=enterprise,
            annual_tax=Decimal(tax) if tax is not None else None,
            annual_output=Decimal(output) if output is not None else None,
            figures_year=this_year - years_back if years_back is not None else None,
            needed_supporting=needed,
            note=note,
        )
    code, to_status, when, document, reason = demo.WARNED
    warned = Zone.objects.get(code=code)
    if warned.status == ZoneStatus.ACTIVE and not warned.status_changes.exists():
        services.change_status(
            user=actor,
            zone=warned,
            to_status=to_status,
            effective_date=date.fromisoformat(when),
            reason=reason,
            document_no=document,
        )
    surviving, merged, when, document, reason = demo.MERGE
    candidates = list(Zone.objects.filter(code__in=merged, status=ZoneStatus.ACTIVE, merges_out__isnull=True))
    if candidates:
        services.merge_zones(
            user=actor,
            surviving=Zone.objects.get(code=surviving),
            merged=candidates,
            effective_date=date.fromisoformat(when),
            document_no=document,
            reason=reason,
        )


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans: Yingkou's approved plan (seed 002) and one awaiting review.
# ---------------------------------------------------------------------------------------------


def seed_plans() -> None:
    """Drive the demo plans through the real workflow; a zone that has any plan is left alone."""
    from devzone.audit.context import ChangePath, change_path
    from zones.plans import services
    from zones.plans.models import Plan

    users = get_user_model().objects
    with change_path(ChangePath.COMMAND):
        services.ensure_default_plan_rules()  # a flushed test database has lost migration 0005's rows
        for code, content, drafter, reviewer in demo.PLANS:
            zone = Zone.objects.get(code=code)
            if Plan.objects.filter(zone=zone).exists():
                continue
            plan = services.create_plan(user=users.get(username=drafter), zone=zone, data=content)
            plan = services.submit_plan(user=users.get(username=drafter), plan=plan)
            if reviewer:
                # a made-up demo 文号 (not a real document), as the approval page requires one
                services.approve_plan(
                    user=users.get(username=reviewer),
                    plan=plan,
                    opinion="同意该方案，请按方案组建机构、核定员额。",
                    document_number="辽编办〔演示〕1号",
                )


def seed_boundaries(*, actor: Any) -> None:
    """The demo boundaries (zones/demo.py, ADR 0164), through the services as the province admin.

    Idempotent: an area that already has a boundary keeps it. The recomputes owed for the areas
    are paid here, in this process, so the demo shows computed figures and flags with or
    without a worker (a worker that also gets the messages finds nothing owed).
    """
    from devzone.recompute import services as recompute
    from devzone.recompute.selectors import pending
    from zones.areas import services
    from zones.areas.recompute import AREA

    for code, (declared, bounds) in demo.OTHER_CATALOGUE.items():
        zone = Zone.objects.get(code=code)
        if not ZoneArea.objects.filter(zone=zone, slug="catalogue").exists():
            data = {"declared_km2": declared, "bounds_text": bounds}
            services.create_area(user=actor, zone=zone, kind="catalogue", data=data)
    for (code, slug), ring in demo.AREA_POLYGONS.items():
        area = ZoneArea.objects.get(zone__code=code, slug=slug)
        if area.geometry is None:
            geometry = {"type": "Polygon", "coordinates": [ring]}
            services.set_area_geometry(user=actor, area=area, geometry=geometry)
    for kind, scope, year in pending().filter(kind=AREA).values_list("kind", "scope", "year"):
        recompute.run(kind=kind, scope=scope, year=year, token="seed_demo")  # noqa: S106 — a run token, not a secret

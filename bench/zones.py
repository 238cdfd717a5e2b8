"""The zones app in the nationwide benchmark (bench/__init__.py convention).

Every zone gets its three standard areas with 96-vertex boundaries (bounding boxes and map
outlines kept as the services and the recompute worker keep them), ``PLOTS`` land plots and an
approved plan, in bulk. ``jobs`` are the writes timed in a child process: the plots and zones
imports and the zone-list PDF.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal
from typing import Any

PLOTS = 20
VERTICES = 96
AREAS = (("catalogue", 1.0), ("planned", 1.4), ("controlled", 0.8))


def ring(lon: float, lat: float, radius: float, rng: random.Random) -> dict[str, Any]:
    points = []
    for k in range(VERTICES):
        angle = 2 * math.pi * k / VERTICES
        r = radius * (0.85 + 0.3 * rng.random())
        points.append([round(lon + r * math.cos(angle), 6), round(lat + 0.8 * r * math.sin(angle), 6)])
    points.append(points[0])
    return {"type": "Polygon", "coordinates": [points]}


def generate(zones: int, seed: int = 9) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from zones.areas.geometry import bbox_fields, outline
    from zones.areas.rules import area_figures
    from zones.models import LandPlot, Plan, Zone, ZoneArea

    rng = random.Random(seed)
    now = timezone.now()
    author = get_user_model().objects.filter(username="bench_city").first()
    areas, plots, plans = [], [], []
    # another app's generator (staffing's, earlier in name order) may have given a zone its plan in force
    in_force = set(Plan.objects.filter(state="approved").values_list("zone_id", flat=True))
    for zone in Zone.objects.select_related("city__parent").order_by("pk"):
        province = zone.city.parent
        assert province is not None  # a generated city always sits in its province
        p = int(province.code[:2]) - 11
        c = int(zone.city.code[2:4])
        # provinces side by side in the country's box, cities inside them: neighbours are near
        lon = 76 + (p % 8) * 6.5 + (c % 4) * 1.5 + rng.random() * 1.2
        lat = 22 + (p // 8) * 6 + (c // 4) * 1.8 + rng.random() * 1.5
        for slug, scale in AREAS:
            geometry = ring(lon, lat, 0.02 * scale, rng)
            km2, mu = area_figures(geometry)
            areas.append(
                ZoneArea(
                    zone=zone,
                    slug=slug,
                    kind=slug,
                    name="",
                    declared_km2=(km2 * Decimal("1.02")).quantize(Decimal("0.0001")),
                    geometry=geometry,
                    geometry_version=1,
                    computed_km2=km2,
                    computed_mu=mu,
                    computed_version=1,
                    computed_at=now,
                    outline=outline(geometry),
                    outline_version=1,
                    **bbox_fields(geometry),
                )
            )
        for k in range(PLOTS):
            plots.append(
                LandPlot(
                    zone=zone,
                    code=f"P-{k:03d}",
                    use=rng.choice(["industrial", "industrial", "supporting", "non_industrial"]),
                    area_mu=Decimal(rng.randrange(10, 400)),
                    enterprise=f"企业{zone.pk}-{k}",
                    annual_tax=Decimal(rng.randrange(10_000, 5_000_000)),
                    annual_output=Decimal(rng.randrange(100_000, 90_000_000)),
                    figures_year=2024,
                )
            )
        if zone.pk not in in_force:
            plans.append(
                Plan(zone=zone, version=1, state="approved", leadership_posts=5, headcount_cap=60, created_by=author)
            )
    ZoneArea.objects.bulk_create(areas, batch_size=1000)
    LandPlot.objects.bulk_create(plots, batch_size=5000)
    Plan.objects.bulk_create(plans, batch_size=1000)
    return {"areas": len(areas), "plots": len(plots), "plans": len(plans)}


def urls(user: Any) -> list[str]:
    from devzone.tenancy import visible_zones

    zone = visible_zones(user).order_by("code").first()
    paths = ["/zones/", "/api/v1/zones/?page_size=100", "/zones/map.geojson", "/plans/", "/"]
    if zone is not None:
        paths += [f"/zones/{zone.code}/", f"/zones/map.geojson?region={zone.city.code}"]
    return paths


# --- timed writes, each in a child process (bench/jobs.py) -----------------------------------


def _workbook(title: str, header: list[str], rows: list[list[Any]]) -> Any:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def import_plots(rows: int = 10_000) -> dict[str, Any]:
    """``rows`` changed plots of the big province's zones from one workbook, through the importer."""
    from django.contrib.auth import get_user_model
    from django.test import override_settings

    from devzone.imports.services import start_import
    from zones.models import LandPlot

    user = get_user_model().objects.get(username="bench_province_admin")
    plots = list(
        LandPlot.objects.filter(zone__city__parent__code="110000").select_related("zone").order_by("pk")[:rows]
    )
    header = ["开发区代码", "地块编号", "用途", "所在区域", "面积(亩)"]
    uses = {"industrial": "产业", "supporting": "配套", "non_industrial": "非产业"}
    book = _workbook("地块", header, [[p.zone.code, p.code, uses[p.use], None, p.area_mu + 1] for p in plots])
    with override_settings(IMPORT_ASYNC_ROWS=rows + 1):
        run = start_import(user=user, importer_name="plots", fileobj=book, file_name="plots.xlsx")
    return {"rows": len(plots), "state": run.state, "updated": run.updated_count}


def import_zones(rows: int = 2_500) -> dict[str, Any]:
    """``rows`` changed zones (management model and planned area) from one workbook."""
    from django.contrib.auth import get_user_model
    from django.test import override_settings

    from devzone.imports.services import start_import
    from zones.models import Zone, ZoneArea

    # the 2 500 changed rows span provinces: imported by a national administrator
    user, _new = get_user_model().objects.get_or_create(
        username="bench_national", defaults={"is_superuser": True, "is_staff": True}
    )
    zones = list(Zone.objects.select_related("city", "county").order_by("pk")[:rows])
    labels = {
        "national_etdz": "国家级经济技术开发区",
        "national_hitech": "国家级高新技术产业开发区",
        "provincial_edz": "省级经济开发区",
        "provincial_hitech": "省级高新技术产业开发区",
        "border_cooperation": "边(跨)境经济合作区",
    }
    header = ["代码", "名称", "类型", "级别", "所在市", "所在县(市、区)", "管理模式", "规划面积(平方公里)"]
    level = {"national": "国家级", "provincial": "省级"}
    # every row changes, however often the job runs: the other management model, the planned area + 1
    planned = dict(ZoneArea.objects.filter(slug="planned").values_list("zone_id", "declared_km2"))
    data = [
        [
            z.code,
            z.name,
            labels[z.kind],
            level[z.level],
            z.city.code,
            z.county.code if z.county else "",
            "管委会+公司" if z.management_model == "zone_government" else "区政合一",
            (planned.get(z.pk) or 0) + 1,
        ]
        for z in zones
    ]
    book = _workbook("开发区", header, data)
    with override_settings(IMPORT_ASYNC_ROWS=rows + 1):
        run = start_import(user=user, importer_name="zones", fileobj=book, file_name="zones.xlsx")
    return {"rows": len(zones), "state": run.state, "updated": run.updated_count, "detail": run.detail[:200]}


def zone_list_pdf() -> dict[str, Any]:
    """The big province's zone-list PDF, rendered as the reports worker renders it."""
    import io

    from django.contrib.auth import get_user_model

    from devzone.reports import registry
    from devzone.reports.rendering import prepare, render_pdf

    user = get_user_model().objects.get(username="bench_province_admin")
    report = registry.get("zone-list")
    assert report is not None
    prepared = prepare(report, user=user, data={})
    target = io.BytesIO()
    pages = render_pdf(prepared, target, budget=10_000)
    return {"rows": prepared.rows, "pages": pages, "bytes": target.tell()}


def jobs() -> dict[str, Any]:
    return {"import_zones": import_zones, "import_plots": import_plots, "zone_list_pdf": zone_list_pdf}

"""The zone profile PDF (SPEC §6, issue 4), read back with poppler; its map is vector SVG."""

from __future__ import annotations

import re
import subprocess
import tempfile
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from devzone.reports import registry
from devzone.reports.rendering import prepare, render_html
from tests.reports import pdf
from zones.areas import services
from zones.areas.recompute import recompute_area
from zones.areas.reports import MAP_COLOURS, project_map
from zones.models import ZoneArea
from zones.plots import selectors as plots_selectors
from zones.profile import selectors
from zones.profile.reports import zone_profile_context

pytestmark = pytest.mark.django_db

COASTAL = "yingkou-coastal"
CATALOGUE_BOUNDS = "东起营钢东路，南至兰旗村，西至海岸线及滨海公路，北至新海大街"


def square(lon: float, lat: float, size: float) -> list[list[float]]:
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


# Boundaries near 营口 (lon 122.1–122.4, lat 40.2–40.4): a polygon, a two-part multipolygon,
# and a polygon with a hole.
GEOMETRIES = {
    "catalogue": {"type": "Polygon", "coordinates": [square(122.20, 40.25, 0.08)]},
    "controlled": {
        "type": "MultiPolygon",
        "coordinates": [[square(122.15, 40.20, 0.15)], [square(122.33, 40.22, 0.04)]],
    },
    "chemical-park": {
        "type": "Polygon",
        "coordinates": [square(122.22, 40.27, 0.03), square(122.23, 40.28, 0.01)[::-1]],
    },
}


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


@pytest.fixture
def drawn(demo: Any) -> dict[str, ZoneArea]:
    """Draw three of the coastal base's areas and compute their figures as the worker would;
    the planned area is left without a boundary (the demo draws one: it is cleared here)."""
    admin = user("province_admin")
    planned = ZoneArea.objects.get(zone__code=COASTAL, slug="planned")
    services.set_area_geometry(user=admin, area=planned, geometry=None)
    recompute_area(str(planned.pk))
    out = {}
    for slug, geometry in GEOMETRIES.items():
        area = ZoneArea.objects.get(zone__code=COASTAL, slug=slug)
        services.set_area_geometry(user=admin, area=area, geometry=geometry)
        recompute_area(str(area.pk))
        out[slug] = ZoneArea.objects.get(pk=area.pk)
    return out


def get_pdf(client: Any, code: str = COASTAL) -> bytes:
    response = client.get(f"/reports/zone-profile.pdf?zone={code}")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_the_profile_pdf_reads_back_every_section(drawn: dict[str, ZoneArea], as_user: Any) -> None:
    data = get_pdf(as_user("city_yingkou"))
    text = pdf.compact(data)
    catalogue = drawn["catalogue"]
    assert catalogue.computed_km2 is not None

    assert "辽宁(营口)沿海产业基地" in text  # basic facts
    assert "开发区档案" in text and "范围：辽宁(营口)沿海产业基地（yingkou-coastal）" in text
    assert "77.27" in text  # declared km²
    assert f"{catalogue.computed_km2:.2f}" in text and f"{catalogue.computed_mu:,.2f}" in text  # computed km², 亩
    assert CATALOGUE_BOUNDS in text  # 四至
    assert "营口沿海开发建设集团有限公司" in text  # platform companies
    assert "西市区人民政府" in text  # social functions (receiving body)
    assert "YK-CY-003" in text and "丙精细化工有限公司" in text  # plot list, enterprise
    zone = selectors.zone_profile(user=user("city_yingkou"), code=COASTAL)
    summary = plots_selectors.plots_summary(zone)
    assert f"{summary.per_mu.tax_per_mu:,.2f}元/亩" in text  # per-mu figures
    # the 调出 list: its plots and total
    move_out = text[text.index("应调出地块（调出）") :]
    for plot in summary.move_out:
        assert plot.code in move_out
    assert f"{summary.move_out_area_mu:.2f}" in move_out
    assert "YK-CY-001" not in move_out  # industrial plots stay

    fonts = pdf.fonts(data)
    assert any("CJK" in f.name for f in fonts), [f.name for f in fonts]
    assert all(f.embedded for f in fonts)
    assert pdf.images(data) == 0  # the map is not a picture


def pdf_as_svg(data: bytes) -> str:
    """Every page through poppler's cairo backend as SVG: vector drawing stays vector there."""
    with tempfile.TemporaryDirectory() as tmp:
        source = f"{tmp}/in.pdf"
        with open(source, "wb") as fh:
            fh.write(data)
        out = []
        for page in range(1, pdf.pages(data) + 1):
            target = f"{tmp}/p{page}.svg"
            subprocess.run(
                ["pdftocairo", "-svg", "-f", str(page), "-l", str(page), source, target],
                check=True,
                capture_output=True,
            )
            with open(target, encoding="utf-8") as fh:
                out.append(fh.read())
    return "\n".join(out)


def map_fills(drawing: str) -> list[tuple[float, float, float]]:
    """The fill colours (0–255) of the translucent even-odd paths: the map's areas, not the legend."""
    found = re.findall(r"fill-rule:evenodd;fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\);fill-opacity:0\.45", drawing)
    return [tuple(float(v) * 255 / 100 for v in rgb) for rgb in found]


def same_colour(rgb: tuple[float, float, float], hex_colour: str) -> bool:
    return all(abs(rgb[i] - int(hex_colour[1 + 2 * i : 3 + 2 * i], 16)) < 1 for i in range(3))


def test_the_map_is_drawn_as_vector_paths_one_per_area(drawn: dict[str, ZoneArea], as_user: Any) -> None:
    prepared = prepare(registry.get("zone-profile"), user=user("zone_yingkou_hr"), data={"zone": COASTAL})
    html = render_html(prepared)
    [svg] = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    paths = re.findall(r'<path data-kind="([a-z_]+)" d="([^"]+)"', svg)
    # one path per drawn area (the planned area has no boundary), largest kinds first
    assert [kind for kind, _d in paths] == ["controlled", "catalogue", "sub_area"]
    by_kind = dict(paths)
    assert by_kind["controlled"].count("M") == 2  # two parts, one path
    assert by_kind["sub_area"].count("M") == 2  # outer ring and hole, one path
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    for _kind, d in paths:
        for x, y in re.findall(r"([\d.]+),([\d.]+)", d):
            assert 0 <= float(x) <= width and 0 <= float(y) <= height
    legend = html[html.index('class="legend"') :]
    assert "实控范围" in legend or "实控" in legend

    # and the PDF draws those paths as vectors (translucent, even-odd filled), in the legend's colours
    fills = map_fills(pdf_as_svg(get_pdf(as_user("zone_yingkou_hr"))))
    assert len(fills) == 3
    for rgb, kind in zip(fills, ["controlled", "catalogue", "sub_area"], strict=True):
        assert same_colour(rgb, MAP_COLOURS[kind][0]), (kind, rgb)


def test_a_zone_without_boundaries_says_so_and_has_no_map(demo: Any, as_user: Any) -> None:
    for area in ZoneArea.objects.filter(zone__code="yingkou-etdz", geometry__isnull=False):  # the demo's
        services.set_area_geometry(user=user("province_admin"), area=area, geometry=None)
    prepared = prepare(registry.get("zone-profile"), user=user("city_yingkou"), data={"zone": "yingkou-etdz"})
    html = render_html(prepared)
    assert "<svg" not in html
    assert "尚未绘制区域边界。" in pdf.compact(get_pdf(as_user("city_yingkou"), "yingkou-etdz"))


def test_sub_parks_and_the_roll_up_are_shown(demo: Any, as_user: Any) -> None:
    text = pdf.compact(get_pdf(as_user("city_dalian"), "dalian-etdz"))
    zone = selectors.zone_profile(user=user("city_dalian"), code="dalian-etdz")
    rollup = plots_selectors.zone_rollup(zone)
    assert rollup is not None
    assert "一区多园与整合" in text and "庄河经济开发区" in text
    assert "合计（本区及分园，共2个）" in text
    assert f"{rollup.per_mu.tax_per_mu:,.2f}元/亩" in text
    assert f"{rollup.plot_area_mu['industrial']:,.2f}亩" in text


def test_out_of_scope_unknown_and_missing_zone(demo: Any, as_user: Any, api_as: Any) -> None:
    assert as_user("city_dalian").get(f"/reports/zone-profile.pdf?zone={COASTAL}").status_code == 404
    assert api_as("city_dalian").get(f"/api/v1/reports/zone-profile.pdf?zone={COASTAL}").status_code == 404
    assert api_as("city_dalian").get("/api/v1/reports/zone-profile.pdf?zone=no-such-zone").status_code == 404
    missing = api_as("city_dalian").get("/api/v1/reports/zone-profile.pdf")
    assert missing.status_code == 400
    assert "zone" in missing.data["errors"]
    ok = api_as("auditor").get(f"/api/v1/reports/zone-profile.pdf?zone={COASTAL}")
    assert ok.status_code == 200 and ok["Content-Type"] == "application/pdf"


def test_the_profile_page_links_the_pdf(demo: Any, as_user: Any) -> None:
    page = as_user("zone_yingkou_hr").get(f"/zones/{COASTAL}/").content.decode()
    assert f'href="/reports/zone-profile.pdf?zone={COASTAL}"' in page


def test_the_establishment_block_sits_after_the_basic_facts(demo: Any) -> None:
    """The plans branch fills ``{% block establishment %}``; it shows right after the facts."""
    prepared = prepare(registry.get("zone-profile"), user=user("province_admin"), data={"zone": COASTAL})
    context = zone_profile_context(prepared.user, prepared.params)
    context.update({"report_title": "开发区档案", "page_counter_css": '""'})
    html = Template(
        '{% extends "zones/reports/zone_profile.html" %}{% block establishment %}<p id="est">编制核定</p>{% endblock %}'
    ).render(Context(context))
    assert html.index('data-section="facts"') < html.index('id="est"') < html.index("状态变更")


def test_projection_keeps_proportions_and_draws_one_path_per_area() -> None:
    # 0.2° × 0.1° at latitude 60°: 0.2 × cos 60° = 0.1 wide, 0.1 high → a square
    drawing = project_map(
        [
            (
                "catalogue",
                "目录",
                {
                    "type": "Polygon",
                    "coordinates": [[[100, 59.95], [100.2, 59.95], [100.2, 60.05], [100, 60.05], [100, 59.95]]],
                },
            ),
            ("sub_area", "子区", None),
        ]
    )
    assert drawing is not None
    assert len(drawing.paths) == 1
    assert drawing.width == pytest.approx(drawing.height, rel=0.01)
    wide = project_map(
        [
            (
                "planned",
                "规划",
                {
                    "type": "Polygon",
                    "coordinates": [[[100, 59.95], [100.4, 59.95], [100.4, 60.05], [100, 60.05], [100, 59.95]]],
                },
            )
        ]
    )
    assert wide is not None
    assert wide.width / wide.height == pytest.approx(2.0, rel=0.05)  # 0.4 × cos 60° = 0.2 vs 0.1
    assert wide.width_km == pytest.approx(0.2 * 111.32 * 1000 / 960, rel=0.01)  # the drawing is 1000 units wide
    assert wide.scale_bar_km == 5  # a round length near a quarter of the width
    assert project_map([("catalogue", "目录", None)]) is None

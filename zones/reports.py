"""This app's PDFs, on the devzone/reports framework (imported from ZonesConfig.ready())."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.reports.registry import OutOfScope, Report, ReportParams, register
from devzone.reports.selectors import user_scope

from . import rules, selectors
from .forms import ZoneFilterForm
from .models import AreaKind, Plan, PlanSnapshot, PlotUse, Zone


class ZoneListParams(ReportParams, ZoneFilterForm):
    """The zone list page's filters; a city outside the user's scope is a 404."""

    def clean_city(self) -> str:
        code = self.cleaned_data.get("city") or ""
        if code and selectors.city_in_scope(user=self.user, code=code) is None:
            raise OutOfScope(code)
        return code


def _filters_text(params: dict[str, Any]) -> str:
    form = ZoneListParams(user=None)
    parts = []
    for name, field in form.fields.items():
        value = params.get(name)
        if not value:
            continue
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        parts.append(f"{field.label} {shown}")
    return "、".join(parts)


def zone_list_scope(user: Any, params: dict[str, Any]) -> str:
    scope = user_scope(user)
    filters = _filters_text(params)
    return _("%(scope)s；筛选：%(filters)s") % {"scope": scope, "filters": filters} if filters else scope


ZONE_LIST = register(
    Report(
        slug="zone-list",
        title=gettext_lazy("开发区名录"),
        template="zones/reports/zone_list.html",
        params=ZoneListParams,
        context=lambda user, params: {"zones": selectors.zone_list(user=user, filters=params)},
        count=lambda user, params: selectors.zone_list(user=user, filters=params).count(),
        scope=zone_list_scope,
        description=gettext_lazy("用户可见范围内的开发区，可按所在市、类型、级别、状态、管理模式筛选"),
        rows_per_page=40,
    )
)


# ---------------------------------------------------------------------------------------------
# The zone profile (SPEC §6 "zone profile", issue 4; ADR 0172): one zone's whole registry on a
# few pages, with a vector map of its area boundaries drawn as inline SVG (no tiles, no images).
# ---------------------------------------------------------------------------------------------

# Map drawing size in SVG user units (the template scales it to the page width).
MAP_WIDTH = 1000.0
MAP_MAX_HEIGHT = 700.0
MAP_PADDING = 20.0
KM_PER_DEGREE = 111.32  # one degree of latitude (and of longitude at the equator), in km
# Largest first, so the smaller areas are drawn on top and stay visible.
MAP_KIND_ORDER = ("controlled", "planned", "catalogue", "sub_area")
MAP_COLOURS = {
    "controlled": ("#9ca3af", "#4b5563"),
    "planned": ("#93c5fd", "#1d4ed8"),
    "catalogue": ("#fcd34d", "#b45309"),
    "sub_area": ("#fca5a5", "#b91c1c"),
}


@dataclass(frozen=True)
class MapPath:
    kind: str
    label: str
    d: str
    fill: str
    stroke: str


@dataclass(frozen=True)
class MapLegend:
    kind: str
    label: str
    fill: str
    stroke: str


@dataclass(frozen=True)
class ZoneMap:
    """The zone's boundaries projected into an SVG viewBox ``0 0 width height``."""

    width: float
    height: float
    paths: list[MapPath]
    legend: list[MapLegend] = dataclass_field(default_factory=list)
    width_km: float = 0.0
    scale_bar_units: float = 0.0
    scale_bar_km: float = 0.0

    @property
    def scale_bar(self) -> tuple[float, float, float]:
        """``(x1, x2, y)`` of the scale bar, along the lower left edge."""
        return MAP_PADDING, round(MAP_PADDING + self.scale_bar_units, 1), round(self.height - MAP_PADDING / 2, 1)


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield from polygon


def _nice_km(limit: float) -> float:
    """The largest 1/2/5 × 10ⁿ km not above ``limit`` (for the scale bar)."""
    if limit <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(limit))
    return next(step * power for step in (5, 2, 1) if step * power <= limit)


def project_map(areas: Sequence[tuple[str, str, dict[str, Any]]]) -> ZoneMap | None:
    """Project ``(kind, label, GeoJSON geometry)`` into SVG paths: one path per area.

    Equirectangular, longitudes scaled by cos(mean latitude) so shapes keep their proportions
    at a zone's size; y grows southwards. Holes and multi-part areas stay in the area's one path
    (drawn with ``fill-rule: evenodd``). Points that fall on the same 0.1 unit are dropped.
    """
    drawn = [(kind, label, geometry) for kind, label, geometry in areas if geometry]
    if not drawn:
        return None
    points = [pt for _k, _l, g in drawn for ring in _rings(g) for pt in ring]
    lons = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    cos_lat = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * cos_lat, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    inner = MAP_WIDTH - 2 * MAP_PADDING
    scale = min(inner / span_x, (MAP_MAX_HEIGHT - 2 * MAP_PADDING) / span_y)
    width = span_x * scale + 2 * MAP_PADDING
    height = span_y * scale + 2 * MAP_PADDING

    def xy(pt: Sequence[float]) -> tuple[float, float]:
        x = MAP_PADDING + (float(pt[0]) - min_lon) * cos_lat * scale
        y = MAP_PADDING + (max_lat - float(pt[1])) * scale
        return round(x, 1), round(y, 1)

    order = {kind: i for i, kind in enumerate(MAP_KIND_ORDER)}
    paths: list[MapPath] = []
    for kind, label, geometry in sorted(drawn, key=lambda a: order.get(a[0], len(order))):
        parts = []
        for ring in _rings(geometry):
            projected: list[tuple[float, float]] = []
            for pt in ring:
                p = xy(pt)
                if not projected or projected[-1] != p:
                    projected.append(p)
            if len(projected) < 3:
                continue
            parts.append("M" + " L".join(f"{x:g},{y:g}" for x, y in projected) + " Z")
        fill, stroke = MAP_COLOURS.get(kind, MAP_COLOURS["sub_area"])
        paths.append(MapPath(kind, label, " ".join(parts), fill, stroke))
    labels = dict(AreaKind.choices)
    legend = [
        MapLegend(kind, str(labels.get(kind, kind)), *MAP_COLOURS.get(kind, MAP_COLOURS["sub_area"]))
        for kind in dict.fromkeys(p.kind for p in paths)
    ]
    km_per_unit = KM_PER_DEGREE / scale
    bar_km = _nice_km(width * km_per_unit / 4)
    return ZoneMap(
        width=round(width, 1),
        height=round(height, 1),
        paths=paths,
        legend=legend,
        width_km=round(width * km_per_unit, 1),
        scale_bar_units=round(bar_km / km_per_unit, 1) if bar_km else 0.0,
        scale_bar_km=bar_km,
    )


class ZoneProfileParams(ReportParams):
    zone = forms.SlugField(label=gettext_lazy("开发区代码"), max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["profile"] = selectors.zone_profile(user=self.user, code=data["zone"])
        except Zone.DoesNotExist as exc:  # not there, or not in the user's scope: the same 404
            raise OutOfScope(data["zone"]) from exc
        return data


def zone_profile_context(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    zone = params["profile"]
    areas = list(zone.areas.all())
    plots = list(zone.plots.all())
    sub_parks = list(zone.sub_parks.all())
    establishment = selectors.zone_establishment(zone)
    return {
        "zone": zone,
        "establishment": establishment,
        "establishment_units": [
            (_("内设机构"), establishment.internal_bodies),
            (_("派驻机构"), establishment.dispatched_agencies),
        ]
        if establishment
        else [],
        "areas": areas,
        "map": project_map([(a.kind, a.name or a.get_kind_display(), a.geometry) for a in areas]),
        "status_changes": list(zone.status_changes.all()),
        "companies": list(zone.platform_companies.all()),
        "social_functions": list(zone.social_functions.all()),
        "summary": selectors.plots_summary(zone),
        "plot_rows": [
            (p, rules.per_mu(p.annual_tax, p.area_mu), rules.per_mu(p.annual_output, p.area_mu)) for p in plots
        ],
        "use_labels": dict(PlotUse.choices),
        "sub_parks": sub_parks,
        "merges": [*zone.merges_received.all(), *zone.merges_out.all()],
        "rollup": selectors.zone_rollup(zone),
    }


def zone_profile_count(user: Any, params: dict[str, Any]) -> int:
    zone = params["profile"]
    return sum(
        len(getattr(zone, name).all())
        for name in ("areas", "plots", "status_changes", "platform_companies", "social_functions", "sub_parks")
    )


ZONE_PROFILE = register(
    Report(
        slug="zone-profile",
        title=gettext_lazy("开发区档案"),
        template="zones/reports/zone_profile.html",
        params=ZoneProfileParams,
        context=zone_profile_context,
        count=zone_profile_count,
        scope=lambda user, params: f"{params['profile'].name}（{params['profile'].code}）",
        description=gettext_lazy(
            "一个开发区的基本情况、状态变更、区域与四至及边界图、平台公司、社会事务职能、地块与亩均效益"
        ),
        rows_per_page=30,
    )
)


# --- 一区一策 plans: one version (or one of its submissions), and a comparison of two -----------


def _revision(user: Any, plan_id: int, submission: int | None) -> selectors.PlanRevision:
    try:
        return selectors.plan_revision(user=user, plan_id=plan_id, submission=submission)
    except (Plan.DoesNotExist, PlanSnapshot.DoesNotExist) as exc:  # unknown or out of scope: 404
        raise OutOfScope(str(plan_id)) from exc


class PlanParams(ReportParams):
    plan = forms.IntegerField(label=gettext_lazy("方案编号"), min_value=1)
    submission = forms.IntegerField(label=gettext_lazy("报送次数"), min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            data["revision"] = _revision(self.user, data["plan"], data.get("submission"))
        return data


def plan_context(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    revision: selectors.PlanRevision = params["revision"]
    plan = revision.plan
    return {
        "plan": plan,
        "revision": revision,
        "sections": selectors.plan_sections(revision.data),
        "transitions": list(plan.transitions.all()),
    }


PLAN = register(
    Report(
        slug="plan",
        title=gettext_lazy("一区一策改革方案"),
        template="zones/reports/plan.html",
        params=PlanParams,
        context=plan_context,
        count=lambda user, params: len(selectors.plan_sections(params["revision"].data)),
        scope=lambda user, params: f"{params['revision'].plan.zone.name} · {params['revision'].label}",
        description=gettext_lazy("一区一策方案的一个版本（或其某次报送）：各部分内容、审核流转记录"),
        rows_per_page=4,
    )
)


class PlanCompareParams(ReportParams):
    a = forms.IntegerField(label=gettext_lazy("原方案编号"), min_value=1)
    a_submission = forms.IntegerField(label=gettext_lazy("原方案报送次数"), min_value=1, required=False)
    b = forms.IntegerField(label=gettext_lazy("新方案编号"), min_value=1)
    b_submission = forms.IntegerField(label=gettext_lazy("新方案报送次数"), min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        first = _revision(self.user, data["a"], data.get("a_submission"))
        second = _revision(self.user, data["b"], data.get("b_submission"))
        if first.plan.zone_id != second.plan.zone_id:
            raise forms.ValidationError(_("只能对比同一开发区的方案版本。"))
        data["comparison"] = selectors.compare_plans(first, second)
        data["zone_name"] = first.plan.zone.name
        return data


PLAN_COMPARE = register(
    Report(
        slug="plan-compare",
        title=gettext_lazy("一区一策方案版本对比"),
        template="zones/reports/plan_compare.html",
        params=PlanCompareParams,
        context=lambda user, params: {"comparison": params["comparison"], "zone_name": params["zone_name"]},
        count=lambda user, params: len(params["comparison"]["sections"]),
        scope=lambda user, params: (
            _("%(zone)s：%(a)s → %(b)s")
            % {
                "zone": params["zone_name"],
                "a": params["comparison"]["a"]["label"],
                "b": params["comparison"]["b"]["label"],
            }
        ),
        description=gettext_lazy("同一开发区两个方案版本（或报送）逐部分的差异"),
        rows_per_page=4,
    )
)

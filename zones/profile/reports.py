"""The zone profile PDF, on the devzone/reports framework (imported from ZonesConfig.ready())."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.reports.registry import OutOfScope, Report, ReportParams, register
from zones.areas.reports import project_map
from zones.plans import selectors as plans_selectors
from zones.plots import rules as plots_rules
from zones.plots import selectors as plots_selectors
from zones.plots.models import PlotUse
from zones.registry.models import Zone

from . import selectors


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
    establishment = plans_selectors.zone_establishment(zone)
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
        "summary": plots_selectors.plots_summary(zone),
        "plot_rows": [
            (p, plots_rules.per_mu(p.annual_tax, p.area_mu), plots_rules.per_mu(p.annual_output, p.area_mu))
            for p in plots
        ],
        "use_labels": dict(PlotUse.choices),
        "sub_parks": sub_parks,
        "merges": [*zone.merges_received.all(), *zone.merges_out.all()],
        "rollup": plots_selectors.zone_rollup(zone),
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

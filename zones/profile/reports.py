"""The zone profile PDF, on the devzone/reports framework (imported from ZonesConfig.ready())."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from devzone.reports.registry import OutOfScope, Report, ReportParams, register, zone_choices
from devzone.types import User
from zones.areas.reports import project_map
from zones.registry.models import Zone

from . import selectors


class ZoneProfileParams(ReportParams):
    page_choices = {"zone": zone_choices}

    zone = forms.SlugField(label=gettext_lazy("开发区代码"), max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if self.errors:
            return data
        try:
            data["profile"] = selectors.zone_profile(user=self.user, code=data["zone"])
        except Zone.DoesNotExist as exc:  # not there, or not in the user's scope: the same 404
            raise OutOfScope(data["zone"]) from exc
        return data


def zone_profile_context(user: User, params: dict[str, Any]) -> dict[str, Any]:
    """The profile page's context (one selector for both) and the boundary map drawn for print."""
    context = selectors.profile_context(user=user, zone=params["profile"])
    areas = context["areas"]
    context["map"] = project_map([(a.kind, a.name or a.get_kind_display(), a.geometry) for a in areas])
    return context


def zone_profile_count(user: User, params: dict[str, Any]) -> int:
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

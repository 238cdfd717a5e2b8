"""The zone as a whole: its registry, areas, plots and establishment prefetched for the profile and the detail API."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from zones.areas.models import ZoneArea
from zones.areas.selectors import with_areas
from zones.plans.selectors import with_establishment
from zones.plots.models import LandPlot
from zones.registry.models import PlatformCompany, SocialFunction, Zone, ZoneMerge, ZoneStatusChange
from zones.registry.selectors import COMPANY_TIER_ORDER, SOCIAL_FUNCTION_ORDER, zone_list


def with_registry(qs: QuerySet[Zone]) -> QuerySet[Zone]:
    """Everything the profile page and the detail API show, prefetched (fixed query count)."""
    member_areas = Prefetch("areas", queryset=ZoneArea.objects.order_by("kind", "slug"))
    member_plots = Prefetch("plots", queryset=LandPlot.objects.order_by("code"))
    return with_areas(qs.select_related("parent_zone")).prefetch_related(
        Prefetch(
            "status_changes",
            queryset=ZoneStatusChange.objects.select_related("changed_by").order_by("-effective_date", "-id"),
        ),
        Prefetch(
            "platform_companies",
            queryset=PlatformCompany.objects.select_related("parent")
            .annotate(tier_order=COMPANY_TIER_ORDER)
            .order_by("tier_order", "name"),
        ),
        Prefetch(
            "social_functions",
            queryset=SocialFunction.objects.annotate(kind_order=SOCIAL_FUNCTION_ORDER).order_by("kind_order"),
        ),
        Prefetch("plots", queryset=LandPlot.objects.select_related("area").order_by("code")),
        Prefetch("sub_parks", queryset=Zone.objects.order_by("code").prefetch_related(member_areas, member_plots)),
        Prefetch(
            "merges_received", queryset=ZoneMerge.objects.select_related("merged_zone").order_by("-effective_date")
        ),
        Prefetch("merges_out", queryset=ZoneMerge.objects.select_related("surviving_zone").order_by("-effective_date")),
    )


def zone_profile(*, user: Any, code: str) -> Zone:
    """One zone in scope with its whole registry and its establishment, or ``Zone.DoesNotExist``
    (404) outside."""
    return with_establishment(with_registry(zone_list(user=user))).get(code=code)

"""The zone as a whole: its registry, areas, plots and establishment prefetched for the profile and the detail API."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from devzone.domain import NotFound
from devzone.tenancy.scope import can
from devzone.types import User
from zones.areas.models import ZoneArea
from zones.areas.selectors import with_areas
from zones.plans.selectors import with_establishment, zone_establishment
from zones.plots import rules as plots_rules
from zones.plots.models import LandPlot, PlotUse
from zones.plots.selectors import plots_summary, revenue_per_mu, zone_rollup
from zones.registry.grants import CHANGE_STATUS, EDIT_REGISTRY
from zones.registry.models import PlatformCompany, SocialFunction, Zone, ZoneMerge, ZoneStatusChange
from zones.registry.selectors import COMPANY_TIER_ORDER, SOCIAL_FUNCTION_ORDER, visible_zone_ids, zone_list


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


def zone_profile(*, user: User | None, code: str) -> Zone:
    """One zone in scope with its whole registry and its establishment, or ``Zone.DoesNotExist``
    (404) outside."""
    return with_establishment(with_registry(zone_list(user=user))).get(code=code)


def zones_for_api(*, detail: bool = False) -> QuerySet[Zone]:
    """The zone API's rows (the viewset's filter backend scopes them); ``detail``: with the whole
    profile prefetched."""
    qs = Zone.objects.select_related("city", "county", "parent_zone")
    if detail:
        qs = with_establishment(with_registry(qs))
    return qs.order_by("city__code", "code")


def zone_detail(*, zone_id: int) -> Zone:
    """The zone as the detail API shows it (after a write: reloaded with everything prefetched)."""
    return with_establishment(with_registry(Zone.objects.all())).get(pk=zone_id)


def profile_context(*, user: User, zone: Zone) -> dict[str, Any]:
    """What the profile page and the profile PDF show of ``zone`` (from ``zone_profile``): built
    here once, so the page and the PDF cannot drift apart."""
    areas = list(zone.areas.all())
    sub_parks = list(zone.sub_parks.all())
    establishment = zone_establishment(zone)  # from the approved 一区一策 plan
    return {
        "zone": zone,
        "can_edit": can(user, EDIT_REGISTRY, zone),
        "can_change_status": can(user, CHANGE_STATUS, zone),
        "establishment": establishment,
        "establishment_units": [
            (_("内设机构"), establishment.internal_bodies),
            (_("派驻机构"), establishment.dispatched_agencies),
        ]
        if establishment
        else [],
        "areas": areas,
        "status_changes": list(zone.status_changes.all()),
        "companies": list(zone.platform_companies.all()),
        "social_functions": list(zone.social_functions.all()),
        "summary": plots_summary(zone),
        "revenue_per_mu": revenue_per_mu(zone),
        "plot_rows": [
            (p, plots_rules.per_mu(p.annual_tax, p.area_mu), plots_rules.per_mu(p.annual_output, p.area_mu))
            for p in zone.plots.all()
        ],
        "use_labels": dict(PlotUse.choices),
        "sub_parks": sub_parks,
        # links only to the related zones the user may open
        "visible_sub_parks": visible_zone_ids(
            user=user, zones=[*sub_parks, *([zone.parent_zone] if zone.parent_zone else [])]
        ),
        "merges": [*zone.merges_received.all(), *zone.merges_out.all()],
        "rollup": zone_rollup(zone),
    }


def profile_in_scope(*, user: User, code: str) -> dict[str, Any]:
    """The profile page's context for the zone ``code``, or ``NotFound`` outside ``user``'s scope."""
    try:
        zone = zone_profile(user=user, code=code)
    except Zone.DoesNotExist as exc:
        raise NotFound from exc
    return profile_context(user=user, zone=zone)

"""Reads of regions and zones, always through the tenancy choke point."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from devzone.tenancy import scoped, visible_zones
from devzone.tenancy.roles import CHANGE_STATUS
from devzone.tenancy.scope import scope_filter_for_region

from . import rules
from .models import (
    CompanyTier,
    LandPlot,
    PlatformCompany,
    PlotUse,
    Region,
    RegionAreaTotal,
    SocialFunction,
    SocialFunctionKind,
    Zone,
    ZoneArea,
    ZoneMerge,
    ZoneStatusChange,
)


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("parent").order_by("code")


def areas_in_region(region: Region, kind: str) -> QuerySet[ZoneArea]:
    """Every area of ``kind`` of the zones inside ``region`` (not scoped: the recompute worker's read)."""
    lookup = {f"zone__{field}": value for field, value in scope_filter_for_region(region).items()}
    return ZoneArea.objects.filter(kind=kind, **lookup)


def zone_areas(*, code: str) -> QuerySet[ZoneArea]:
    """The areas of the zone ``code``; the API's filter backend scopes them to the user's zones."""
    return ZoneArea.objects.filter(zone__code=code).select_related("zone").order_by("kind", "slug")


def region_area_totals(*, region: Region) -> QuerySet[RegionAreaTotal]:
    """The area totals of a region, one per area kind (each knows whether it is ``stale``)."""
    return RegionAreaTotal.objects.filter(region=region).select_related("region").order_by("kind")


def zone_list(*, user: Any, filters: dict[str, str] | None = None) -> QuerySet[Zone]:
    """The zones ``user`` may see, filtered by the list page's/API's query parameters."""
    qs = scoped(Zone.objects.all(), user, "")
    filters = filters or {}
    for field in ("kind", "level", "status", "management_model"):
        if filters.get(field):
            qs = qs.filter(**{field: filters[field]})
    if filters.get("city"):
        qs = qs.filter(city__code=filters["city"])
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("parent_zone"):
        qs = qs.filter(parent_zone__code=filters["parent_zone"])
    if filters.get("q"):
        qs = search_zones(qs, filters["q"])
    return qs.select_related("city", "county").order_by("city__code", "code")


def search_zones(qs: QuerySet[Zone], text: str) -> QuerySet[Zone]:
    text = text.strip()
    return qs.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(leading_industries__icontains=text))


def with_areas(qs: QuerySet[Zone]) -> QuerySet[Zone]:
    return qs.prefetch_related(Prefetch("areas", queryset=ZoneArea.objects.order_by("kind", "slug")))


def zone_detail(*, user: Any, code: str) -> Zone:
    """One zone in scope, or ``Zone.DoesNotExist`` (shown as 404) when it is outside."""
    return with_areas(zone_list(user=user)).get(code=code)


def city_in_scope(*, user: Any, code: str) -> Region | None:
    """The city ``code`` if it lies in the user's scope: a membership covers it (the city itself
    or its province), or the user sees a zone in it. None otherwise (shown as 404)."""
    city = Region.objects.filter(code=code, level="city").select_related("parent").first()
    if city is None or user is None or not user.is_authenticated:
        return None
    if user.is_superuser or user.memberships.filter(region__in=[city.pk, city.parent_id]).exists():
        return city
    return city if scoped(Zone.objects.filter(city=city), user, "").exists() else None


# ---------------------------------------------------------------------------------------------
# Registry reads: a zone's profile with its status history, platform companies, sub-parks,
# merges, social functions and plots in a fixed number of queries; per-mu figures, the 调出
# list and the roll-up are computed from the prefetched rows by zones.rules.
# ---------------------------------------------------------------------------------------------

COMPANY_TIER_ORDER = Case(
    When(tier=CompanyTier.OWNER, then=Value(0)),
    When(tier=CompanyTier.GROUP, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
# Social functions in the order of the data list (SocialFunctionKind), not alphabetically.
SOCIAL_FUNCTION_ORDER = Case(
    *[When(function=value, then=Value(i)) for i, value in enumerate(SocialFunctionKind.values)],
    default=Value(len(SocialFunctionKind.values)),
    output_field=IntegerField(),
)
# The same set as rules.must_move_out, as a query (tests keep the two in step).
MOVE_OUT_Q = Q(use=PlotUse.NON_INDUSTRIAL) | Q(use=PlotUse.SUPPORTING, needed_supporting=False)


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
    """One zone in scope with its whole registry, or ``Zone.DoesNotExist`` (404) outside."""
    return with_registry(zone_list(user=user)).get(code=code)


def zone_in_scope(*, user: Any, code: str) -> Zone:
    """The zone ``code`` if ``user`` may see it, else ``Zone.DoesNotExist`` (shown as 404)."""
    return scoped(Zone.objects.select_related("city", "county"), user, "").get(code=code)


def plot_rules(plot: LandPlot) -> rules.Plot:
    return rules.Plot(
        use=plot.use,
        area_mu=plot.area_mu,
        annual_tax=plot.annual_tax,
        annual_output=plot.annual_output,
        figures_year=plot.figures_year,
        needed_supporting=plot.needed_supporting,
        enterprise=plot.enterprise,
        code=plot.code,
    )


@dataclass(frozen=True)
class PlotsSummary:
    plot_count: int
    area_mu_by_use: dict[str, Decimal]
    move_out_count: int
    move_out_area_mu: Decimal
    per_mu: rules.PerMu
    per_enterprise: dict[str, rules.PerMu]
    move_out: list[LandPlot]


def plots_summary(zone: Zone) -> PlotsSummary:
    """Per-mu figures of a zone and its 调出 list, from its (prefetched) plots."""
    plots = list(zone.plots.all())
    figures = [plot_rules(p) for p in plots]
    out = [p for p, f in zip(plots, figures, strict=True) if rules.must_move_out(f)]
    per_mu = rules.zone_per_mu(figures)
    return PlotsSummary(
        plot_count=len(plots),
        area_mu_by_use=rules.area_by_use(figures),
        move_out_count=len(out),
        move_out_area_mu=sum((p.area_mu for p in out), Decimal(0)),
        per_mu=per_mu,
        per_enterprise=rules.per_enterprise(figures, per_mu.year),
        move_out=out,
    )


def zone_rollup(zone: Zone) -> rules.Rollup | None:
    """The zone's totals with its sub-parks and merged zones (None when it has none).

    Works on a zone from ``with_registry`` (no further queries): declared areas, plot area by
    use and per-mu figures over the zone and every zone whose ``parent_zone`` it is.
    """
    members = [zone, *zone.sub_parks.all()]
    if len(members) == 1:
        return None
    return rules.rollup(
        {
            m.code: (
                [(a.kind, a.declared_km2) for a in m.areas.all()],
                [plot_rules(p) for p in m.plots.all()],
            )
            for m in members
        }
    )


def visible_zone_ids(*, user: Any, zones: list[Zone]) -> set[int]:
    """Which of ``zones`` the user may open (sub-park links on a profile)."""
    if not zones:
        return set()
    return set(visible_zones(user).filter(pk__in=[z.pk for z in zones]).values_list("pk", flat=True))


def status_history(*, zone: Zone) -> QuerySet[ZoneStatusChange]:
    return zone.status_changes.select_related("changed_by").order_by("-effective_date", "-id")


def company_list(*, zone: Zone) -> QuerySet[PlatformCompany]:
    return (
        PlatformCompany.objects.filter(zone=zone)
        .select_related("parent", "zone")
        .annotate(tier_order=COMPANY_TIER_ORDER)
        .order_by("tier_order", "name")
    )


def social_function_list(*, zone: Zone) -> QuerySet[SocialFunction]:
    return (
        SocialFunction.objects.filter(zone=zone)
        .select_related("zone")
        .annotate(kind_order=SOCIAL_FUNCTION_ORDER)
        .order_by("kind_order")
    )


def plot_list(*, zone: Zone, use: str | None = None, move_out: bool | None = None) -> QuerySet[LandPlot]:
    qs = LandPlot.objects.filter(zone=zone).select_related("area", "zone")
    if use:
        qs = qs.filter(use=use)
    if move_out is True:
        qs = qs.filter(MOVE_OUT_Q)
    elif move_out is False:
        qs = qs.exclude(MOVE_OUT_Q)
    return qs.order_by("code")


def mergeable_zones(*, user: Any, surviving: Zone) -> QuerySet[Zone]:
    """Zones the user could merge into ``surviving`` (the merge form's choices)."""
    return (
        visible_zones(user, CHANGE_STATUS)
        .exclude(pk=surviving.pk)
        .filter(status__in=rules.MERGEABLE)
        .select_related("city")
        .order_by("city__code", "code")
    )


def parent_zone_choices(*, user: Any, zone: Zone | None = None) -> QuerySet[Zone]:
    """Zones that may hold sub-parks, among those the user sees (edit form, list filter)."""
    qs = scoped(Zone.objects.filter(parent_zone__isnull=True, status__in=rules.RECEIVING), user, "")
    if zone is not None:
        qs = qs.exclude(pk=zone.pk)
    return qs.order_by("city__code", "code")


# --- area rules and maps (ADR 0161/0162) ------------------------------------------------------


def declared_tolerance(year: int | None = None) -> Decimal:
    """The declared-vs-computed tolerance (a fraction) of the rule set in force for ``year``."""
    from django.utils import timezone

    from .models import AreaRuleSet

    year = year or timezone.localdate().year
    pct = (
        AreaRuleSet.objects.filter(effective_year__lte=year)
        .order_by("-effective_year")
        .values_list("declared_tolerance_pct", flat=True)
        .first()
    )
    return rules.DECLARED_TOLERANCE if pct is None else pct / 100


def map_areas(*, user: Any, code: str | None = None) -> QuerySet[ZoneArea]:
    """The drawn areas of the zones ``user`` may see (of one zone with ``code``), for the maps."""
    qs = scoped(ZoneArea.objects.filter(geometry__isnull=False), user, "zone")
    if code is not None:
        qs = qs.filter(zone__code=code)
    return qs.select_related("zone__city").order_by("zone__code", "kind", "slug")

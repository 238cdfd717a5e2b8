"""Reads of regions and zones, always through the tenancy choke point."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from devzone.tenancy import can, scoped, visible_zones
from devzone.tenancy.roles import CHANGE_STATUS, DRAFT_PLAN, REVIEW_PLAN
from devzone.tenancy.scope import scope_filter_for_region

from . import rules
from .models import (
    OPEN_PLAN_STATES,
    CompanyTier,
    EstablishmentUnit,
    FinanceModel,
    LandPlot,
    ManagementModel,
    Plan,
    PlanAgency,
    PlanBody,
    PlanComment,
    PlanRuleSet,
    PlanSection,
    PlanSnapshot,
    PlanTransition,
    PlatformCompany,
    PlotUse,
    Region,
    RegionAreaTotal,
    SocialFunction,
    SocialFunctionKind,
    Zone,
    ZoneArea,
    ZoneEstablishment,
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
    """One zone in scope with its whole registry and its establishment, or ``Zone.DoesNotExist``
    (404) outside."""
    return with_establishment(with_registry(zone_list(user=user))).get(code=code)


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


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans and the establishment (SPEC §1): reads, always scoped
# ---------------------------------------------------------------------------------------------

PLAN_FIGURES = (
    "leadership_posts",
    "leadership_note",
    "headcount_cap",
    "hiring_mode",
    "contract_term_years",
    "exit_rule",
    "finance_model",
)
PLAN_LISTS = {"internal_bodies": "bodies", "dispatched_agencies": "agencies"}


def plan_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Plan]:
    """The plans of the zones ``user`` may see, newest version first within each zone."""
    qs = scoped(Plan.objects.all(), user, "zone")
    filters = filters or {}
    if filters.get("zone"):
        qs = qs.filter(zone__code=filters["zone"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    return qs.select_related("zone", "zone__city", "created_by").order_by("zone__city__code", "zone__code", "-version")


def with_plan_details(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    return qs.select_related("zone", "zone__city", "created_by", "based_on").prefetch_related(
        Prefetch("bodies", queryset=PlanBody.objects.order_by("order", "id")),
        Prefetch("agencies", queryset=PlanAgency.objects.order_by("order", "id")),
        Prefetch("snapshots", queryset=PlanSnapshot.objects.select_related("created_by").order_by("number")),
        Prefetch(
            "comments", queryset=PlanComment.objects.select_related("author", "snapshot").order_by("created_at", "id")
        ),
        Prefetch(
            "transitions", queryset=PlanTransition.objects.select_related("user", "snapshot").order_by("at", "id")
        ),
    )


def plan_detail(*, user: Any, pk: Any) -> Plan:
    """One plan in scope, or ``Plan.DoesNotExist`` (a 404) when it is outside or unknown."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Plan.DoesNotExist from exc
    return with_plan_details(plan_list(user=user)).get(pk=pk)


def plan_input(plan: Plan) -> dict[str, Any]:
    """The plan's editable content, in the shape ``services.create_plan``/``update_plan`` take."""
    data: dict[str, Any] = {name: getattr(plan, name) for name in PLAN_FIGURES}
    for key, related in PLAN_LISTS.items():
        data[key] = [{"name": u.name, "duties": u.duties} for u in getattr(plan, related).all()]
    texts = plan.sections or {}
    data["sections"] = {slug: texts[slug] for slug in rules.SECTIONS if texts.get(slug)}
    return data


def plan_data(plan: Plan) -> dict[str, Any]:
    """The whole plan as a plain document: what a snapshot freezes, a comparison or a PDF reads."""
    return {
        "plan": plan.pk,
        "zone": plan.zone.code,
        "zone_name": plan.zone.name,
        "management_model": plan.zone.management_model,
        "version": plan.version,
        **plan_input(plan),
    }


def plan_figures(data: dict[str, Any]) -> rules.PlanFigures:
    """What the rules check, from a plan document (``plan_data``)."""
    model = data["management_model"]
    return rules.PlanFigures(
        management_model=model,
        model_label=str(ManagementModel(model).label) if model in ManagementModel.values else model,
        headcount_cap=data.get("headcount_cap"),
        leadership_posts=data.get("leadership_posts"),
        contract_term_years=data.get("contract_term_years"),
        bodies=[rules.Unit(u["name"], u.get("duties", "")) for u in data.get("internal_bodies") or []],
        agencies=[rules.Unit(u["name"], u.get("duties", "")) for u in data.get("dispatched_agencies") or []],
    )


def plan_rule_set(year: int) -> PlanRuleSet | None:
    """The province's rule set in force in ``year``: the latest one effective by then."""
    return (
        PlanRuleSet.objects.filter(effective_year__lte=year)
        .prefetch_related("bounds")
        .order_by("-effective_year")
        .first()
    )


def rules_of(rule_set: PlanRuleSet) -> rules.PlanRules:
    required = {
        "headcount_cap": rule_set.require_headcount_cap,
        "leadership_posts": rule_set.require_leadership_posts,
        "contract_term_years": rule_set.require_contract_term,
    }
    return rules.PlanRules(
        bounds={
            b.management_model: rules.BodyBound(b.min_bodies, b.max_bodies, b.max_agencies)
            for b in rule_set.bounds.all()
        },
        required_positive=frozenset(name for name, on in required.items() if on),
        duties_required=rule_set.duties_required,
    )


def render_violation(violation: rules.Violation) -> str:
    """A rule's message in the current language."""
    return gettext(violation.message) % violation.params


def violation_messages(violations: list[rules.Violation]) -> dict[str, list[str]]:
    """``{section slug: [message, …]}`` in section order."""
    return {section: [render_violation(v) for v in items] for section, items in rules.by_section(violations).items()}


def section_title(slug: str) -> str:
    return str(PlanSection(slug).label) if slug in PlanSection.values else slug


def _field_label(name: str) -> str:
    return str(Plan._meta.get_field(name).verbose_name)


LIST_LABELS = {"internal_bodies": gettext_lazy("内设机构"), "dispatched_agencies": gettext_lazy("派驻机构")}


def display_value(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "finance_model" and value in FinanceModel.values:
        return str(FinanceModel(value).label)
    return str(value)


def plan_sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A plan document laid out section by section, labels translated: for pages and PDFs."""
    out = []
    texts = data.get("sections") or {}
    for slug in rules.SECTIONS:
        fields = [
            {
                "name": name,
                "label": _field_label(name),
                "value": data.get(name),
                "display": display_value(name, data.get(name)),
            }
            for name in rules.SECTION_FIELDS.get(slug, ())
        ]
        lists = [
            {"name": name, "label": str(LIST_LABELS[name]), "items": data.get(name) or []}
            for name in rules.SECTION_LISTS.get(slug, ())
        ]
        out.append(
            {"slug": slug, "title": section_title(slug), "fields": fields, "lists": lists, "text": texts.get(slug, "")}
        )
    return out


@dataclass(frozen=True)
class PlanRevision:
    """One side of a comparison: a plan's current content, or one of its submissions."""

    plan: Plan
    snapshot: PlanSnapshot | None = None

    @property
    def key(self) -> str:
        return f"{self.plan.pk}-{self.snapshot.number}" if self.snapshot else str(self.plan.pk)

    @property
    def data(self) -> dict[str, Any]:
        return self.snapshot.data if self.snapshot else plan_data(self.plan)

    @property
    def label(self) -> str:
        if self.snapshot is None:
            return gettext("第 %(version)d 版（当前内容，%(state)s）") % {
                "version": self.plan.version,
                "state": self.plan.get_state_display(),
            }
        return gettext("第 %(version)d 版 · 第 %(number)d 次报送（%(date)s）") % {
            "version": self.plan.version,
            "number": self.snapshot.number,
            "date": timezone.localtime(self.snapshot.created_at).strftime("%Y-%m-%d %H:%M"),
        }


def plan_revisions(*, user: Any, zone: Zone) -> list[PlanRevision]:
    """Every version of a zone's plan and each of its submissions, oldest first."""
    plans = (
        plan_list(user=user)
        .filter(zone=zone)
        .prefetch_related(
            Prefetch("bodies", queryset=PlanBody.objects.order_by("order", "id")),
            Prefetch("agencies", queryset=PlanAgency.objects.order_by("order", "id")),
            Prefetch("snapshots", queryset=PlanSnapshot.objects.order_by("number")),
        )
    )
    out: list[PlanRevision] = []
    for plan in sorted(plans, key=lambda p: p.version):
        out.extend(PlanRevision(plan, snap) for snap in plan.snapshots.all())
        out.append(PlanRevision(plan))
    return out


def plan_revision(*, user: Any, plan_id: Any, submission: int | None = None) -> PlanRevision:
    """A plan in scope (``Plan.DoesNotExist`` otherwise) and, optionally, one of its submissions."""
    plan = plan_detail(user=user, pk=plan_id)
    if submission is None:
        return PlanRevision(plan)
    snapshot = next((s for s in plan.snapshots.all() if s.number == submission), None)
    if snapshot is None:
        raise PlanSnapshot.DoesNotExist
    return PlanRevision(plan, snapshot)


def compare_plans(a: PlanRevision, b: PlanRevision) -> dict[str, Any]:
    """Section by section, what changed from ``a`` to ``b``, labels translated (pages, API, PDF)."""
    sections = rules.compare_plan_data(a.data, b.data)
    for section in sections:
        section["title"] = section_title(section["slug"])
        for f in section["fields"]:
            f["label"] = _field_label(f["name"])
            f["a_display"] = display_value(f["name"], f["a"])
            f["b_display"] = display_value(f["name"], f["b"])
        for li in section["lists"]:
            li["label"] = str(LIST_LABELS[li["name"]])
    side = [
        {
            "plan": r.plan.pk,
            "version": r.plan.version,
            "zone": r.plan.zone.code,
            "submission": r.snapshot.number if r.snapshot else None,
            "label": r.label,
        }
        for r in (a, b)
    ]
    return {
        "a": side[0],
        "b": side[1],
        "changed_sections": [s["slug"] for s in sections if s["changed"]],
        "sections": sections,
    }


def allowed_plan_actions(*, user: Any, plan: Plan) -> set[str]:
    """What ``user`` may do to ``plan`` now: the buttons a page shows."""
    actions: set[str] = set()
    drafter, reviewer = can(user, DRAFT_PLAN, plan), can(user, REVIEW_PLAN, plan)
    if drafter and plan.state in rules.EDITABLE_STATES:
        actions.add("edit")
    for action, permitted in (("submit", drafter), ("return", reviewer), ("approve", reviewer)):
        if permitted and rules.transition_target(action, plan.state):
            actions.add(action)
    if (
        drafter
        and plan.state in rules.REVISABLE_STATES
        and not Plan.objects.filter(zone_id=plan.zone_id, state__in=OPEN_PLAN_STATES).exists()
    ):
        actions.add("revise")
    return actions


def drafting_zones(user: Any) -> QuerySet[Zone]:
    """Zones on which ``user`` may draft plans."""
    return visible_zones(user, DRAFT_PLAN).select_related("city").order_by("city__code", "code")


def zone_establishment(zone: Zone) -> ZoneEstablishment | None:
    """The zone's establishment from its approved plan (None before the first approval).

    Uses what ``with_establishment`` loaded (the profile page's zone); queries otherwise.
    """
    if Zone.establishment.is_cached(zone):
        try:
            return zone.establishment
        except ZoneEstablishment.DoesNotExist:
            return None
    return (
        ZoneEstablishment.objects.filter(zone=zone)
        .select_related("source_plan")
        .prefetch_related(Prefetch("units", queryset=EstablishmentUnit.objects.order_by("kind", "order", "id")))
        .first()
    )


def with_establishment(qs: QuerySet[Zone]) -> QuerySet[Zone]:
    """Zones with their establishment (and its units) loaded, for the zone detail API."""
    return qs.select_related("establishment").prefetch_related(
        Prefetch("establishment__units", queryset=EstablishmentUnit.objects.order_by("kind", "order", "id"))
    )


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

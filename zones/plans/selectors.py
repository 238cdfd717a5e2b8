"""Reads of 一区一策 plans, their revisions and comparisons, and of the establishment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from devzone.domain.filters import filtered
from devzone.tenancy.scope import can, scoped, visible_zones
from devzone.types import User
from zones.plans.grants import DRAFT_PLAN, REVIEW_PLAN
from zones.registry.models import ManagementModel, Zone

from . import rules
from .filters import PlanFilterSet
from .models import (
    OPEN_PLAN_STATES,
    EstablishmentUnit,
    FinanceModel,
    Plan,
    PlanAgency,
    PlanBody,
    PlanComment,
    PlanRuleSet,
    PlanSection,
    PlanSnapshot,
    PlanState,
    PlanTransition,
    ZoneEstablishment,
)

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


def plan_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Plan]:
    """The plans of the zones ``user`` may see, newest version first within each zone, filtered
    by ``PlanFilterSet`` (``Invalid`` for a value that does not validate)."""
    qs = scoped(Plan.objects.all(), user)
    if filters:
        qs = filtered(PlanFilterSet, filters, qs)
    return qs.select_related("zone", "zone__city", "created_by").order_by("zone__city__code", "zone__code", "-version")


def plan_list_rows(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Plan]:
    """``plan_list`` with the units and submissions each row of the API list shows."""
    return plan_list(user=user, filters=filters).prefetch_related("bodies", "agencies", "snapshots")


def with_plan_details(qs: QuerySet[Plan]) -> QuerySet[Plan]:
    return qs.select_related("zone", "zone__city", "created_by", "based_on", "approved_by").prefetch_related(
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


def plan_in_force(zone_id: int) -> Plan | None:
    """The zone's approved plan (the one an approval would supersede), if any."""
    return Plan.objects.filter(zone_id=zone_id, state=PlanState.APPROVED).first()


def plan_shown(*, plan_id: int) -> Plan:
    """A plan the caller already holds (in scope), reloaded with its details after a write."""
    return with_plan_details(Plan.objects.all()).get(pk=plan_id)


def plan_snapshots(*, plan: Plan) -> QuerySet[PlanSnapshot]:
    """Every submission of ``plan``, in order."""
    return plan.snapshots.select_related("created_by").order_by("number")


def plan_detail(*, user: User, pk: Any) -> Plan:
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
    field = Plan._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


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


def plan_revisions(*, user: User, zone: Zone) -> list[PlanRevision]:
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


def plan_revision(*, user: User, plan_id: Any, submission: int | None = None) -> PlanRevision:
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


def allowed_plan_actions(*, user: User, plan: Plan) -> set[str]:
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


def drafting_zones(user: User) -> QuerySet[Zone]:
    """Zones on which ``user`` may draft plans."""
    return visible_zones(user, DRAFT_PLAN).select_related("city").order_by("city__code", "code")


def drafting_zone(*, user: User, code: str) -> Zone:
    """The zone ``code`` if ``user`` may draft its plan (the create form has checked the choice)."""
    return drafting_zones(user).get(code=code)


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

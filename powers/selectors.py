"""Reads of the delegated-power register: scoped, dated, with their related rows (ADR 0201)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from devzone.domain import NotFound
from devzone.domain.filters import filtered
from devzone.tenancy import visible_zones
from devzone.tenancy.roles import VIEW
from devzone.types import User
from zones.registry.models import Zone

from . import access, rules
from .models import (
    Delegation,
    DelegationStatus,
    DelegationTransition,
    Evaluation,
    EvaluationRuleSet,
    PowerItem,
    Responsibility,
)


def items(filters: Mapping[str, Any] | None = None) -> QuerySet[PowerItem]:
    """The catalogue (reference data: every logged-in user reads it), filtered by ``ItemFilter``."""
    from .filters import ItemFilter

    return filtered(ItemFilter, filters, PowerItem.objects.all()).order_by("code")


def delegations_for(user: User, action: str = VIEW) -> QuerySet[Delegation]:
    """The delegations ``user`` may see: its zones; a department only its own department's."""
    qs = Delegation.objects.filter(zone__in=visible_zones(user, action).values("pk"))
    extra = access.department_q(user)
    if extra is not None:
        qs = qs.filter(extra)
    return qs


def with_details(qs: QuerySet[Delegation]) -> QuerySet[Delegation]:
    return qs.select_related("zone", "item")


def delegation_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Delegation]:
    """The delegations ``user`` sees, filtered by ``DelegationFilter`` (``as_of``: in force that day)."""
    from .filters import DelegationFilter

    qs = filtered(DelegationFilter, filters, delegations_for(user))
    return with_details(qs).order_by("zone__code", "item__code", "id")


def get_delegation(user: User, pk: Any) -> Delegation:
    try:
        return with_details(delegations_for(user)).get(pk=pk)
    except (Delegation.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def status_on(day: date) -> Subquery:
    """The delegation's status on ``day``: the target of its last move effective by then."""
    return Subquery(
        DelegationTransition.objects.filter(delegation=OuterRef("pk"), effective_on__lte=day)
        .order_by("-effective_on", "-id")
        .values("to_state")[:1]
    )


def in_force_q(day: date, prefix: str = "") -> Q:
    """Valid time ``[effective_from, effective_to)`` holds ``day``."""
    return Q(**{f"{prefix}effective_from__lte": day}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gt": day})
    )


def in_force(qs: QuerySet[Delegation], day: date) -> QuerySet[Delegation]:
    """The delegations of ``qs`` in force on ``day``, each with ``status_then`` (its status that day).

    One query on the ``(zone, effective_from, effective_to)`` index plus a correlated lookup of the
    log's ``(delegation, effective_on)`` index.
    """
    return qs.filter(in_force_q(day)).annotate(status_then=status_on(day))


def labelled(rows: Any) -> list[Delegation]:
    """The rows of an as-of list with ``status_then_label`` (the label of their status that day)."""
    labels = dict(DelegationStatus.choices)
    out = list(rows)
    for row in out:
        row.status_then_label = str(labels.get(row.status_then, ""))
    return out


def register(
    user: User, zone: Zone, day: date | None = None, filters: Mapping[str, Any] | None = None
) -> QuerySet[Delegation]:
    """A zone's register as in force on ``day`` (default today), as ``user`` may see it, filtered
    by ``DelegationFilter`` (its ``zone`` and ``as_of`` are this function's arguments)."""
    from .filters import DelegationFilter

    day = day or timezone.localdate()
    rest = {k: v for k, v in (filters or {}).items() if k not in ("zone", "as_of", "page")}
    qs = filtered(DelegationFilter, rest, delegations_for(user).filter(zone=zone))
    return in_force(with_details(qs), day).order_by("item__code", "id")


def recorded_register(user: User, zone: Zone, recorded_at: datetime, day: date | None = None) -> list[Any]:
    """What the register *said* at ``recorded_at`` about ``day`` (default: the day recorded):
    the delegations' historical rows as they stood then, in force on ``day`` by their dates then."""
    day = day or timezone.localdate(recorded_at)
    visible = delegations_for(user).filter(zone=zone).values("pk")
    history = Delegation.history.model.objects.filter(id__in=visible, zone_id=zone.pk, history_date__lte=recorded_at)
    latest = history.filter(id=OuterRef("id"), history_date__lte=recorded_at).order_by("-history_date", "-history_id")
    rows = (
        history.filter(history_id=Subquery(latest.values("history_id")[:1]))
        .exclude(history_type="-")
        .filter(in_force_q(day))
        .select_related("item")
        .order_by("item__code", "id")
    )
    return list(rows)


def zone_in_scope(user: User, code: str) -> Zone:
    try:
        return visible_zones(user).select_related("city", "county").get(code=code)
    except Zone.DoesNotExist:
        raise NotFound() from None


def transitions(delegation: Delegation) -> QuerySet[DelegationTransition]:
    return delegation.transitions.select_related("user").order_by("at", "id")


def evaluations_for(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Evaluation]:
    from .filters import EvaluationFilter

    qs = Evaluation.objects.filter(delegation__zone__in=visible_zones(user).values("pk"))
    extra = access.department_q(user, prefix="delegation__")
    if extra is not None:
        qs = qs.filter(extra)
    qs = filtered(EvaluationFilter, filters, qs)
    return qs.select_related("delegation__zone", "delegation__item", "evaluated_by").order_by(
        "delegation__zone__code", "delegation__item__code", "period"
    )


def with_pending_withdrawal(qs: QuerySet[Delegation]) -> QuerySet[Delegation]:
    """``withdrawal_recommended``: the latest evaluation recommends withdrawing (a proposed move)."""
    latest = Evaluation.objects.filter(delegation=OuterRef("pk")).order_by("-period")
    return qs.annotate(latest_recommendation=Subquery(latest.values("recommendation")[:1]))


def evaluation_rules(day: date | None = None) -> rules.EvaluationRules:
    """The evaluation rule set in force on ``day`` (default today): the row with the latest
    ``effective_year`` not after its year; the code's default when there is none (ADR 0203)."""
    year = (day or timezone.localdate()).year
    row = EvaluationRuleSet.objects.filter(effective_year__lte=year).order_by("-effective_year").first()
    return row.as_rules() if row is not None else rules.DEFAULT_EVALUATION_RULES


def evaluations_owed(
    user: User, *, today: date | None = None, rule_set: rules.EvaluationRules | None = None
) -> dict[str, list[Delegation]]:
    """Delegations owing an evaluation: ``overdue`` (last period, past due) and ``due`` (last
    period not yet past due, or the current period's) — without one filed. The period and the
    due days are the rule set's in force ``today`` (:func:`evaluation_rules`)."""
    today = today or timezone.localdate()
    rule_set = rule_set or evaluation_rules(today)
    last = rules.previous_period(today, rule_set)
    out: dict[str, list[Delegation]] = {"overdue": [], "due": []}
    start, end = rules.period_bounds(last, rule_set)
    filed = Evaluation.objects.filter(delegation=OuterRef("pk"), period=last)
    owing = (
        with_details(delegations_for(user))
        .filter(effective_from__lte=end)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=start))
        .exclude(Exists(filed))
        .order_by("zone__code", "item__code")
    )
    key = "overdue" if rules.is_overdue(last, today, rule_set) else "due"
    out[key] = list(owing)
    for d in out[key]:
        d.owed_period = last  # type: ignore[attr-defined]
        d.due_on = rules.due_on(last, rule_set)  # type: ignore[attr-defined]
    return out


def figures(user: User, *, day: date | None = None) -> dict[str, Any]:
    """The domain's figures for a role's home: current status per zone and per domain, the
    construction approval stages each zone holds (taken on), and evaluations due/overdue."""
    day = day or timezone.localdate()
    rows = list(
        delegations_for(user)
        .values("zone__code", "zone__name", "item__domain", "item__stage", "status")
        .order_by("zone__code")
    )
    per_zone: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    per_domain: dict[str, Counter[str]] = defaultdict(Counter)
    stages: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        per_zone[row["zone__code"]][row["status"]] += 1
        names[row["zone__code"]] = row["zone__name"]
        per_domain[row["item__domain"]][row["status"]] += 1
        if row["status"] == rules.TAKEN_ON and row["item__stage"]:
            stages[row["zone__code"]].add(row["item__stage"])
    owed = evaluations_owed(user, today=day)
    return {
        "zones": [
            {
                "code": code,
                "name": names[code],
                "counts": dict(per_zone[code]),
                "stages": rules.stage_coverage(stages[code]),
                "full_chain": all(rules.stage_coverage(stages[code]).values()),
            }
            for code in sorted(per_zone)
        ],
        "domains": {domain: dict(counts) for domain, counts in sorted(per_domain.items())},
        "overdue": len(owed["overdue"]),
        "due": len(owed["due"]),
    }


def responsibilities_for(user: User) -> QuerySet[Responsibility]:
    return (
        Responsibility.objects.filter(zone__in=visible_zones(user).values("pk"))
        .select_related("zone", "item")
        .order_by("zone__code", "item__code")
    )


def active_exists(zone: Zone, item: PowerItem) -> bool:
    return Delegation.objects.filter(zone=zone, item=item, status__in=rules.ACTIVE_STATES).exists()


def home_figures(user: User) -> dict[str, Any] | None:
    """The register's panel on a role home: the figures, when the user sees any delegation."""
    if not user.is_authenticated:
        return None
    data = figures(user)
    return data if data["zones"] else None

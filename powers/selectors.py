"""Reads of the delegated-power register: scoped, dated, with their related rows (ADR 0201)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
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
    the delegations' historical rows as they stood then, in force on ``day`` by their dates then,
    each with ``status_then`` — its status on ``day`` by the moves logged by ``recorded_at`` (a
    move entered later, even back-dated, is not in it) — its label and its ``innovations``."""
    day = day or timezone.localdate(recorded_at)
    visible = delegations_for(user).filter(zone=zone).values("pk")
    history = Delegation.history.model.objects.filter(id__in=visible, zone_id=zone.pk, history_date__lte=recorded_at)
    latest = history.filter(id=OuterRef("id"), history_date__lte=recorded_at).order_by("-history_date", "-history_id")
    said = Subquery(
        DelegationTransition.objects.filter(delegation=OuterRef("id"), effective_on__lte=day, at__lte=recorded_at)
        .order_by("-effective_on", "-id")
        .values("to_state")[:1]
    )
    rows = (
        history.filter(history_id=Subquery(latest.values("history_id")[:1]))
        .exclude(history_type="-")
        .filter(in_force_q(day))
        .annotate(status_then=said)
        .select_related("item", "zone")
        .order_by("item__code", "id")
    )
    out: list[Any] = labelled(rows)
    from .models import INNOVATION_FIELDS

    names = {name: str(getattr(Delegation._meta.get_field(name), "verbose_name", name)) for name in INNOVATION_FIELDS}
    for row in out:
        row.innovations = [label for name, label in names.items() if getattr(row, name)]
    return out


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
    latest = Evaluation.objects.filter(delegation=OuterRef("pk")).order_by("-period_end")
    return qs.annotate(latest_recommendation=Subquery(latest.values("recommendation")[:1]))


def evaluation_rules(day: date | None = None) -> rules.EvaluationRules:
    """The evaluation rule set in force on ``day`` (default today): the row with the latest
    ``effective_year`` not after its year; the code's default when there is none (ADR 0203)."""
    year = (day or timezone.localdate()).year
    row = EvaluationRuleSet.objects.filter(effective_year__lte=year).order_by("-effective_year").first()
    return row.as_rules() if row is not None else rules.DEFAULT_EVALUATION_RULES


def _owed_q(today: date, rule_set: rules.EvaluationRules) -> tuple[Any, str, str, date]:
    """The condition on a delegation owing the last complete period's evaluation, the period,
    ``overdue`` or ``due``, and the day it is due. Filed means an evaluation covering the
    period's days (a yearly one covers its half-years; ADR 0204), not an equal label."""
    last = rules.previous_period(today, rule_set)
    start, end = rules.period_bounds(last, rule_set)
    filed = Evaluation.objects.filter(delegation=OuterRef("pk"), period_start__lte=start, period_end__gte=end)
    q = Q(effective_from__lte=end) & (Q(effective_to__isnull=True) | Q(effective_to__gt=start)) & ~Exists(filed)
    key = "overdue" if rules.is_overdue(last, today, rule_set) else "due"
    return q, last, key, rules.due_on(last, rule_set)


def _owed_query(
    user: User, today: date, rule_set: rules.EvaluationRules
) -> tuple[QuerySet[Delegation], str, str, date]:
    q, last, key, due = _owed_q(today, rule_set)
    return delegations_for(user).filter(q), last, key, due


def evaluations_owed(
    user: User, *, today: date | None = None, rule_set: rules.EvaluationRules | None = None
) -> dict[str, list[Delegation]]:
    """Delegations owing an evaluation: ``overdue`` (last period, past due) and ``due`` (last
    period not yet past due) — without one filed. The period and the due days are the rule set's
    in force ``today`` (:func:`evaluation_rules`). Every row: for the API's owed list; pages and
    homes use :func:`owed_page` and :func:`owed_counts`."""
    today = today or timezone.localdate()
    owing, last, key, due = _owed_query(user, today, rule_set or evaluation_rules(today))
    out: dict[str, list[Delegation]] = {"overdue": [], "due": []}
    out[key] = list(with_details(owing).order_by("zone__code", "item__code"))
    for d in out[key]:
        d.owed_period = last  # type: ignore[attr-defined]
        d.due_on = due  # type: ignore[attr-defined]
    return out


def owed_counts(user: User, *, today: date | None = None) -> dict[str, Any]:
    """How many evaluations are owed (one count query): ``overdue``, ``due``, the ``period`` and
    the day it is due, and the first owing delegation's zone and item for a 待办's title."""
    today = today or timezone.localdate()
    memo = _request_memo(user)
    if ("owed", today) not in memo:
        owing, last, key, due = _owed_query(user, today, evaluation_rules(today))
        n = owing.count()
        memo["owed", today] = {
            "overdue": n if key == "overdue" else 0,
            "due": n if key == "due" else 0,
            "period": last,
            "due_on": due,
        }
    return memo["owed", today]


def _request_memo(user: User) -> dict[Any, Any]:
    """What one request asks twice (the home's panel and its 待办): kept on the user object,
    which lives as long as the request (like ``access``'s memberships)."""
    if not user.is_authenticated:
        return {}
    return user.__dict__.setdefault("_powers_memo", {})


def owed_list(user: User, *, today: date | None = None) -> tuple[QuerySet[Delegation], str, str, date]:
    """The owed delegations as a queryset (for a paginated page), with the period, the key and
    the day it is due."""
    today = today or timezone.localdate()
    owing, last, key, due = _owed_query(user, today, evaluation_rules(today))
    return with_details(owing).order_by("zone__code", "item__code"), last, key, due


STATUSES = (rules.PROPOSED, rules.DELEGATED, rules.TAKEN_ON, rules.DEFERRED, rules.WITHDRAWN)
HOME_TOP = 10  # rows of each table on a role home; the full list is the figures page


def _status_counts() -> dict[str, Any]:
    counts: dict[str, Any] = {status: Count("pk", filter=Q(status=status)) for status in STATUSES}
    counts["total"] = Count("pk")
    return counts


def _zone_rows(qs: QuerySet[Delegation]) -> QuerySet[Any]:
    """One row per zone (GROUP BY in SQL): counts per status, the construction stages taken on
    (``stage_<name>``: how many of the zone's taken-on powers are of that stage) and ``chain``
    (how many of the five stages it holds)."""
    stages = {
        f"stage_{stage}": Count("pk", filter=Q(status=rules.TAKEN_ON, item__stage=stage))
        for stage in rules.APPROVAL_STAGES
    }
    chain = Count("item__stage", filter=Q(status=rules.TAKEN_ON, item__stage__in=rules.APPROVAL_STAGES), distinct=True)
    return (
        qs.order_by()
        .values("zone__code", "zone__name", "zone__city__name")
        .annotate(**_status_counts(), **stages, chain=chain)
        .annotate(pending=F(rules.DELEGATED) + F(rules.DEFERRED))
    )


def _zone_dict(row: dict[str, Any]) -> dict[str, Any]:
    stages = {stage: bool(row[f"stage_{stage}"]) for stage in rules.APPROVAL_STAGES}
    return {
        "code": row["zone__code"],
        "name": row["zone__name"],
        "city": row["zone__city__name"],
        "counts": {status: row[status] for status in STATUSES},
        "total": row["total"],
        "stages": stages,
        "full_chain": row["chain"] == len(rules.APPROVAL_STAGES),
    }


def figures_base(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Delegation]:
    """The delegations the figures count: ``user``'s, narrowed by ``domain`` and ``city``."""
    qs = delegations_for(user)
    filters = filters or {}
    if filters.get("domain"):
        qs = qs.filter(item__domain=filters["domain"])
    if filters.get("city"):
        qs = qs.filter(zone__city__code=filters["city"])
    return qs


def zone_figures(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    """Per-zone figures for the figures page (one row per zone, in SQL; paginate it), filtered by
    ``domain``, ``city`` and ``chain`` (``full``/``partial``), ordered by ``order``
    (``pending``: most delegated-or-deferred first; default by zone code)."""
    filters = filters or {}
    rows = _zone_rows(figures_base(user, filters))
    if filters.get("chain") == "full":
        rows = rows.filter(chain=len(rules.APPROVAL_STAGES))
    elif filters.get("chain") == "partial":
        rows = rows.filter(chain__lt=len(rules.APPROVAL_STAGES))
    if filters.get("order") == "pending":
        return rows.order_by("-pending", "zone__code")
    return rows.order_by("zone__code")


def zone_dicts(rows: Any) -> list[dict[str, Any]]:
    return [_zone_dict(row) for row in rows]


def figures(user: User, *, day: date | None = None, top: int = 10) -> dict[str, Any]:
    """The domain's figures for a role's home, aggregated in SQL at a fixed number of queries and
    bounded rows whatever the scope: totals per status; per domain; the ``top`` cities and zones
    (zones: most powers still to take on first) with how many there are in all; how many zones
    hold each construction approval stage and the full chain (taken on); evaluations owed."""
    day = day or timezone.localdate()
    base = delegations_for(user)
    held = {
        f"held_{stage}": Count("zone", distinct=True, filter=Q(status=rules.TAKEN_ON, item__stage=stage))
        for stage in rules.APPROVAL_STAGES
    }
    owed_q, period, key, due_on = _owed_q(day, evaluation_rules(day))
    totals = base.aggregate(
        **_status_counts(),
        **held,
        zones=Count("zone", distinct=True),
        cities=Count("zone__city", distinct=True),
        owed=Count("pk", filter=owed_q),
    )
    owed = {
        "overdue": totals["owed"] if key == "overdue" else 0,
        "due": totals["owed"] if key == "due" else 0,
        "period": period,
        "due_on": due_on,
    }
    _request_memo(user).setdefault(("owed", day), owed)  # the home's 待办 ask the same
    grouped: Any = base.order_by()  # rows of values(): dicts with the counts (untyped for the stubs)
    domains = {
        row["item__domain"]: {status: row[status] for status in (*STATUSES, "total")}
        for row in grouped.values("item__domain").annotate(**_status_counts()).order_by("item__domain")
    }
    cities = (
        []
        if totals["cities"] < 2  # one city: the panel shows no city table
        else [
            {
                "code": row["zone__city__code"],
                "name": row["zone__city__name"],
                "counts": {status: row[status] for status in (*STATUSES, "total")},
            }
            for row in grouped.values("zone__city__code", "zone__city__name")
            .annotate(**_status_counts())
            .order_by("-total", "zone__city__code")[:top]
        ]
    )
    zones = zone_dicts(zone_figures(user, {"order": "pending"})[:top])
    # When the top list is not full it holds every zone: count the full chains in it.
    full_chain = (
        sum(z["full_chain"] for z in zones) if len(zones) < top else zone_figures(user, {"chain": "full"}).count()
    )
    return {
        "totals": {status: totals[status] for status in (*STATUSES, "total")},
        "zone_count": totals["zones"],
        "city_count": totals["cities"],
        "zones": zones,
        "cities": cities,
        "domains": domains,
        "stages": {stage: totals[f"held_{stage}"] for stage in rules.APPROVAL_STAGES},
        "full_chain": full_chain,
        "overdue": owed["overdue"],
        "due": owed["due"],
        "period": owed["period"],
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
    from .models import ApprovalStage, PowerDomain

    data = figures(user, top=HOME_TOP)
    if not data["totals"]["total"]:
        return None
    data["domain_labels"] = dict(PowerDomain.choices)
    labels = dict(ApprovalStage.choices)
    data["stage_rows"] = [(labels[stage], n) for stage, n in data["stages"].items()]
    return data


def cities_for(user: User) -> list[tuple[str, str]]:
    """The cities of the user's zones, for the figures page's filter (one query)."""
    rows = visible_zones(user).order_by("city__code").values_list("city__code", "city__name").distinct()
    return list(rows)

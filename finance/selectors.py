"""Reads of zone finance: scoped lists, the revenue-sharing statement of a zone and year (under
the agreement versions then in force), the above-plan reward with its working, the home panel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from devzone.domain import Invalid, NotFound
from devzone.domain.filters import filtered
from devzone.tenancy import has_role, scoped, visible_zones
from devzone.tenancy.roles import VIEW
from devzone.types import User
from zones.registry.models import Region, Zone

from . import rules, sources
from .grants import MANAGE_FINANCE
from .models import (
    PARTY_LABELS,
    Agreement,
    CityTaxPlan,
    FiscalProfile,
    IncentiveScheme,
    Project,
    ProjectStage,
    Revenue,
    RewardDesignation,
    TaxType,
)

ZERO = Decimal("0.00")
TAX_LABELS = dict(TaxType.choices)


def zone_in_scope(user: User, code: str, action: str = VIEW) -> Zone:
    try:
        return visible_zones(user, action).select_related("city", "county").get(code=code)
    except (Zone.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def may_manage(user: User, zone: Zone) -> bool:
    from devzone.tenancy import can

    return can(user, MANAGE_FINANCE, zone)


# --- lists -------------------------------------------------------------------------------------


def revenue_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Revenue]:
    from .filters import RevenueFilter

    qs = filtered(RevenueFilter, filters, scoped(Revenue.objects.all(), user))
    return qs.select_related("zone").order_by("zone__code", "year", "month", "tax_type")


def agreement_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Agreement]:
    from .filters import AgreementFilter

    qs = filtered(AgreementFilter, filters, scoped(Agreement.objects.all(), user))
    return qs.select_related("zone", "supersedes").order_by("zone__code", "effective_from", "id")


def get_agreement(user: User, pk: Any) -> Agreement:
    try:
        return scoped(Agreement.objects.select_related("zone"), user).get(pk=pk)
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def agreement_versions(agreement: Agreement) -> list[Agreement]:
    """Every version of ``agreement`` (the one it revised, the ones revising it), by effective
    year: one query over the zone's agreements, the chain followed through ``supersedes``."""
    rows = list(Agreement.objects.filter(zone_id=agreement.zone_id).order_by("effective_from", "id"))
    by_pk = {a.pk: a for a in rows}
    after = {a.supersedes_id: a for a in rows if a.supersedes_id is not None}
    first = by_pk.get(agreement.pk, agreement)
    while first.supersedes_id is not None and first.supersedes_id in by_pk:
        first = by_pk[first.supersedes_id]
    chain = [first]
    while chain[-1].pk in after:
        chain.append(after[chain[-1].pk])
    for a in chain:
        a.zone = agreement.zone
    return chain


def city_plan_list(user: User) -> QuerySet[CityTaxPlan]:
    """The planned growth of the cities of the user's zones, newest year first."""
    cities = visible_zones(user).values("city_id")
    return CityTaxPlan.objects.filter(city_id__in=cities).select_related("city").order_by("city__code", "-year")


def managed_cities(user: User) -> QuerySet[Region]:
    """The cities whose plans ``user`` may set: those of the zones whose finance they keep."""
    return Region.objects.filter(pk__in=visible_zones(user, MANAGE_FINANCE).values("city_id")).order_by("code")


def designation_list(user: User) -> QuerySet[RewardDesignation]:
    return scoped(RewardDesignation.objects.select_related("zone", "recorded_by"), user).order_by(
        "-ranking_year", "zone__code"
    )


def scheme_list() -> QuerySet[IncentiveScheme]:
    """Incentive schemes are reference data, read by everyone signed in."""
    return IncentiveScheme.objects.order_by("name")


def project_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Project]:
    from .filters import ProjectFilter

    qs = filtered(ProjectFilter, filters, scoped(Project.objects.all(), user))
    return with_stages(qs).order_by("zone__code", "id")


def with_stages(qs: QuerySet[Project]) -> QuerySet[Project]:
    stages = ProjectStage.objects.order_by("id")
    return qs.select_related("zone", "scheme").prefetch_related(Prefetch("stages", queryset=stages))


def get_project(user: User, pk: Any) -> Project:
    try:
        return with_stages(scoped(Project.objects.all(), user)).get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def fiscal_profile(zone: Zone) -> FiscalProfile | None:
    return FiscalProfile.objects.filter(zone=zone).first()


# --- the statement -----------------------------------------------------------------------------


@dataclass
class StatementRow:
    party: str
    tax_type: str
    base_part: Decimal
    increment_part: Decimal
    total: Decimal
    months: dict[int, Decimal]
    agreement: Agreement | None

    @property
    def party_label(self) -> str:
        return str(PARTY_LABELS.get(self.party, self.party))

    @property
    def tax_type_label(self) -> str:
        return str(TAX_LABELS.get(self.tax_type, self.tax_type))

    @property
    def month_list(self) -> list[Decimal]:
        return [self.months.get(m, ZERO) for m in range(1, 13)]


@dataclass
class RewardInfo:
    designation: sources.Designation | None
    planned_growth_percent: Decimal | None
    working: rules.RewardWorking | None
    reason: str = ""


@dataclass
class ZoneStatement:
    zone: Zone
    year: int
    revenue_total: Decimal
    revenue_by_type: dict[str, Decimal]
    revenue_by_month: dict[str, dict[int, Decimal]]
    agreements: list[Agreement]
    result: rules.Statement
    rows: list[StatementRow] = field(default_factory=list)

    @property
    def party_totals(self) -> list[dict[str, Any]]:
        return [
            {"party": p, "party_label": str(PARTY_LABELS.get(p, p)), **parts}
            for p, parts in self.result.by_party().items()
        ]

    @property
    def shares_total(self) -> Decimal:
        return self.result.total()

    @property
    def zone_retained(self) -> Decimal:
        return self.result.by_party().get(rules.ZONE, {}).get("total", ZERO)

    @property
    def city_share(self) -> Decimal:
        return self.result.by_party().get(rules.CITY, {}).get("total", ZERO)

    def workings(self) -> list[dict[str, Any]]:
        names = {a.terms().key: a for a in self.agreements}
        out = []
        for w in self.result.workings:
            out.append(
                {
                    "agreement": names.get(w.agreement),
                    "tax_types": "、".join(str(TAX_LABELS[t]) for t in w.tax_types),
                    "working": w,
                    "rule_label": _rule_label(w.rule),
                }
            )
        return out


def _rule_label(rule: str) -> str:
    from .models import ShortfallRule

    return str(dict(ShortfallRule.choices).get(rule, rule))


def revenue_of(zone_ids: list[int], years: list[int]) -> dict[tuple[int, int], dict[str, dict[int, Decimal]]]:
    """``{(zone id, year): {tax type: {month: amount}}}`` in one query."""
    out: dict[tuple[int, int], dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    rows = Revenue.objects.filter(zone_id__in=zone_ids, year__in=years).values_list(
        "zone_id", "year", "tax_type", "month", "amount"
    )
    for zone_id, year, tax_type, month, amount in rows:
        out[(zone_id, year)][tax_type][month] = amount
    return out


def agreements_in_force(zone_ids: list[int], year: int) -> dict[int, list[Agreement]]:
    rows = Agreement.objects.filter(zone_id__in=zone_ids, effective_from__lte=year).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=year)
    )
    out: dict[int, list[Agreement]] = defaultdict(list)
    for a in rows.order_by("effective_from", "id"):
        out[a.zone_id].append(a)
    return out


def compute_statement(
    zone: Zone, year: int, monthly: Mapping[str, Mapping[int, Decimal]], agreements: list[Agreement]
) -> ZoneStatement:
    """The statement from loaded figures (no queries): rules.share_year, then months."""
    by_type = {t: sum(months.values(), ZERO) for t, months in monthly.items()}
    result = rules.share_year([a.terms() for a in agreements], by_type)
    by_key = {a.terms().key: a for a in agreements}
    per_type: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for s in result.shares:
        per_type[s.tax_type][s.party] = s.total
    months_of: dict[tuple[str, str], dict[int, Decimal]] = {}
    for tax_type, parties in per_type.items():
        spread = rules.by_month(parties, monthly.get(tax_type, {}))
        for m, parts in spread.items():
            for party, amount in parts.items():
                months_of.setdefault((tax_type, party), {})[m] = amount
    rows = [
        StatementRow(
            party=s.party,
            tax_type=s.tax_type,
            base_part=s.base_part,
            increment_part=s.increment_part,
            total=s.total,
            months=months_of.get((s.tax_type, s.party), {}),
            agreement=by_key.get(s.agreement),
        )
        for s in result.shares
    ]
    return ZoneStatement(
        zone=zone,
        year=year,
        revenue_total=sum(by_type.values(), ZERO),
        revenue_by_type={t: by_type[t] for t in TaxType.values if t in by_type},
        revenue_by_month={t: dict(monthly[t]) for t in TaxType.values if t in monthly},
        agreements=agreements,
        result=result,
        rows=rows,
    )


def statement(zone: Zone, year: int) -> ZoneStatement:
    """A zone's revenue-sharing statement for ``year`` under the agreement versions in force
    that year (two queries whatever the size)."""
    monthly = revenue_of([zone.pk], [year]).get((zone.pk, year), {})
    agreements = agreements_in_force([zone.pk], year).get(zone.pk, [])
    return compute_statement(zone, year, monthly, agreements)


def statements(zones: list[Zone], year: int) -> dict[int, ZoneStatement]:
    """Statements of many zones at once (home panel, bench): two queries in all."""
    ids = [z.pk for z in zones]
    revenue = revenue_of(ids, [year])
    agreements = agreements_in_force(ids, year)
    return {z.pk: compute_statement(z, year, revenue.get((z.pk, year), {}), agreements.get(z.pk, [])) for z in zones}


def statement_for(user: User, code: str, year: Any) -> ZoneStatement:
    """The statement ``user`` may read: the zone in scope (404 otherwise), a valid year."""
    zone = zone_in_scope(user, code)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise Invalid({"year": [gettext("请填写年度（如 2025）。")]}) from None
    from .services import MIN_YEAR, max_year

    if not MIN_YEAR <= year <= max_year():
        raise Invalid(
            {"year": [gettext("年度应在 %(low)s 至 %(high)s 之间。") % {"low": MIN_YEAR, "high": max_year()}]}
        )
    if not scoped(Zone.objects.filter(pk=zone.pk), user, year=year).exists() and not user.is_superuser:
        raise NotFound()
    return statement(zone, year)


# --- the above-plan reward ---------------------------------------------------------------------


def reward(zone: Zone, year: int, current: ZoneStatement | None = None) -> RewardInfo:
    """The above-plan reward for ``zone`` in fiscal ``year`` with its working, and the
    designation (ranking) that earned it."""
    from django.utils.translation import gettext as _

    from .services import rule_set

    designation = sources.designation_for(zone.pk, year)
    if designation is None:
        return RewardInfo(None, None, None, _("该年度无排名认定，不享受超计划增量奖励。"))
    plan = CityTaxPlan.objects.filter(city_id=zone.city_id, year=year).first()
    if plan is None:
        return RewardInfo(designation, None, None, _("所在市尚未设置该年度市级税收计划增速。"))
    now = current if current is not None else statement(zone, year)
    prior = statement(zone, year - 1)
    working = rules.above_plan_reward(
        city_tax=now.city_share,
        prior_city_tax=prior.city_share,
        planned_growth_percent=plan.planned_growth_percent,
        reward_percent=rule_set().reward_percent,
    )
    return RewardInfo(designation, plan.planned_growth_percent, working)


# --- the home panel ----------------------------------------------------------------------------


#: Zones listed one by one on the home panel (the largest revenue first); the rest is in the
#: finance pages, the totals cover every zone in scope (issue 9: a home costs the same for a
#: county's ten zones and a province's thousand).
HOME_ROWS = 10


def home_figures(user: User) -> dict[str, Any] | None:
    """City and province homes: revenue this year against last over every zone in scope, and
    the ``HOME_ROWS`` zones of largest revenue with their retained share and the incentives due.

    A fixed number of queries and a bounded answer whatever the scope: the totals and the
    ranking are summed in SQL, statements are computed for the listed zones only.
    """
    if not user.is_authenticated:
        return None
    if not (user.is_superuser or has_role(user, "province_admin", "province_staff", "city_officer")):
        return None
    year = timezone.localdate().year
    in_scope = visible_zones(user).values("pk")
    this_year, last_year = Q(year=year), Q(year=year - 1)
    revenue = Revenue.objects.filter(zone_id__in=in_scope, year__in=(year, year - 1))
    due_stages = ProjectStage.objects.filter(
        project__zone_id__in=in_scope, reached_on__isnull=False, paid_on__isnull=True
    )
    # the zones of largest revenue this year (then last year), and the totals over every zone
    # in scope beside each row (window sums): one scan of the scope's revenue, ranked in SQL
    grouped = (
        revenue.values("zone_id")
        .annotate(this_year=Sum("amount", filter=this_year), last_year=Sum("amount", filter=last_year))
        .order_by()
    )
    try:
        sql, params = grouped.query.sql_with_params()
    except EmptyResultSet:  # no zone in scope
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT g.zone_id, g.this_year, g.last_year, sum(g.this_year) OVER (), sum(g.last_year) OVER (),"  # noqa: S608
            f" count(*) OVER () FROM ({sql}) g"
            " ORDER BY g.this_year DESC NULLS LAST, g.last_year DESC NULLS LAST, g.zone_id LIMIT %s",
            [*params, HOME_ROWS],
        )
        rows = cursor.fetchall()
    ranked = [{"zone_id": zone_id, "this_year": this, "last_year": last} for zone_id, this, last, *_ in rows]
    totals: dict[str, Any] = {"this_year": None, "last_year": None, "zones": 0}
    if rows:
        totals = dict(zip(("this_year", "last_year", "zones"), rows[0][3:], strict=True))
    money = Revenue._meta.get_field("amount")
    for row in ranked:  # as the ORM would give them: Decimal with the field's places
        for key in ("this_year", "last_year"):
            if row[key] is not None:
                row[key] = money.to_python(row[key]).quantize(ZERO)
    for key in ("this_year", "last_year"):
        if totals[key] is not None:
            totals[key] = money.to_python(totals[key]).quantize(ZERO)
    sums: dict[int, dict[str, Any]] = {row["zone_id"]: row for row in ranked}
    # room left: zones with incentives due and no revenue in either year (asked always: the
    # same queries whatever the scope)
    due_only = (
        due_stages.exclude(project__zone_id__in=revenue.values("zone_id"))
        .order_by("project__zone_id")
        .values_list("project__zone_id", flat=True)
        .distinct()[:HOME_ROWS]
    )
    for zone_id in list(due_only)[: HOME_ROWS - len(sums)]:
        sums[zone_id] = {"this_year": None, "last_year": None}
    if not sums:
        return None
    by_pk = Zone.objects.select_related("city").in_bulk(list(sums))
    zones = [by_pk[pk] for pk in sums]
    ids = [z.pk for z in zones]
    # every listed zone's statement (≤ HOME_ROWS), used where there is revenue this year: the
    # same two queries whether or not any zone has revenue yet this year
    current = statements(zones, year)
    due_by_zone = dict(
        due_stages.filter(project__zone_id__in=ids)
        .values_list("project__zone_id")
        .annotate(total=Sum("due_amount"))
        .values_list("project__zone_id", "total")
    )
    rows = [
        {
            "zone": z,
            "this_year": sums[z.pk]["this_year"] or ZERO,
            "last_year": sums[z.pk]["last_year"] or ZERO,
            "retained": current[z.pk].zone_retained if sums[z.pk]["this_year"] is not None else ZERO,
            "due": due_by_zone.get(z.pk, ZERO),
        }
        for z in zones
    ]
    return {
        "year": year,
        "rows": rows,
        "count": max(totals["zones"], len(rows)),
        "this_year": totals["this_year"] or ZERO,
        "last_year": totals["last_year"] or ZERO,
        "due": due_stages.aggregate(total=Sum("due_amount"))["total"] or ZERO,
    }

"""Pure finance rules (SPEC §4; ADR 0401): revenue sharing on a base and an increment, the
shortfall below base, the above-plan reward, incentive stage payments.

No Django, no database: ``Decimal`` in, ``Decimal`` out. Every split goes through the one exact
allocator (:func:`devzone.domain.money.allocate`), so no part ever loses or invents a fen.

Sharing, for one agreement version and one year (the agreement's *unit* is each covered tax type
when the base is stated per tax type, else all its covered tax types together):

* revenue ``R`` of the unit at or above its base ``B``: the base part is ``B``, split by the base
  ratios; the increment ``R − B`` is split by the increment ratios;
* ``R < B`` (a shortfall year), by the agreement's shortfall rule:

  - ``proportional`` (按基数比例分担): the whole revenue is split by the base ratios, no increment;
  - ``zone_first`` (开发区先行承担): the other parties receive their base shares of ``B``; the zone's
    base part is what is left (negative when the revenue does not cover the others' shares);
  - ``increment_ratios`` (按增量比例分担): the base ``B`` is split as in a normal year and the
    negative increment ``R − B`` by the increment ratios (negative increment parts).

A unit of several tax types spreads its base over them in proportion to each type's revenue
(allocated to the fen), so that each tax type's parts sum to its revenue exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from devzone.domain.money import FEN, allocate, allocate_list

__all__ = ["allocate", "allocate_list"]

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

# Parties of an agreement (database values of ``finance.models.Party``), in statement order.
CITY, COUNTY, ZONE = "city", "county", "zone"
PARTIES = (CITY, COUNTY, ZONE)
# Revenue in a tax type no agreement covers that year: shown under this party, never invented away.
UNSHARED = "unshared"

# Shortfall rules (``finance.models.ShortfallRule``).
PROPORTIONAL, ZONE_FIRST, INCREMENT_RATIOS = "proportional", "zone_first", "increment_ratios"
SHORTFALL_RULES = (PROPORTIONAL, ZONE_FIRST, INCREMENT_RATIOS)
# The rules under which a part may be negative in a shortfall year.
NEGATIVE_PARTS = frozenset({ZONE_FIRST, INCREMENT_RATIOS})

# Investment-incentive stages, in the order they are reached and paid (seed 002 §五(二)).
LANDED, STARTED, STRUCTURE_DONE, COMPLETED = "landed", "started", "structure_done", "completed"
STAGES = (LANDED, STARTED, STRUCTURE_DONE, COMPLETED)


# --- ratios ------------------------------------------------------------------------------------


def ratios_problem(ratios: Mapping[str, Decimal]) -> str | None:
    """Why a ratio set is not acceptable (a code the service words), or None.

    ``unknown_party``, ``negative``, ``places`` (more than two decimals), ``sum`` (not exactly
    100.00 %), ``empty``.
    """
    if not ratios:
        return "empty"
    if any(party not in PARTIES for party in ratios):
        return "unknown_party"
    if any(Decimal(v) < 0 for v in ratios.values()):
        return "negative"
    if any(Decimal(v) != Decimal(v).quantize(FEN) for v in ratios.values()):
        return "places"
    if sum((Decimal(v) for v in ratios.values()), Decimal(0)) != HUNDRED:
        return "sum"
    return None


def years_overlap(a_from: int, a_to: int | None, b_from: int, b_to: int | None) -> bool:
    """Do two effective-year ranges (``to`` inclusive, None: open) share a year?"""
    a_end = a_to if a_to is not None else 10**6
    b_end = b_to if b_to is not None else 10**6
    return a_from <= b_end and b_from <= a_end


def in_force(effective_from: int, effective_to: int | None, year: int) -> bool:
    return effective_from <= year and (effective_to is None or year <= effective_to)


# --- sharing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """One agreement version, as the rules need it. Ratios are percentages by party."""

    key: str
    tax_types: tuple[str, ...]
    base_amount: Decimal
    base_ratios: Mapping[str, Decimal]
    increment_ratios: Mapping[str, Decimal]
    shortfall_rule: str = PROPORTIONAL
    # Base per tax type (the agreement states it so); None: one base for all covered types.
    base_amounts: Mapping[str, Decimal] | None = None

    def parties(self) -> list[str]:
        named = set(self.base_ratios) | set(self.increment_ratios)
        return [p for p in PARTIES if p in named]


@dataclass(frozen=True)
class Share:
    party: str
    tax_type: str
    base_part: Decimal
    increment_part: Decimal
    agreement: str = ""

    @property
    def total(self) -> Decimal:
        return self.base_part + self.increment_part


@dataclass(frozen=True)
class Working:
    """How one unit was shared: what the statement prints under its table."""

    agreement: str
    tax_types: tuple[str, ...]
    revenue: Decimal
    base_amount: Decimal
    shortfall: bool
    rule: str
    base_total: Decimal  # the amount shared by the base ratios
    increment_total: Decimal  # revenue − base (negative in a shortfall year under increment_ratios)
    base_by_type: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    shares: list[Share]
    workings: list[Working]

    def total(self) -> Decimal:
        return sum((s.total for s in self.shares), ZERO)

    def by_party(self) -> dict[str, dict[str, Decimal]]:
        """``{party: {"base": …, "increment": …, "total": …}}`` in statement order."""
        out: dict[str, dict[str, Decimal]] = {}
        for party in (*PARTIES, UNSHARED):
            rows = [s for s in self.shares if s.party == party]
            if rows:
                base = sum((s.base_part for s in rows), ZERO)
                inc = sum((s.increment_part for s in rows), ZERO)
                out[party] = {"base": base, "increment": inc, "total": base + inc}
        return out

    def by_tax_type(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for s in self.shares:
            out[s.tax_type] = out.get(s.tax_type, ZERO) + s.total
        return out


def _weights(revenue: Mapping[str, Decimal], types: Iterable[str]) -> dict[str, Decimal]:
    """Each tax type's positive revenue as its weight; all equal when none is positive."""
    types = list(types)
    weights = {t: max(Decimal(revenue.get(t, ZERO)), Decimal(0)) for t in types}
    if not any(weights.values()):
        return dict.fromkeys(types, Decimal(1))
    return weights


def _split_type(
    terms: Terms, tax_type: str, revenue: Decimal, base: Decimal, shortfall: bool
) -> tuple[list[Share], Decimal, Decimal]:
    """Shares of one tax type whose base share is ``base``. Returns shares, base and increment totals."""
    parties = terms.parties()
    rule = terms.shortfall_rule
    if shortfall and rule == PROPORTIONAL:
        base_parts = allocate(revenue, terms.base_ratios)
        inc_parts: dict[str, Decimal] = {}
        base_total, inc_total = revenue, ZERO
    elif shortfall and rule == ZONE_FIRST:
        others = {p: r for p, r in terms.base_ratios.items() if p != ZONE}
        full = allocate(base, terms.base_ratios)
        base_parts = {p: full[p] for p in others}
        base_parts[ZONE] = revenue - sum(base_parts.values(), ZERO)
        inc_parts = {}
        base_total, inc_total = revenue, ZERO
    else:  # a normal year, or a shortfall shared by the increment ratios
        base_parts = allocate(base, terms.base_ratios)
        inc_total = revenue - base
        inc_parts = allocate(inc_total, terms.increment_ratios)
        base_total = base
    shares = [
        Share(
            party=p,
            tax_type=tax_type,
            base_part=base_parts.get(p, ZERO),
            increment_part=inc_parts.get(p, ZERO),
            agreement=terms.key,
        )
        for p in parties
    ]
    return shares, base_total, inc_total


def share_agreement(terms: Terms, revenue: Mapping[str, Decimal]) -> Statement:
    """Every party's base and increment part per covered tax type, for one year's revenue.

    ``revenue`` maps tax type → the year's revenue (a type without revenue counts as zero).
    For each covered tax type the parts sum exactly to its revenue.
    """
    shares: list[Share] = []
    workings: list[Working] = []
    units: list[tuple[tuple[str, ...], dict[str, Decimal] | None]]
    if terms.base_amounts is not None:
        units = [((t,), {t: Decimal(terms.base_amounts.get(t, ZERO))}) for t in terms.tax_types]
    else:
        units = [(tuple(terms.tax_types), None)]
    for types, per_type in units:
        unit_revenue = sum((Decimal(revenue.get(t, ZERO)) for t in types), ZERO)
        base = per_type[types[0]] if per_type is not None else Decimal(terms.base_amount)
        shortfall = unit_revenue < base
        if per_type is not None:
            base_by_type = dict(per_type)
        elif shortfall and terms.shortfall_rule == PROPORTIONAL:
            base_by_type = {t: Decimal(revenue.get(t, ZERO)) for t in types}
        else:
            base_by_type = allocate(base, _weights(revenue, types))
        base_total = inc_total = ZERO
        for t in types:
            rows, b, i = _split_type(terms, t, Decimal(revenue.get(t, ZERO)), base_by_type[t], shortfall)
            shares.extend(rows)
            base_total += b
            inc_total += i
        workings.append(
            Working(
                agreement=terms.key,
                tax_types=types,
                revenue=unit_revenue,
                base_amount=base,
                shortfall=shortfall,
                rule=terms.shortfall_rule,
                base_total=base_total,
                increment_total=inc_total,
                base_by_type=base_by_type,
            )
        )
    return Statement(shares, workings)


def share_year(agreements: Iterable[Terms], revenue: Mapping[str, Decimal]) -> Statement:
    """The zone's statement for a year: each agreement in force over the types it covers, and the
    revenue of types no agreement covers under :data:`UNSHARED`. The parts' sum is the revenue.

    The agreements must not overlap in tax types (the service refuses overlaps); the result does
    not depend on the order they (or the revenue's tax types) are given in.
    """
    shares: list[Share] = []
    workings: list[Working] = []
    covered: set[str] = set()
    for terms in sorted(agreements, key=lambda t: t.key):
        overlap = covered & set(terms.tax_types)
        if overlap:
            raise ValueError(f"agreements overlap on {sorted(overlap)}")
        covered |= set(terms.tax_types)
        part = share_agreement(terms, revenue)
        shares.extend(part.shares)
        workings.extend(part.workings)
    for tax_type in sorted(set(revenue) - covered):
        amount = Decimal(revenue[tax_type])
        if amount:
            shares.append(Share(party=UNSHARED, tax_type=tax_type, base_part=amount, increment_part=ZERO))
    shares.sort(key=lambda s: (s.agreement, s.tax_type, (*PARTIES, UNSHARED).index(s.party)))
    return Statement(shares, workings)


def by_month(
    total_by_party: Mapping[str, Decimal], monthly_revenue: Mapping[int, Decimal]
) -> dict[int, dict[str, Decimal]]:
    """Spread one tax type's annual party totals over the months, exactly both ways.

    Month ``m``'s parts are the year-to-date split (``allocate`` of the revenue up to ``m`` by
    the annual totals) minus the year-to-date split up to the month before: each month's parts
    sum to that month's revenue and each party's months sum to its annual total.
    """
    months = sorted(monthly_revenue)
    weights = {p: abs(Decimal(v)) for p, v in total_by_party.items()}
    out: dict[int, dict[str, Decimal]] = {}
    previous = dict.fromkeys(total_by_party, ZERO)
    running = ZERO
    annual = sum((Decimal(v) for v in total_by_party.values()), ZERO)
    for m in months:
        running += Decimal(monthly_revenue[m])
        if m == months[-1] and running == annual:
            upto = {p: Decimal(v) for p, v in total_by_party.items()}
        elif any(weights.values()):
            upto = allocate(running, weights)
        else:
            upto = dict.fromkeys(total_by_party, ZERO)
        out[m] = {p: upto[p] - previous[p] for p in total_by_party}
        previous = upto
    return out


# --- the above-plan reward (seed 003 §二(三)2) ------------------------------------------------


def qualifies(rank: int, out_of: int, top_percent: Decimal) -> bool:
    """Is ``rank`` (1 = best) of ``out_of`` within the top ``top_percent`` %?"""
    if rank < 1 or out_of < 1 or rank > out_of:
        return False
    return Decimal(rank) * HUNDRED <= Decimal(top_percent) * Decimal(out_of)


def reward_years(ranking_year: int, years: int) -> list[int]:
    """The fiscal years a ranking earns the reward for: the ``years`` years after it."""
    return [ranking_year + k for k in range(1, years + 1)]


@dataclass(frozen=True)
class RewardWorking:
    city_tax: Decimal
    prior_city_tax: Decimal
    planned_growth_percent: Decimal
    planned_city_tax: Decimal
    excess: Decimal
    reward_percent: Decimal
    reward: Decimal


def above_plan_reward(
    *, city_tax: Decimal, prior_city_tax: Decimal, planned_growth_percent: Decimal, reward_percent: Decimal
) -> RewardWorking:
    """``reward_percent`` % of the city-level tax paid above the city's planned growth.

    planned = prior × (1 + growth), rounded half-up to the fen; excess = max(0, tax − planned);
    reward = the reward's part of ``allocate(excess, {reward: p, rest: 100 − p})`` (a tie on the
    last fen goes to the part kept, "rest" sorting first: the reward never exceeds p %).
    """
    planned = (Decimal(prior_city_tax) * (HUNDRED + Decimal(planned_growth_percent)) / HUNDRED).quantize(
        FEN, rounding=ROUND_HALF_UP
    )
    excess = max(Decimal(city_tax) - planned, ZERO)
    reward = allocate(excess, {"reward": Decimal(reward_percent), "rest": HUNDRED - Decimal(reward_percent)})["reward"]
    return RewardWorking(
        city_tax=Decimal(city_tax),
        prior_city_tax=Decimal(prior_city_tax),
        planned_growth_percent=Decimal(planned_growth_percent),
        planned_city_tax=planned,
        excess=excess,
        reward_percent=Decimal(reward_percent),
        reward=reward,
    )


# --- investment-incentive stages (seed 002 §五(二), seed 001 §二) -----------------------------


def stage_amounts(award: Decimal, percents: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The award split over the stages by their percentages (summing to 100), to the fen."""
    listed = [s for s in STAGES if s in percents]
    parts = allocate_list(Decimal(award), [Decimal(percents[s]) for s in listed])
    return dict(zip(listed, parts, strict=True))


def previous_stage(stage: str, stages: Iterable[str]) -> str | None:
    """The stage before ``stage`` among ``stages`` (the project's scheme), or None."""
    ordered = [s for s in STAGES if s in set(stages)]
    i = ordered.index(stage)
    return ordered[i - 1] if i > 0 else None


def pay_problem(
    stage: str, *, reached: bool, paid: Mapping[str, bool], due: Decimal, paid_so_far: Decimal, award: Decimal
) -> str | None:
    """Why ``stage`` cannot be paid now (a code), or None: ``already_paid``, ``previous_unpaid``,
    ``not_reached``, ``over_award``."""
    if paid.get(stage):
        return "already_paid"
    before = previous_stage(stage, paid)
    if before is not None and not paid.get(before):
        return "previous_unpaid"
    if not reached:
        return "not_reached"
    if paid_so_far + due > award:
        return "over_award"
    return None

"""Pure zone rules (SPEC §1), plain data in, plain data out; no ORM, no Django (DESIGN "Layout").

Registry and areas: status transitions, per-mu figures (亩产论英雄), the 调出 list, roll-up of
merged zones, and areas (geodesic area, 亩, flags, input digests) — plain Python + Decimal (and
shapely/pyproj for geometry). The string values are the database values of the matching
``zones.models`` choices.

一区一策 plans: validation and version comparison. The province's rule set (bounds on internal
bodies per management model, which figures must be present and positive) is *data* passed in
as :class:`PlanRules`; the service reads it from the ``PlanRuleSet`` tables. Messages are
Chinese source strings marked with :func:`_` for extraction; they are translated where they are
shown (``zones.selectors.render_violation``), so this module stays pure.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import shape
from shapely.geometry.polygon import orient

# --- status -------------------------------------------------------------------------------

ACTIVE = "active"
WARNED = "warned"
RECTIFYING = "rectifying"
DELISTED = "delisted"
MERGED = "merged"

# Legal status changes through ``change_status`` (a province decision, seeds 003/004).
# 摘牌 (delisted) and 已整合 (merged) are terminal except for a reinstatement to 正常 (active).
# ``merged`` is reached only through ``merge_zones`` (it needs a surviving zone), never here.
STATUS_TRANSITIONS: Mapping[str, frozenset[str]] = {
    ACTIVE: frozenset({WARNED, RECTIFYING, DELISTED}),
    WARNED: frozenset({ACTIVE, RECTIFYING, DELISTED}),
    RECTIFYING: frozenset({ACTIVE, WARNED, DELISTED}),
    DELISTED: frozenset({ACTIVE}),
    MERGED: frozenset({ACTIVE}),
}
# States from which a zone may be merged into another one.
MERGEABLE: frozenset[str] = frozenset({ACTIVE, WARNED, RECTIFYING})
# States a zone must be in to receive merged zones or hold sub-parks.
RECEIVING: frozenset[str] = frozenset({ACTIVE, WARNED, RECTIFYING})


def status_change_allowed(from_status: str, to_status: str) -> bool:
    return to_status in STATUS_TRANSITIONS.get(from_status, frozenset())


# --- land plots and per-mu figures -----------------------------------------------------------

INDUSTRIAL = "industrial"
SUPPORTING = "supporting"
NON_INDUSTRIAL = "non_industrial"
PLOT_USES = (INDUSTRIAL, SUPPORTING, NON_INDUSTRIAL)

CENTS = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Plot:
    """What the rules need of a land plot. Money in yuan, area in 亩 (mu)."""

    use: str
    area_mu: Decimal
    annual_tax: Decimal | None = None
    annual_output: Decimal | None = None
    figures_year: int | None = None
    needed_supporting: bool = False
    enterprise: str = ""
    code: str = ""


@dataclass(frozen=True)
class PerMu:
    """Zone (or enterprise, or roll-up) per-mu figures for one year.

    ``tax_per_mu = tax_total / tax_area_mu`` over the industrial plots whose tax for ``year``
    is entered; likewise for output. ``industrial_area_mu`` is every industrial plot's area;
    ``plots_without_figures`` counts the industrial plots with no tax or no output for ``year``.
    """

    year: int | None
    industrial_area_mu: Decimal
    tax_total: Decimal
    tax_area_mu: Decimal
    tax_per_mu: Decimal | None
    output_total: Decimal
    output_area_mu: Decimal
    output_per_mu: Decimal | None
    plots_without_figures: int


def per_mu(value: Decimal | None, area_mu: Decimal) -> Decimal | None:
    """A figure per mu, rounded half-up to the cent; None without a figure or an area."""
    if value is None or area_mu <= 0:
        return None
    return (value / area_mu).quantize(CENTS, rounding=ROUND_HALF_UP)


def latest_figures_year(plots: Iterable[Plot]) -> int | None:
    """The newest year for which any industrial plot has a figure entered."""
    years = [
        p.figures_year
        for p in plots
        if p.use == INDUSTRIAL
        and p.figures_year is not None
        and (p.annual_tax is not None or p.annual_output is not None)
    ]
    return max(years) if years else None


def zone_per_mu(plots: Iterable[Plot], year: int | None = None) -> PerMu:
    """亩均税收 and 亩均产值 of a set of plots (a zone, an enterprise, a roll-up).

    Only industrial (产业) plots count. ``year`` defaults to the latest year with figures. A
    figure entered for another year does not count for ``year``; an idle plot is entered with
    figures 0 (it lowers the average), a plot without figures is left out and counted.
    """
    plots = list(plots)
    if year is None:
        year = latest_figures_year(plots)
    industrial = [p for p in plots if p.use == INDUSTRIAL]
    tax_total = tax_area = output_total = output_area = ZERO
    missing = 0
    for p in industrial:
        in_year = year is not None and p.figures_year == year
        has_tax = in_year and p.annual_tax is not None
        has_output = in_year and p.annual_output is not None
        if has_tax:
            tax_total += p.annual_tax  # type: ignore[operator]
            tax_area += p.area_mu
        if has_output:
            output_total += p.annual_output  # type: ignore[operator]
            output_area += p.area_mu
        if not (has_tax and has_output):
            missing += 1
    return PerMu(
        year=year,
        industrial_area_mu=sum((p.area_mu for p in industrial), ZERO),
        tax_total=tax_total,
        tax_area_mu=tax_area,
        tax_per_mu=per_mu(tax_total, tax_area) if tax_area > 0 else None,
        output_total=output_total,
        output_area_mu=output_area,
        output_per_mu=per_mu(output_total, output_area) if output_area > 0 else None,
        plots_without_figures=missing,
    )


def per_enterprise(plots: Iterable[Plot], year: int | None = None) -> dict[str, PerMu]:
    """Per-mu figures per enterprise (its industrial plots), for the zone's figures year."""
    plots = list(plots)
    if year is None:
        year = latest_figures_year(plots)
    by_enterprise: dict[str, list[Plot]] = {}
    for p in plots:
        if p.use == INDUSTRIAL and p.enterprise:
            by_enterprise.setdefault(p.enterprise, []).append(p)
    return {name: zone_per_mu(group, year) for name, group in sorted(by_enterprise.items())}


def must_move_out(plot: Plot) -> bool:
    """调出 (000 §1): non-industrial plots, and supporting plots beyond the needed support area
    (those not flagged ``needed_supporting``). Industrial plots stay."""
    if plot.use == NON_INDUSTRIAL:
        return True
    return plot.use == SUPPORTING and not plot.needed_supporting


def move_out(plots: Iterable[Plot]) -> list[Plot]:
    return [p for p in plots if must_move_out(p)]


def area_by_use(plots: Iterable[Plot]) -> dict[str, Decimal]:
    totals = dict.fromkeys(PLOT_USES, ZERO)
    for p in plots:
        totals[p.use] = totals.get(p.use, ZERO) + p.area_mu
    return totals


# --- roll-up of merged zones and sub-parks ----------------------------------------------------

# Area kinds whose declared km² add up across the members of a merged zone (sub-areas lie
# inside these and are not added again).
ROLLUP_AREA_KINDS = ("catalogue", "planned", "controlled")


@dataclass(frozen=True)
class Rollup:
    members: tuple[str, ...]
    declared_km2: dict[str, Decimal]
    plot_area_mu: dict[str, Decimal]
    move_out_area_mu: Decimal
    per_mu: PerMu


def rollup(members: Mapping[str, tuple[Iterable[tuple[str, Decimal]], Iterable[Plot]]]) -> Rollup:
    """Totals of a zone together with its sub-parks and merged zones.

    ``members`` maps a zone code to (its areas as (kind, declared km²), its plots). Declared
    areas add up per kind; plots are pooled, so the per-mu figures are the pooled ratios (not
    an average of the members' ratios).
    """
    declared = dict.fromkeys(ROLLUP_AREA_KINDS, ZERO)
    pooled: list[Plot] = []
    for areas, plots in members.values():
        for kind, km2 in areas:
            if kind in declared:
                declared[kind] += km2
        pooled.extend(plots)
    return Rollup(
        members=tuple(members),
        declared_km2=declared,
        plot_area_mu=area_by_use(pooled),
        move_out_area_mu=sum((p.area_mu for p in move_out(pooled)), ZERO),
        per_mu=zone_per_mu(pooled),
    )


# --- platform companies ("1+1+N") -------------------------------------------------------------

OWNER = "owner"
GROUP = "group"
SPECIALISED = "specialised"
MAX_PER_ZONE = {OWNER: 1, GROUP: 1}
# Which tier a company's parent may be: the group company is owned by the management
# committee; a specialised company by the group, the committee or another specialised company.
PARENT_TIERS: Mapping[str, frozenset[str]] = {
    OWNER: frozenset(),
    GROUP: frozenset({OWNER}),
    SPECIALISED: frozenset({OWNER, GROUP, SPECIALISED}),
}
SHARE_MIN = Decimal("0")
SHARE_MAX = Decimal("100")


def shareholding_valid(pct: Decimal | None) -> bool:
    return pct is None or (SHARE_MIN <= pct <= SHARE_MAX)


# --- areas: geodesic area, 亩, flags, input digests ----------------------------------------

MU_PER_KM2 = Decimal(1500)  # 1 km² = 1 500 亩 (1 亩 = 666.67 m²)
KM2_PLACES = Decimal("0.0001")
MU_PLACES = Decimal("0.01")
# SPEC §1: flag an area whose computed figure differs from the declared one beyond this. The
# province's figure is data (``AreaRuleSet``, ADR 0161); this is the default when none is set.
DECLARED_TOLERANCE = Decimal("0.05")

_GEOD = Geod(ellps="WGS84")  # CGCS2000's ellipsoid differs from WGS84's by < 0.1 mm in the semi-minor axis


def oriented(geometry: dict[str, Any]) -> shapely.Geometry:
    """A shapely (multi)polygon with exteriors counter-clockwise and holes clockwise.

    pyproj sums signed ring areas, so orientation decides the sign: GeoJSON found in the wild
    (the Civil Affairs outlines included) is often clockwise.
    """
    geom = shape(geometry)
    if geom.geom_type == "Polygon":
        return orient(geom, sign=1.0)
    return shapely.MultiPolygon([orient(part, sign=1.0) for part in geom.geoms])


def geodesic_area_m2(geometry: dict[str, Any]) -> float:
    """Area on the WGS84 ellipsoid, in m², of a GeoJSON Polygon or MultiPolygon (lon/lat)."""
    area, _perimeter = _GEOD.geometry_area_perimeter(oriented(geometry))
    return abs(area)


def area_figures(geometry: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """``(km², 亩)`` of a geometry: km² to 4 places (100 m²), 亩 exactly km² × 1 500 of that figure.

    亩 is derived from the rounded km² so that a reader checking ``computed_km2 × 1500`` finds
    ``computed_mu`` to the cent (the totals are derived the same way).
    """
    km2 = (Decimal(repr(geodesic_area_m2(geometry))) / Decimal(1_000_000)).quantize(KM2_PLACES, ROUND_HALF_UP)
    return km2, (km2 * MU_PER_KM2).quantize(MU_PLACES, ROUND_HALF_UP)


def declared_deviation(declared_km2: Decimal | None, computed_km2: Decimal | None) -> Decimal | None:
    """Relative difference of the computed area from the declared one (``None``: nothing to compare)."""
    if declared_km2 is None or computed_km2 is None or declared_km2 <= 0:
        return None
    return (computed_km2 - declared_km2) / declared_km2


def area_flags(
    declared_km2: Decimal | None, computed_km2: Decimal | None, tolerance: Decimal = DECLARED_TOLERANCE
) -> list[dict[str, Any]]:
    """Machine-readable flags on one area: ``[{"code": ..., **numbers}]``.

    ``tolerance`` is a fraction (0.05 = 5 %), from the rule set in force.
    """
    flags: list[dict[str, Any]] = []
    deviation = declared_deviation(declared_km2, computed_km2)
    if deviation is not None and abs(deviation) > tolerance:
        flags.append(
            {
                "code": "declared_mismatch",
                "deviation": (deviation * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
                "tolerance": f"{(tolerance * 100).normalize():f}",
            }
        )
    return flags


def inputs_digest(versions: Iterable[tuple[int, int]]) -> str:
    """A fingerprint of ``(area id, version)`` pairs.

    A total stores the fingerprint of the ``(area, computed version)`` pairs it summed; it is
    stale when the ``(area, geometry version)`` pairs of the areas that have a boundary now
    fingerprint differently: a boundary changed, was drawn or removed, or its zone moved.
    """
    text = ";".join(f"{pk}:{version}" for pk, version in sorted(versions))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# --- 一区一策 reform plans: rules as data, validation, version comparison --------------------


def _(message: str) -> str:
    """Mark a message for translation (extracted by makemessages; translated when shown)."""
    return message


# The sections of a plan, in the order of seed 002 (slugs; titles live in models.PlanSection).
SECTIONS: tuple[str, ...] = (
    "basic",
    "organisation",
    "personnel",
    "powers",
    "economy",
    "finance",
    "market",
    "assessment",
    "party",
)

# Which structured figures and lists belong to which section (the prose of each section is
# ``sections[slug]``).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "organisation": ("leadership_posts", "leadership_note"),
    "personnel": ("headcount_cap", "hiring_mode", "contract_term_years", "exit_rule"),
    "finance": ("finance_model",),
}
SECTION_LISTS: dict[str, tuple[str, ...]] = {
    "organisation": ("internal_bodies", "dispatched_agencies"),
}

# The figures a rule set may require to be present and positive, and their section.
FIGURE_SECTION: dict[str, str] = {
    "leadership_posts": "organisation",
    "headcount_cap": "personnel",
    "contract_term_years": "personnel",
}
MISSING_FIGURE: dict[str, str] = {
    "leadership_posts": _("未填写领导职数。"),
    "headcount_cap": _("未填写员额总数。"),
    "contract_term_years": _("未填写聘期（年）。"),
}
NONPOSITIVE_FIGURE: dict[str, str] = {
    "leadership_posts": _("领导职数必须大于 0。"),
    "headcount_cap": _("员额总数必须大于 0。"),
    "contract_term_years": _("聘期必须大于 0 年。"),
}


# The workflow (SPEC §1): which states each transition leaves from and where it goes.
# draft → submitted → (returned → submitted)* → approved → superseded (by the next approved).
PLAN_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft", "returned"}), "submitted"),
    "return": (frozenset({"submitted"}), "returned"),
    "approve": (frozenset({"submitted"}), "approved"),
    "supersede": (frozenset({"approved"}), "superseded"),
}
EDITABLE_STATES: frozenset[str] = frozenset({"draft", "returned"})
REVISABLE_STATES: frozenset[str] = frozenset({"approved", "superseded"})


def transition_target(action: str, state: str) -> str | None:
    """The state ``action`` leads to from ``state``, or None when it is not allowed from there."""
    sources, target = PLAN_TRANSITIONS[action]
    return target if state in sources else None


@dataclass(frozen=True)
class BodyBound:
    """How many internal bodies (and dispatched agencies) a management model allows."""

    min_bodies: int = 0
    max_bodies: int | None = None  # None: no upper bound
    max_agencies: int | None = None  # None: no bound; 0: "原则上不设派驻机构"


@dataclass(frozen=True)
class PlanRules:
    bounds: Mapping[str, BodyBound]
    required_positive: frozenset[str] = frozenset(FIGURE_SECTION)
    duties_required: bool = True


@dataclass(frozen=True)
class Unit:
    """An internal body or a dispatched agency: a name and its duties."""

    name: str
    duties: str = ""


@dataclass(frozen=True)
class PlanFigures:
    """What the rules look at in a plan."""

    management_model: str
    headcount_cap: int | None = None
    leadership_posts: int | None = None
    contract_term_years: int | None = None
    bodies: Sequence[Unit] = ()
    agencies: Sequence[Unit] = ()
    model_label: str = ""  # the management model's display name, for messages


@dataclass(frozen=True)
class Violation:
    section: str
    code: str
    message: str  # untranslated template, ``%(name)s`` placeholders
    params: dict[str, Any] = field(default_factory=dict)


def validate_plan(plan: PlanFigures, rules: PlanRules) -> list[Violation]:
    """Every rule the plan breaks, in section order. An empty list: the plan may be submitted."""
    out: list[Violation] = []
    for figure, section in FIGURE_SECTION.items():
        if figure not in rules.required_positive:
            continue
        value = getattr(plan, figure)
        if value is None:
            out.append(Violation(section, f"{figure}_missing", MISSING_FIGURE[figure]))
        elif value <= 0:
            out.append(Violation(section, f"{figure}_not_positive", NONPOSITIVE_FIGURE[figure]))
    if plan.leadership_posts and plan.headcount_cap and plan.leadership_posts > plan.headcount_cap:
        out.append(
            Violation(
                "organisation",
                "leadership_above_cap",
                _("领导职数（%(posts)d）不得超过员额总数（%(cap)d）。"),
                {"posts": plan.leadership_posts, "cap": plan.headcount_cap},
            )
        )
    model = plan.model_label or plan.management_model
    bound = rules.bounds.get(plan.management_model)
    count = len(plan.bodies)
    if bound is not None and count < bound.min_bodies:
        out.append(
            Violation(
                "organisation",
                "bodies_below_min",
                _("内设机构 %(count)d 个，少于“%(model)s”模式的下限 %(min)d 个。"),
                {"count": count, "model": model, "min": bound.min_bodies},
            )
        )
    if bound is not None and bound.max_bodies is not None and count > bound.max_bodies:
        out.append(
            Violation(
                "organisation",
                "bodies_above_max",
                _("内设机构 %(count)d 个，超过“%(model)s”模式的上限 %(max)d 个。"),
                {"count": count, "model": model, "max": bound.max_bodies},
            )
        )
    agencies = len(plan.agencies)
    if bound is not None and bound.max_agencies is not None and agencies > bound.max_agencies:
        if bound.max_agencies == 0:
            message = _("“%(model)s”模式原则上不设派驻机构，方案列有 %(count)d 个。")
        else:
            message = _("派驻机构 %(count)d 个，超过“%(model)s”模式的上限 %(max)d 个。")
        out.append(
            Violation(
                "organisation",
                "agencies_above_max",
                message,
                {"count": agencies, "model": model, "max": bound.max_agencies},
            )
        )
    if rules.duties_required:
        for unit in plan.bodies:
            if not unit.duties.strip():
                out.append(
                    Violation(
                        "organisation", "body_without_duties", _("内设机构“%(name)s”未填写职责。"), {"name": unit.name}
                    )
                )
        for unit in plan.agencies:
            if not unit.duties.strip():
                out.append(
                    Violation(
                        "organisation",
                        "agency_without_duties",
                        _("派驻机构“%(name)s”未填写职责。"),
                        {"name": unit.name},
                    )
                )
    order = {slug: i for i, slug in enumerate(SECTIONS)}
    return sorted(out, key=lambda v: order.get(v.section, len(order)))


def by_section(violations: Sequence[Violation]) -> dict[str, list[Violation]]:
    out: dict[str, list[Violation]] = {}
    for v in violations:
        out.setdefault(v.section, []).append(v)
    return out


# --- comparing two versions -------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[。；;！!？?\n])")


def sentences(text: str) -> list[str]:
    """Chinese prose split after each sentence mark (the unit of a readable diff)."""
    return [s for s in _SENTENCE.split(text or "") if s]


def text_diff(a: str, b: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``equal``/``delete``/``insert``, sentence by sentence."""
    left, right = sentences(a), sentences(b)
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(left[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("delete", "".join(left[i1:i2])))
        if j2 > j1:
            ops.append(("insert", "".join(right[j1:j2])))
    return ops


def list_diff(a: Sequence[Mapping[str, str]], b: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """Bodies/agencies matched by name: which were added, removed, or had their duties changed."""
    left = {u["name"]: u.get("duties", "") for u in a}
    right = {u["name"]: u.get("duties", "") for u in b}
    added = [u["name"] for u in b if u["name"] not in left]
    removed = [u["name"] for u in a if u["name"] not in right]
    changed = [u["name"] for u in b if u["name"] in left and left[u["name"]] != right[u["name"]]]
    reordered = [n for n in [u["name"] for u in a] if n in right] != [n for n in [u["name"] for u in b] if n in left]
    return {
        "added": added,
        "removed": removed,
        "changed": changed,
        "reordered": reordered,
        "changed_any": bool(added or removed or changed or reordered),
    }


def compare_plan_data(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Section by section, what differs between two frozen plan documents (``plan_data``)."""
    out = []
    texts_a, texts_b = a.get("sections") or {}, b.get("sections") or {}
    for slug in SECTIONS:
        fields = [
            {"name": name, "a": a.get(name), "b": b.get(name), "changed": a.get(name) != b.get(name)}
            for name in SECTION_FIELDS.get(slug, ())
        ]
        lists = []
        for name in SECTION_LISTS.get(slug, ()):
            diff = list_diff(a.get(name) or [], b.get(name) or [])
            lists.append({"name": name, "a": a.get(name) or [], "b": b.get(name) or [], **diff})
        text_a, text_b = texts_a.get(slug, ""), texts_b.get(slug, "")
        text = {"a": text_a, "b": text_b, "changed": text_a != text_b, "ops": text_diff(text_a, text_b)}
        changed = text["changed"] or any(f["changed"] for f in fields) or any(li["changed_any"] for li in lists)
        out.append({"slug": slug, "changed": changed, "fields": fields, "lists": lists, "text": text})
    return out

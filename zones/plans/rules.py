"""Pure 一区一策 plan rules (no ORM, no Django): validation and version comparison.

The province's rule set (bounds on internal bodies per management model, which figures must be
present and positive) is *data* passed in as :class:`PlanRules`; the service reads it from the
``PlanRuleSet`` tables. Messages are Chinese source strings marked with :func:`_` for
extraction; they are translated where they are shown
(``zones.plans.selectors.render_violation``), so this module stays pure.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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

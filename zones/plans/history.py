"""Change history of 一区一策 plans and the establishment (see zones/registry/history.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from devzone.audit.registry import register
from zones.registry.history import _parent, _with_zone

from . import rules
from .models import EstablishmentUnit, Plan, PlanAgency, PlanBody, PlanSection, ZoneEstablishment


def plan_sections_change(before: Any, after: Any) -> list[dict[str, Any]]:
    """A change of ``Plan.sections`` (``{section slug: text}``) section by section, with the
    section's Chinese title and a sentence diff: what the compare view shows, in the history."""
    out = []
    texts_a = before if isinstance(before, dict) else {}
    texts_b = after if isinstance(after, dict) else {}
    slugs = [*rules.SECTIONS, *sorted(set(texts_a) | set(texts_b) - set(rules.SECTIONS))]
    for slug in slugs:
        a, b = str(texts_a.get(slug) or ""), str(texts_b.get(slug) or "")
        if a == b:
            continue
        title = str(PlanSection(slug).label) if slug in PlanSection.values else slug
        ops = rules.text_diff(a, b) if a and b else []
        out.append({"label": title, "before": a or "—", "after": b or "—", "ops": ops})
    return out


def plan_label(plan: Any) -> str:
    """``辽宁(营口)沿海产业基地 · 一区一策方案第 1 版``."""
    return _with_zone(plan, _("一区一策方案第 %(version)s 版") % {"version": plan.version})


def _plan_unit_label(unit: Any, kind: str) -> str:
    plan = _parent(unit, "plan")
    prefix = plan_label(plan) if plan is not None else _("已删除的方案")
    return f"{prefix} · {kind} {unit.name}"


def plan_body_label(body: Any) -> str:
    """``辽宁(营口)沿海产业基地 · 一区一策方案第 1 版 · 内设机构 党政综合工作部``."""
    return _plan_unit_label(body, _("内设机构"))


def plan_agency_label(agency: Any) -> str:
    return _plan_unit_label(agency, _("派驻机构"))


def establishment_label(establishment: Any) -> str:
    return _with_zone(establishment, _("机构编制"))


def establishment_unit_label(unit: Any) -> str:
    establishment = _parent(unit, "establishment")
    prefix = establishment_label(establishment) if establishment is not None else _("机构编制")
    return f"{prefix} · {unit.get_kind_display()} {unit.name}"


# 一区一策 plans and the establishment they set. updated_at is bookkeeping (every save moves it).
register(
    Plan,
    label=plan_label,
    related=("zone",),
    exclude=("updated_at",),
    structured={"sections": plan_sections_change},
)
register(PlanBody, label=plan_body_label, related=("plan__zone",))
register(PlanAgency, label=plan_agency_label, related=("plan__zone",))
register(
    ZoneEstablishment,
    label=establishment_label,
    related=("zone",),
    exclude=("updated_at",),
)
register(
    EstablishmentUnit,
    label=establishment_unit_label,
    related=("establishment__zone",),
)

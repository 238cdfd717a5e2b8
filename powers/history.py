"""Browsable change history of the register (devzone/audit; ADR 0103). The catalogue keeps its
history too (``PowerItem.history``) but is not zone-owned, so it is read in the admin, not here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from devzone.audit.registry import register
from zones.registry.history import _parent, _with_zone

from .models import CaseRecord, Delegation, Evaluation, Responsibility


def _item(obj: Any) -> str:
    item = _parent(obj, "item")
    return str(item) if item is not None else _("已删除的事项")


def delegation_label(delegation: Any) -> str:
    """``辽宁(营口)沿海产业基地 · 赋权 SC-001 食品经营许可``."""
    return _with_zone(delegation, _("赋权 %(item)s") % {"item": _item(delegation)})


def evaluation_label(evaluation: Any) -> str:
    delegation = _parent(evaluation, "delegation")
    prefix = delegation_label(delegation) if delegation is not None else _("已删除的赋权")
    return f"{prefix} · {_('%(period)s 评估') % {'period': evaluation.period}}"


def responsibility_label(row: Any) -> str:
    return _with_zone(row, _("权责清单 %(item)s") % {"item": _item(row)})


register(Delegation, label=delegation_label, related=("zone", "item"), exclude=("updated_at",))
register(
    Evaluation,
    label=evaluation_label,
    related=("delegation__zone", "delegation__item"),
)
register(Responsibility, label=responsibility_label, related=("zone", "item"), exclude=("updated_at",))
register(
    CaseRecord,
    label=lambda row: f"{evaluation_label(row).rsplit(' · ', 1)[0]} · {_('%(period)s 办件') % {'period': row.period}}",
    related=("delegation__zone", "delegation__item"),
)

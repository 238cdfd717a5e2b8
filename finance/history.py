"""Browsable change history of zone finance (devzone/audit; ADR 0103): revenue corrections,
agreement versions, fiscal model, designations, projects and their stage payments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from devzone.audit.registry import register
from zones.registry.history import _parent, _with_zone

from .models import Agreement, FiscalProfile, Project, ProjectStage, Revenue, RewardDesignation, TaxType


def revenue_label(row: Any) -> str:
    tax = dict(TaxType.choices).get(row.tax_type, row.tax_type)
    return _with_zone(row, _("收入 %(year)s年%(month)s月 %(tax)s") % {"year": row.year, "month": row.month, "tax": tax})


def project_label(row: Any) -> str:
    return _with_zone(row, _("招引项目 %(name)s") % {"name": row.name})


def stage_label(row: Any) -> str:
    project = _parent(row, "project")
    prefix = project_label(project) if project is not None else _("已删除的项目")
    return f"{prefix} · {row.get_stage_display() if hasattr(row, 'get_stage_display') else row.stage}"


register(Revenue, label=revenue_label, related=("zone",), exclude=("updated_at",))
register(
    Agreement,
    label=lambda row: _with_zone(row, _("财力分成协议 %(name)s 第%(v)s版") % {"name": row.name, "v": row.version}),
    related=("zone",),
)
register(
    FiscalProfile, label=lambda row: _with_zone(row, _("财政管理模式")), related=("zone",), exclude=("updated_at",)
)
register(
    RewardDesignation,
    label=lambda row: _with_zone(row, _("超计划增量奖励认定 %(y)s") % {"y": row.ranking_year}),
    related=("zone",),
)
register(Project, label=project_label, related=("zone",))
register(ProjectStage, label=stage_label, related=("project__zone",))

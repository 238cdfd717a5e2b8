"""Change history of the zones' business records, browsable by those who read a zone's history.

Every zone-owned model that keeps history is registered in its sub-package's history.py (ADR 0103):
the zone and its areas,
the registry (status changes, merges, platform companies, social functions, land plots), the
一区一策 plans with their bodies and agencies, and the establishment with its units. The plan
rule set (``PlanRuleSet``/``PlanBodyBound``) keeps history too but belongs to no zone, so it is
not browsable here (its changes are in the admin's history).

Labels run on live records and on historical versions and must not query: what they follow is
declared in ``related`` (loaded with ``select_related``). A parent deleted since reads as missing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from devzone.audit.registry import register

from .models import PlatformCompany, SocialFunction, Zone, ZoneMerge, ZoneStatusChange


def _parent(obj: Any, name: str) -> Any:
    """``obj.<name>`` or None when unset or deleted since (historical foreign keys keep no constraint)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _zone_name(obj: Any, name: str = "zone") -> str:
    zone = _parent(obj, name)
    return zone.name if zone is not None else _("已删除的开发区")


def _with_zone(obj: Any, own: str, name: str = "zone") -> str:
    return f"{_zone_name(obj, name)} · {own}"


def status_change_label(change: Any) -> str:
    """``锦州高新区 · 正常 → 警示（2025-04-15）``."""
    return _with_zone(
        change,
        _("%(before)s → %(after)s（%(date)s）")
        % {
            "before": change.get_from_status_display(),
            "after": change.get_to_status_display(),
            "date": change.effective_date,
        },
    )


def merge_label(merge: Any) -> str:
    """``庄河经济开发区 → 大连经济技术开发区``: the merged zone into the surviving one."""
    return _("%(merged)s 整合入 %(surviving)s") % {
        "merged": _zone_name(merge, "merged_zone"),
        "surviving": _zone_name(merge, "surviving_zone"),
    }


def company_label(company: Any) -> str:
    return _with_zone(company, company.name)


def social_function_label(item: Any) -> str:
    return _with_zone(item, item.get_function_display())


register(Zone)

# Registry. A merge concerns two zones; it is browsed under the surviving zone (the one whose
# profile lists it as received), the merged zone's own status change records its side.
register(ZoneStatusChange, label=status_change_label, related=("zone",))
register(ZoneMerge, label=merge_label, related=("surviving_zone", "merged_zone"))
register(PlatformCompany, label=company_label, related=("zone",))
register(SocialFunction, label=social_function_label, related=("zone",))

"""Pure registry rules (no ORM, no Django): status transitions, the kind/level pairs, platform company tiers.

The string values are the database values of the matching ``zones.registry.models`` choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

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


# Which level each kind of zone carries (ZoneKind -> ZoneLevel values); a border cooperation
# zone may be either.
KIND_LEVELS: Mapping[str, frozenset[str]] = {
    "national_etdz": frozenset({"national"}),
    "national_hitech": frozenset({"national"}),
    "provincial_edz": frozenset({"provincial"}),
    "provincial_hitech": frozenset({"provincial"}),
    "border_cooperation": frozenset({"national", "provincial"}),
}


def level_fits_kind(kind: str, level: str) -> bool:
    return level in KIND_LEVELS.get(kind, frozenset())


# --- platform company tiers ----------------------------------------------------------------


def specialty_required(tier: str) -> bool:
    """Only a specialised company names its business segment (and it must)."""
    return tier == SPECIALISED


def shareholding_allowed(tier: str) -> bool:
    """The management committee (owner) holds the companies; it has no shareholding itself."""
    return tier != OWNER


def parent_tier_allowed(tier: str, parent_tier: str) -> bool:
    return parent_tier in PARENT_TIERS.get(tier, frozenset())

"""Roles and what each may do, as data (DESIGN "Tenancy").

A role acts on zones through django-guardian object permissions on ``zones.Zone``; this table
says which permissions a (role × scope) group receives on every zone its scope covers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("省级管理员")
    PROVINCE_STAFF = "province_staff", _("省直部门")
    CITY_OFFICER = "city_officer", _("市级")
    ZONE_OFFICER = "zone_officer", _("开发区")
    DEPARTMENT = "department", _("赋权部门")
    AUDITOR = "auditor", _("审计/巡察")


class ScopeType(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县(市、区)")
    ZONE = "zone", _("开发区")


VIEW = "view_zone"
EDIT_REGISTRY = "edit_registry"
DRAFT_PLAN = "draft_plan"
REVIEW_PLAN = "review_plan"
MANAGE_STAFFING = "manage_staffing"
MANAGE_FINANCE = "manage_finance"
MANAGE_POWERS = "manage_powers"
READ_HISTORY = "read_history"
CHANGE_STATUS = "change_status"  # a province decision (seeds 003/004): warn, rectify, delist, merge

ZONE_PERMISSIONS: tuple[str, ...] = (
    VIEW,
    EDIT_REGISTRY,
    DRAFT_PLAN,
    REVIEW_PLAN,
    MANAGE_STAFFING,
    MANAGE_FINANCE,
    MANAGE_POWERS,
    READ_HISTORY,
    CHANGE_STATUS,
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PROVINCE_ADMIN: frozenset(ZONE_PERMISSIONS) - {DRAFT_PLAN},
    Role.PROVINCE_STAFF: frozenset({VIEW, REVIEW_PLAN, READ_HISTORY}),
    Role.CITY_OFFICER: frozenset({VIEW, EDIT_REGISTRY, DRAFT_PLAN, MANAGE_FINANCE, READ_HISTORY}),
    Role.ZONE_OFFICER: frozenset({VIEW, MANAGE_STAFFING, MANAGE_FINANCE, MANAGE_POWERS}),
    Role.DEPARTMENT: frozenset({VIEW, MANAGE_POWERS}),
    Role.AUDITOR: frozenset({VIEW, READ_HISTORY}),
}

# Which scope types a role may be held on.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.PROVINCE_ADMIN: frozenset({ScopeType.PROVINCE}),
    Role.PROVINCE_STAFF: frozenset({ScopeType.PROVINCE}),
    Role.CITY_OFFICER: frozenset({ScopeType.CITY, ScopeType.COUNTY}),
    Role.ZONE_OFFICER: frozenset({ScopeType.ZONE}),
    Role.DEPARTMENT: frozenset({ScopeType.PROVINCE, ScopeType.CITY, ScopeType.COUNTY}),
    Role.AUDITOR: frozenset({ScopeType.PROVINCE, ScopeType.CITY, ScopeType.COUNTY, ScopeType.ZONE}),
}

# Roles that may create zones in the regions they cover.
ZONE_CREATORS: frozenset[str] = frozenset({Role.PROVINCE_ADMIN, Role.CITY_OFFICER})

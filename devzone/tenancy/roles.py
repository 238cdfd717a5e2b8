"""Roles, the scopes they are held on, and the platform's own zone permissions (DESIGN "Tenancy").

A role acts on zones through django-guardian object permissions on ``zones.Zone``. Each
permission is declared with the roles holding it (:func:`devzone.tenancy.grants.zone_permission`):
the platform's generic ones here, an app's own in its ``grants.py`` (ADR 0009).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .grants import zone_permission


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


# Seeing a zone and what hangs off it (Django's default ``view`` permission of the zone model).
VIEW = zone_permission("view_zone", "Can view 开发区", roles=Role.values)
READ_HISTORY = zone_permission(
    "read_history",
    _("查阅变更记录"),
    roles={Role.PROVINCE_ADMIN, Role.PROVINCE_STAFF, Role.CITY_OFFICER, Role.AUDITOR},
)

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

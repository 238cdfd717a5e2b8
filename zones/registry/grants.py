"""The zone permissions the registry checks, and the roles holding them (ADR 0009)."""

from django.utils.translation import gettext_lazy as _

from devzone.tenancy.grants import zone_permission
from devzone.tenancy.roles import Role

EDIT_REGISTRY = zone_permission("edit_registry", _("维护开发区档案"), roles={Role.PROVINCE_ADMIN, Role.CITY_OFFICER})
# A province decision (seeds 003/004): warn, rectify, delist, merge.
CHANGE_STATUS = zone_permission("change_status", _("变更开发区状态"), roles={Role.PROVINCE_ADMIN})

# Held here until the powers, staffing and finance apps exist: each of them moves its line to its
# own grants.py (same codename and roles, so the Permission rows and grants stay as they are).
# manage_finance moved to finance/grants.py (ADR 0401: zone officers read their finance only).
MANAGE_STAFFING = zone_permission(
    "manage_staffing", _("管理岗位与人员"), roles={Role.PROVINCE_ADMIN, Role.ZONE_OFFICER}
)

"""The zone permissions the registry checks, and the roles holding them (ADR 0009)."""

from django.utils.translation import gettext_lazy as _

from devzone.tenancy.grants import zone_permission
from devzone.tenancy.roles import Role

EDIT_REGISTRY = zone_permission("edit_registry", _("维护开发区档案"), roles={Role.PROVINCE_ADMIN, Role.CITY_OFFICER})
# A province decision (seeds 003/004): warn, rectify, delist, merge.
CHANGE_STATUS = zone_permission("change_status", _("变更开发区状态"), roles={Role.PROVINCE_ADMIN})

# manage_staffing and manage_finance live in staffing/grants.py and finance/grants.py (ADRs 0303, 0401).

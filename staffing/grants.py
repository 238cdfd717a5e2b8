"""The zone permissions staffing checks, and the roles holding them (ADR 0009, ADR 0301).

Seeing staffing (establishment, roster, rounds) is the platform's ``view_zone``: every role in
scope — the zone, its city and the province, auditors over their period — reads it. Changing
anything is ``manage_staffing``: the zone's HR officers (and the province admin).
Who reads whole ID numbers is the rule set's ``full_id_roles`` (default: nobody).
"""

from django.utils.translation import gettext_lazy as _

from devzone.tenancy.grants import zone_permission
from devzone.tenancy.roles import Role

# Moved from zones/registry/grants.py (same codename and roles: no row changes).
MANAGE_STAFFING = zone_permission(
    "manage_staffing", _("管理岗位与人员"), roles={Role.PROVINCE_ADMIN, Role.ZONE_OFFICER}
)

"""The zone permission the delegated-power register checks, and the roles holding it (ADR 0009).

Which *side* of a delegation a holder stands on (granting department or zone) is read from the
memberships on top of it (``powers/access.py``, ADR 0201).
"""

from django.utils.translation import gettext_lazy as _

from devzone.tenancy.grants import zone_permission
from devzone.tenancy.roles import Role

MANAGE_POWERS = zone_permission(
    "manage_powers", _("管理赋权事项"), roles={Role.PROVINCE_ADMIN, Role.ZONE_OFFICER, Role.DEPARTMENT}
)

"""The zone permissions of the 一区一策 workflow, and the roles holding them (ADR 0009)."""

from django.utils.translation import gettext_lazy as _

from devzone.tenancy.grants import zone_permission
from devzone.tenancy.roles import Role

DRAFT_PLAN = zone_permission("draft_plan", _("编制一区一策方案"), roles={Role.CITY_OFFICER})
REVIEW_PLAN = zone_permission("review_plan", _("审核一区一策方案"), roles={Role.PROVINCE_ADMIN, Role.PROVINCE_STAFF})

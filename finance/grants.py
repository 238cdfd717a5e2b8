"""The zone permissions finance checks, and the roles holding them (ADR 0009, ADR 0401).

City officers keep the finance of their city's zones (agreements, revenue, projects, payments);
the province keeps every zone's. Zone officers read their own zone's figures (``view_zone``) and
report the stages their projects reach; auditors read within their period (``view_zone``,
``read_history``).
"""

from django.utils.translation import gettext_lazy as _

from devzone.tenancy.grants import zone_permission
from devzone.tenancy.roles import Role

MANAGE_FINANCE = zone_permission("manage_finance", _("管理财政数据"), roles={Role.PROVINCE_ADMIN, Role.CITY_OFFICER})
REPORT_STAGES = zone_permission(
    "report_project_stages",
    _("填报招引项目进度"),
    roles={Role.PROVINCE_ADMIN, Role.CITY_OFFICER, Role.ZONE_OFFICER},
)

"""The zone permissions of assessment and pay, and the roles holding them (ADR 0009, 0501).

Province-wide acts (indicator systems, rule sets, closing a year) are the province admin's:
:func:`assessment.access.is_province_admin`.
"""

from django.utils.translation import gettext_lazy as _

from devzone.tenancy.grants import zone_permission
from devzone.tenancy.roles import Role

ENTER_VALUES = zone_permission(
    "enter_indicator_values", _("填报考核指标数值"), roles={Role.PROVINCE_ADMIN, Role.ZONE_OFFICER}
)
MANAGE_BENCHMARKS = zone_permission(
    "manage_pay_benchmarks", _("核定绩效薪酬基准"), roles={Role.PROVINCE_ADMIN, Role.CITY_OFFICER}
)

"""The register's lists and their filters: one FilterSet per list, used by the API, the pages,
the Excel export and the PDF alike (ADR 0201)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from devzone.domain.filters import IdFilter

from .models import (
    ApprovalStage,
    Delegation,
    DelegationMode,
    DelegationStatus,
    Evaluation,
    GrantingLevel,
    PowerDomain,
    PowerItem,
    PowerType,
)


class ItemFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("关键词"), help_text="事项编码或名称包含")
    type = filters.ChoiceFilter(choices=PowerType.choices, label=_("事项类型"))
    granting_level = filters.ChoiceFilter(choices=GrantingLevel.choices, label=_("赋权层级"))
    granting_department = filters.CharFilter(label=_("赋权部门"))
    domain = filters.ChoiceFilter(choices=PowerDomain.choices, label=_("领域"))
    stage = filters.ChoiceFilter(choices=ApprovalStage.choices, label=_("审批阶段"))

    class Meta:
        model = PowerItem
        fields = ["q", "type", "granting_level", "granting_department", "domain", "stage"]

    def search(self, queryset: QuerySet[PowerItem], name: str, value: str) -> QuerySet[PowerItem]:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class DelegationFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    item = filters.CharFilter(field_name="item__code", label=_("事项"), help_text="事项编码")
    status = filters.ChoiceFilter(choices=DelegationStatus.choices, label=_("状态"))
    mode = filters.ChoiceFilter(choices=DelegationMode.choices, label=_("赋权方式"))
    domain = filters.ChoiceFilter(field_name="item__domain", choices=PowerDomain.choices, label=_("领域"))
    stage = filters.ChoiceFilter(field_name="item__stage", choices=ApprovalStage.choices, label=_("审批阶段"))
    granting_department = filters.CharFilter(field_name="item__granting_department", label=_("赋权部门"))
    as_of = filters.DateFilter(method="in_force_on", label=_("截至日期"), help_text="YYYY-MM-DD：当日有效的赋权")

    class Meta:
        model = Delegation
        fields = ["zone", "item", "status", "mode", "domain", "stage", "granting_department", "as_of"]

    def in_force_on(self, queryset: QuerySet[Delegation], name: str, value: date) -> QuerySet[Delegation]:
        from .selectors import in_force

        return in_force(queryset, value)


class EvaluationFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="delegation__zone__code", label=_("开发区"))
    delegation = IdFilter(field_name="delegation_id", label=_("赋权"))
    period = filters.CharFilter(label=_("评估期"))
    recommendation = filters.CharFilter(label=_("建议"))

    class Meta:
        model = Evaluation
        fields = ["zone", "delegation", "period", "recommendation"]

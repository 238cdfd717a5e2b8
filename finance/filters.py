"""Finance lists and their filters: one FilterSet per list, used by the API, the pages, the
Excel export and the PDF alike (ADR 0010)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Agreement, Project, Revenue, SchemeKind, TaxType


class RevenueFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(label=_("年度"))
    month = filters.NumberFilter(label=_("月份"))
    tax_type = filters.ChoiceFilter(choices=TaxType.choices, label=_("税种"))

    class Meta:
        model = Revenue
        fields = ["zone", "year", "month", "tax_type"]


class AgreementFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(method="in_force_in", label=_("有效年度"), help_text="该年度有效的协议")

    class Meta:
        model = Agreement
        fields = ["zone", "year"]

    def in_force_in(self, queryset: QuerySet[Agreement], name: str, value: Any) -> QuerySet[Agreement]:
        year = int(value)
        return queryset.filter(effective_from__lte=year).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=year)
        )


class ProjectFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    kind = filters.ChoiceFilter(field_name="scheme__kind", choices=SchemeKind.choices, label=_("方案类别"))
    q = filters.CharFilter(method="search", label=_("关键词"), help_text="项目名称或投资方包含")

    class Meta:
        model = Project
        fields = ["zone", "kind", "q"]

    def search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(Q(name__icontains=value) | Q(investor__icontains=value))

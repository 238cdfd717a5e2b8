"""One FilterSet per list (ADR 0010): results, pools, benchmarks — shared by API, pages and PDFs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import (
    Benchmark,
    DepartmentGrade,
    DistributionPlan,
    Grade,
    Group,
    IndicatorValue,
    PayPool,
    StaffGrade,
    ZoneResult,
)


class ResultFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    group = filters.ChoiceFilter(choices=Group.choices, label=_("考核组别"))
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    grade = filters.ChoiceFilter(choices=Grade.choices, label=_("等次"))

    class Meta:
        model = ZoneResult
        fields = ["year", "group", "zone", "grade"]


class PoolFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    capped = filters.BooleanFilter(label=_("触及上限"))

    class Meta:
        model = PayPool
        fields = ["zone", "year", "capped"]


class BenchmarkFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(field_name="year", label=_("年度"))

    class Meta:
        model = Benchmark
        fields = ["zone", "year"]


class ValueFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    period = filters.CharFilter(label=_("期间"))

    class Meta:
        model = IndicatorValue
        fields = ["zone", "year", "period"]


class StaffGradeFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    grade = filters.CharFilter(label=_("等次"), help_text="S、A、B、C、D")

    class Meta:
        model = StaffGrade
        fields = ["zone", "year", "grade"]


class DepartmentGradeFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(field_name="year", label=_("年度"))

    class Meta:
        model = DepartmentGrade
        fields = ["zone", "year"]


class PlanFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    year = filters.NumberFilter(field_name="year", label=_("年度"))
    state = filters.CharFilter(label=_("状态"), help_text="draft 或 filed")

    class Meta:
        model = DistributionPlan
        fields = ["zone", "year", "state"]

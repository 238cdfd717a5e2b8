"""Staffing's lists and their filters: one FilterSet per list, used by the API, the pages, the
Excel export and the PDF alike (ADR 0010)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import FileIdentity, Round, RoundKind, RoundState, Staff, StaffStatus

ALL = _("全部")


class StaffFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    q = filters.CharFilter(method="search", label=_("姓名"), help_text="姓名包含")
    department = filters.CharFilter(field_name="department__name", label=_("部门"))
    file_identity = filters.ChoiceFilter(choices=FileIdentity.choices, label=_("档案身份"), empty_label=ALL)
    status = filters.ChoiceFilter(choices=StaffStatus.choices, label=_("状态"), empty_label=ALL)

    class Meta:
        model = Staff
        fields = ["zone", "q", "department", "file_identity", "status"]

    def search(self, queryset: QuerySet[Staff], name: str, value: str) -> QuerySet[Staff]:
        return queryset.filter(Q(name__icontains=value))


class RoundFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    state = filters.ChoiceFilter(choices=RoundState.choices, label=_("状态"), empty_label=ALL)
    kind = filters.ChoiceFilter(choices=RoundKind.choices, label=_("类型"), empty_label=ALL)

    class Meta:
        model = Round
        fields = ["zone", "state", "kind"]

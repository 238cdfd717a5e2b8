"""The land plot list's filters, declared once (ADR 0010): applied inside ``selectors.plot_list``
and ``selectors.plot_export_list``, shared by the API (schema included) and the Excel export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain.errors import Invalid
from devzone.tenancy.scope import visible_zones
from devzone.types import User

from . import rules
from .models import LandPlot, PlotUse

# rules.must_move_out as a query, built from the rule's data (tests keep the two in step).
MOVE_OUT_Q = Q(use__in=sorted(rules.MOVE_OUT_USES)) | Q(
    use__in=sorted(rules.MOVE_OUT_UNLESS_NEEDED), needed_supporting=False
)


class LandPlotFilterSet(django_filters.FilterSet):
    use = django_filters.ChoiceFilter(choices=PlotUse.choices)
    move_out = django_filters.BooleanFilter(method="filter_move_out", label=gettext_lazy("调出"))

    class Meta:
        model = LandPlot
        fields = ["use", "move_out"]

    def filter_move_out(self, queryset: QuerySet[LandPlot], name: str, value: bool | None) -> QuerySet[LandPlot]:
        if value is None:
            return queryset
        return queryset.filter(MOVE_OUT_Q) if value else queryset.exclude(MOVE_OUT_Q)


class LandPlotExportFilterSet(LandPlotFilterSet):
    """The plot export spans the user's zones: the list's filters plus ``zone`` (a code in scope;
    any other is refused without saying whether it exists)."""

    zone = django_filters.CharFilter(method="filter_zone", label=gettext_lazy("开发区代码"), max_length=64)

    class Meta(LandPlotFilterSet.Meta):
        fields = ["zone", "use", "move_out"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_zone(self, queryset: QuerySet[LandPlot], name: str, value: str) -> QuerySet[LandPlot]:
        code = value.strip()
        if not visible_zones(self.user).filter(code=code).exists():
            raise Invalid({"zone": [_("开发区代码“%(code)s”不存在或对您不可用。") % {"code": code}]})
        return queryset.filter(zone__code=code)

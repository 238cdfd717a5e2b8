"""REST endpoints of a zone's land plots (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter

from zones.registry.api import ZoneChildCrud, _crud_schema
from zones.registry.models import Zone

from . import selectors, services
from .models import LandPlot, PlotUse
from .serializers import LandPlotSerializer


class LandPlotFilter(filters.FilterSet):
    use = filters.ChoiceFilter(choices=PlotUse.choices)
    move_out = filters.BooleanFilter(method="filter_move_out", label=gettext_lazy("调出"))

    class Meta:
        model = LandPlot
        fields = ["use", "move_out"]

    def filter_move_out(self, queryset: QuerySet[LandPlot], name: str, value: bool | None) -> QuerySet[LandPlot]:
        if value is None:
            return queryset
        return queryset.filter(selectors.MOVE_OUT_Q) if value else queryset.exclude(selectors.MOVE_OUT_Q)


@_crud_schema(LandPlotSerializer, OpenApiParameter("code", str, OpenApiParameter.PATH, description="地块编号"))
class LandPlotViewSet(ZoneChildCrud):
    """Land plots with use, area and enterprise; per-mu figures per plot; ``?move_out=true``: 调出."""

    serializer_class = LandPlotSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = LandPlotFilter

    def get_queryset(self) -> QuerySet[LandPlot]:
        if getattr(self, "swagger_fake_view", False):
            return LandPlot.objects.none()
        return selectors.plot_list(zone=self.zone())

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> LandPlot:
        if instance is None:
            return services.create_plot(user=self.request.user, zone=zone, data=data)
        return services.update_plot(user=self.request.user, plot=instance, data=data)

    def remove(self, instance: LandPlot) -> None:
        services.delete_plot(user=self.request.user, plot=instance)

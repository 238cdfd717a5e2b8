"""REST endpoints of a zone's land plots (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter

from zones.registry.api import ZoneChildCrud, _crud_schema
from zones.registry.models import Zone

from . import selectors, services
from .filters import LandPlotFilterSet
from .models import LandPlot
from .serializers import LandPlotSerializer


@_crud_schema(LandPlotSerializer, OpenApiParameter("code", str, OpenApiParameter.PATH, description="地块编号"))
class LandPlotViewSet(ZoneChildCrud):
    """Land plots with use, area and enterprise; per-mu figures per plot; ``?move_out=true``: 调出."""

    serializer_class = LandPlotSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = LandPlotFilterSet  # applied by selectors.plot_list (ADR 0010)

    def get_queryset(self) -> QuerySet[LandPlot]:
        if getattr(self, "swagger_fake_view", False):
            return LandPlot.objects.none()
        filters = self.request.query_params if self.action == "list" else None
        return selectors.plot_list(zone=self.zone(), filters=filters)

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> LandPlot:
        if instance is None:
            return services.create_plot(user=self.request.user, zone=zone, data=data)
        return services.update_plot(user=self.request.user, plot=instance, data=data)

    def remove(self, instance: LandPlot) -> None:
        services.delete_plot(user=self.request.user, plot=instance)

"""The zone detail of the API: the zone with its areas, establishment and registry."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zones.areas.serializers import AreaSerializer
from zones.plans.serializers import EstablishmentSerializer
from zones.plots import selectors as plots_selectors
from zones.plots.serializers import PlotsSummarySerializer, RollupSerializer
from zones.registry.models import Zone
from zones.registry.serializers import (
    MergeSerializer,
    PlatformCompanySerializer,
    SocialFunctionSerializer,
    StatusChangeSerializer,
    ZoneRefSerializer,
    ZoneSerializer,
)


class ZoneDetailSerializer(ZoneSerializer):
    areas = AreaSerializer(many=True, read_only=True)
    establishment = EstablishmentSerializer(
        read_only=True, allow_null=True, help_text="机构编制（来自批准的一区一策方案；尚无则为 null）"
    )

    class Meta(ZoneSerializer.Meta):
        fields = [*ZoneSerializer.Meta.fields, "areas", "establishment"]


class ZoneRegistrySerializer(ZoneDetailSerializer):
    """The zone detail (API.md) plus its registry: history, companies, sub-parks, plots…"""

    parent_zone_name = serializers.CharField(source="parent_zone.name", read_only=True, default=None, allow_null=True)
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    platform_companies = PlatformCompanySerializer(many=True, read_only=True)
    sub_parks = ZoneRefSerializer(many=True, read_only=True)
    merges = serializers.SerializerMethodField()
    social_functions = SocialFunctionSerializer(many=True, read_only=True)
    plots_summary = serializers.SerializerMethodField()
    rollup = serializers.SerializerMethodField()

    class Meta(ZoneDetailSerializer.Meta):
        fields = [
            *ZoneDetailSerializer.Meta.fields,
            "parent_zone_name",
            "status_history",
            "platform_companies",
            "sub_parks",
            "merges",
            "social_functions",
            "plots_summary",
            "rollup",
        ]

    @extend_schema_field(MergeSerializer(many=True))
    def get_merges(self, zone: Zone) -> list[dict[str, Any]]:
        rows = [*zone.merges_received.all(), *zone.merges_out.all()]
        return list(MergeSerializer(rows, many=True).data)

    @extend_schema_field(PlotsSummarySerializer)
    def get_plots_summary(self, zone: Zone) -> dict[str, Any]:
        return PlotsSummarySerializer(plots_selectors.plots_summary(zone)).data

    @extend_schema_field(RollupSerializer(allow_null=True))
    def get_rollup(self, zone: Zone) -> dict[str, Any] | None:
        totals = plots_selectors.zone_rollup(zone)
        return None if totals is None else RollupSerializer(totals).data

"""DRF input/output of land plots, per-mu figures and the roll-up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zones.areas.models import ZoneArea
from zones.registry.serializers import MONEY

from . import rules, selectors
from .models import LandPlot


@extend_schema_field(OpenApiTypes.STR)
class AreaSlugField(serializers.Field):
    """A zone area by its slug (``catalogue``, ``planned``, ``controlled`` or a sub-area's)."""

    def to_representation(self, value: ZoneArea) -> str:
        return value.slug

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or len(data) > 64:
            raise serializers.ValidationError(_("请填写区域标识（如 catalogue）。"))
        return data


class LandPlotSerializer(serializers.ModelSerializer):
    area = AreaSlugField(required=False, allow_null=True, help_text=_("所在区域标识"))
    area_mu = serializers.DecimalField(max_digits=12, decimal_places=2)
    annual_tax = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    annual_output = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, allow_null=True)
    tax_per_mu = serializers.SerializerMethodField()
    output_per_mu = serializers.SerializerMethodField()
    move_out = serializers.SerializerMethodField(help_text=_("调出：非产业用地，或非必要的配套用地"))

    class Meta:
        model = LandPlot
        fields = [
            "code",
            "use",
            "area",
            "area_mu",
            "enterprise",
            "annual_tax",
            "annual_output",
            "figures_year",
            "needed_supporting",
            "note",
            "tax_per_mu",
            "output_per_mu",
            "move_out",
        ]
        extra_kwargs: dict[str, dict[str, Any]] = {"code": {"validators": []}}

    @extend_schema_field(serializers.DecimalField(**MONEY, allow_null=True))
    def get_tax_per_mu(self, plot: LandPlot) -> str | None:
        value = rules.per_mu(plot.annual_tax, plot.area_mu)
        return None if value is None else f"{value:.2f}"

    @extend_schema_field(serializers.DecimalField(**MONEY, allow_null=True))
    def get_output_per_mu(self, plot: LandPlot) -> str | None:
        value = rules.per_mu(plot.annual_output, plot.area_mu)
        return None if value is None else f"{value:.2f}"

    def get_move_out(self, plot: LandPlot) -> bool:
        return rules.must_move_out(selectors.plot_rules(plot))


class PerMuSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    industrial_area_mu = serializers.DecimalField(**MONEY)
    tax_total = serializers.DecimalField(**MONEY)
    tax_area_mu = serializers.DecimalField(**MONEY)
    tax_per_mu = serializers.DecimalField(**MONEY, allow_null=True)
    output_total = serializers.DecimalField(**MONEY)
    output_area_mu = serializers.DecimalField(**MONEY)
    output_per_mu = serializers.DecimalField(**MONEY, allow_null=True)
    plots_without_figures = serializers.IntegerField()


class PlotsSummarySerializer(serializers.Serializer):
    plot_count = serializers.IntegerField()
    area_mu_by_use = serializers.DictField(child=serializers.DecimalField(**MONEY))
    move_out_count = serializers.IntegerField()
    move_out_area_mu = serializers.DecimalField(**MONEY)
    per_mu = PerMuSerializer()


class RollupSerializer(serializers.Serializer):
    members = serializers.ListField(child=serializers.CharField(), help_text=_("本区及其园区、被整合开发区的代码"))
    declared_km2 = serializers.DictField(child=serializers.DecimalField(max_digits=20, decimal_places=4))
    plot_area_mu = serializers.DictField(child=serializers.DecimalField(**MONEY))
    move_out_area_mu = serializers.DecimalField(**MONEY)
    per_mu = PerMuSerializer()

"""DRF input/output of a zone's areas and their flags."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import flags, selectors
from .models import ZoneArea


class AreaFlagSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="declared_mismatch / overlaps / outside_parent")
    message = serializers.CharField()


class AreaSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="slug", read_only=True, help_text="catalogue / planned / controlled / 片区标识")
    area_kind = serializers.CharField(source="kind", read_only=True)
    stale = serializers.BooleanField(read_only=True)
    flags = serializers.SerializerMethodField(help_text="declared_mismatch / overlaps / outside_parent，附中文说明")

    class Meta:
        model = ZoneArea
        fields = [
            "kind",
            "area_kind",
            "name",
            "declared_km2",
            "computed_km2",
            "computed_mu",
            "bounds_text",
            "geometry",
            "computed_at",
            "stale",
            "flags",
        ]

    @extend_schema_field(AreaFlagSerializer(many=True))
    def get_flags(self, area: ZoneArea) -> list[dict[str, str]]:
        # the rule set is read once per response (memoised on the outermost serializer)
        tolerance = getattr(self.root, "_area_tolerance", None)
        if tolerance is None:
            tolerance = selectors.declared_tolerance()
            setattr(self.root, "_area_tolerance", tolerance)  # noqa: B010 (an attribute the class does not declare)
        return flags.describe(area, tolerance)


class AreaDetailSerializer(AreaSerializer):
    """One area: declared figure, 四至 and boundary in; computed figures, flags and staleness out."""

    declared_km2 = serializers.DecimalField(
        max_digits=12, decimal_places=4, min_value=Decimal(0), label=_("申报面积(平方公里)")
    )
    bounds_text = serializers.CharField(max_length=2000, allow_blank=True, required=False, label=_("四至范围"))
    geometry = serializers.JSONField(
        allow_null=True, required=False, help_text="GeoJSON Polygon / MultiPolygon, WGS84 [经度, 纬度]"
    )

    class Meta(AreaSerializer.Meta):
        read_only_fields = ["name", "computed_km2", "computed_mu", "computed_at"]

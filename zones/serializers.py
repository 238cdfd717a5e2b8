from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Region, RegionLevel, Zone, ZoneArea
from .rules import area_flags


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class AreaSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="slug", read_only=True, help_text="catalogue / planned / controlled / 片区标识")
    area_kind = serializers.CharField(source="kind", read_only=True)
    stale = serializers.BooleanField(read_only=True)

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
        ]


class ZoneSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=RegionLevel.CITY),
        error_messages={"does_not_exist": _("没有代码为 {value} 的地级市。")},
    )
    county = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=RegionLevel.COUNTY),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("没有代码为 {value} 的县(市、区)。")},
    )
    city_name = serializers.CharField(source="city.name", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True, default="")

    class Meta:
        model = Zone
        fields = [
            "code",
            "name",
            "kind",
            "level",
            "city",
            "city_name",
            "county",
            "county_name",
            "management_model",
            "managing_authority",
            "founded_year",
            "leading_industries",
            "status",
        ]
        # uniqueness is checked by the service (full_clean), in the user's language
        extra_kwargs = {"code": {"validators": []}, "name": {"validators": []}}

    def validate_code(self, value: str) -> str:
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_("开发区代码创建后不能修改。"))
        return value


class ZoneDetailSerializer(ZoneSerializer):
    areas = AreaSerializer(many=True, read_only=True)

    class Meta(ZoneSerializer.Meta):
        fields = [*ZoneSerializer.Meta.fields, "areas"]


def zone_input(serializer: serializers.Serializer) -> dict[str, Any]:
    return dict(serializer.validated_data)


class AreaFlagSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="declared_mismatch …")
    message = serializers.CharField()


FLAG_MESSAGES = {
    "declared_mismatch": _("计算面积与申报面积相差 %(deviation)s%%，超过 %(tolerance)s%% 的容差。"),
}


class AreaDetailSerializer(AreaSerializer):
    """One area: declared figure, 四至 and boundary in; computed figures, flags and staleness out."""

    declared_km2 = serializers.DecimalField(
        max_digits=12, decimal_places=4, min_value=Decimal(0), label=_("申报面积(平方公里)")
    )
    bounds_text = serializers.CharField(max_length=2000, allow_blank=True, required=False, label=_("四至范围"))
    geometry = serializers.JSONField(
        allow_null=True, required=False, help_text="GeoJSON Polygon / MultiPolygon, WGS84 [经度, 纬度]"
    )
    flags = serializers.SerializerMethodField()

    class Meta(AreaSerializer.Meta):
        fields = [*AreaSerializer.Meta.fields, "flags"]
        read_only_fields = ["name", "computed_km2", "computed_mu", "computed_at"]

    @extend_schema_field(AreaFlagSerializer(many=True))
    def get_flags(self, area: ZoneArea) -> list[dict[str, str]]:
        return [
            {"code": flag["code"], "message": str(FLAG_MESSAGES[flag["code"]]) % flag}
            for flag in area_flags(area.declared_km2, area.computed_km2)
        ]

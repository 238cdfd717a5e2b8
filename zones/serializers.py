from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Region, RegionLevel, Zone, ZoneArea


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

"""DRF input/output of regions, zones and their registry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from devzone.domain.fields import length_of

from .models import PlatformCompany, Region, RegionLevel, SocialFunction, Zone, ZoneMerge, ZoneStatus, ZoneStatusChange


class RegionSerializer(serializers.ModelSerializer):
    # Any: the API's field "parent" shadows DRF's ``Field.parent`` (the enclosing serializer) in the stubs.
    parent: Any = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


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
    parent_zone = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Zone.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("上级园区(一区多园)的代码"),
        error_messages={"does_not_exist": _("没有代码为 {value} 的开发区。")},
    )

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
            "parent_zone",
        ]
        # uniqueness is checked by the service (full_clean), in the user's language
        extra_kwargs: dict[str, dict[str, Any]] = {"code": {"validators": []}, "name": {"validators": []}}

    def validate_code(self, value: str) -> str:
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_("开发区代码创建后不能修改。"))
        return value


def zone_input(serializer: serializers.Serializer) -> dict[str, Any]:
    return dict(serializer.validated_data)


# ---------------------------------------------------------------------------------------------
# Registry: status history, merges, sub-parks, platform companies, social functions, plots.
# ---------------------------------------------------------------------------------------------

MONEY: dict[str, Any] = {"max_digits": 20, "decimal_places": 2}


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.username", read_only=True, default=None)

    class Meta:
        model = ZoneStatusChange
        fields = ["from_status", "to_status", "effective_date", "reason", "document_no", "changed_by", "created_at"]
        read_only_fields = fields


class StatusChangeInputSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=ZoneStatus.choices)
    effective_date = serializers.DateField()
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=length_of(ZoneStatusChange, "reason"), default=""
    )
    document_no = serializers.CharField(
        required=False, allow_blank=True, max_length=length_of(ZoneStatusChange, "document_no"), default=""
    )


class MergeInputSerializer(serializers.Serializer):
    merged = serializers.ListField(
        child=serializers.CharField(max_length=64), min_length=1, max_length=50, help_text=_("被整合开发区的代码")
    )
    effective_date = serializers.DateField()
    document_no = serializers.CharField(
        required=False, allow_blank=True, max_length=length_of(ZoneMerge, "document_no"), default=""
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=length_of(ZoneMerge, "reason"), default=""
    )


class ZoneRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["code", "name", "kind", "status"]
        read_only_fields = fields


class MergeSerializer(serializers.ModelSerializer):
    merged_zone = serializers.CharField(source="merged_zone.code", read_only=True)
    merged_zone_name = serializers.CharField(source="merged_zone.name", read_only=True)
    surviving_zone = serializers.CharField(source="surviving_zone.code", read_only=True)
    surviving_zone_name = serializers.CharField(source="surviving_zone.name", read_only=True)

    class Meta:
        model = ZoneMerge
        fields = [
            "merged_zone",
            "merged_zone_name",
            "surviving_zone",
            "surviving_zone_name",
            "effective_date",
            "document_no",
            "reason",
        ]
        read_only_fields = fields


class PlatformCompanySerializer(serializers.ModelSerializer):
    # Any: the API's field "parent" shadows DRF's ``Field.parent`` (the enclosing serializer) in the stubs.
    parent: Any = serializers.PrimaryKeyRelatedField(
        queryset=PlatformCompany.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("上级单位须是本开发区的平台公司。")},
    )
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None, allow_null=True)
    shareholding_pct = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)

    class Meta:
        model = PlatformCompany
        fields = ["id", "name", "tier", "specialty", "parent", "parent_name", "shareholding_pct", "business_scope"]
        extra_kwargs: dict[str, dict[str, Any]] = {"name": {"validators": []}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = self.context.get("zone")
        if zone is not None:
            field = self.fields["parent"]
            assert isinstance(field, serializers.PrimaryKeyRelatedField)
            # django-stubs read the assignment as a manager descriptor's __get__ (a stubs quirk).
            field.queryset = PlatformCompany.objects.filter(zone=zone)  # type: ignore[arg-type]


class SocialFunctionSerializer(serializers.ModelSerializer):
    function_name = serializers.CharField(source="get_function_display", read_only=True)

    class Meta:
        model = SocialFunction
        fields = ["function", "function_name", "state", "receiving_body", "effective_date", "note"]

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from devzone.tenancy import visible_zones

from . import areaflags, rules, selectors
from .models import (
    EstablishmentUnit,
    FinanceModel,
    LandPlot,
    Plan,
    PlanComment,
    PlanSection,
    PlanSnapshot,
    PlanTransition,
    PlatformCompany,
    Region,
    RegionLevel,
    SocialFunction,
    Zone,
    ZoneArea,
    ZoneEstablishment,
    ZoneMerge,
    ZoneStatus,
    ZoneStatusChange,
)
from .services import COMMENT_MAX, FIGURE_MAX, PLAN_TEXT_MAX, UNIT_DUTIES_MAX, UNIT_NAME_MAX, UNITS_MAX


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


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
        root = self.root
        if not hasattr(root, "_area_tolerance"):
            root._area_tolerance = selectors.declared_tolerance()
        return areaflags.describe(area, root._area_tolerance)


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
        extra_kwargs = {"code": {"validators": []}, "name": {"validators": []}}

    def validate_code(self, value: str) -> str:
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_("开发区代码创建后不能修改。"))
        return value


# The establishment (一区一策 plans section below): shown read-only on the zone.
class EstablishmentUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = EstablishmentUnit
        fields = ["name", "duties"]


class EstablishmentSerializer(serializers.ModelSerializer):
    """The zone's establishment from its approved plan (read-only here; staffing builds on it)."""

    internal_bodies = EstablishmentUnitSerializer(many=True, read_only=True)
    dispatched_agencies = EstablishmentUnitSerializer(many=True, read_only=True)
    source_plan = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ZoneEstablishment
        fields = [
            "headcount_cap",
            "leadership_posts",
            "contract_term_years",
            "internal_bodies",
            "dispatched_agencies",
            "source_plan",
            "source_version",
            "source_submission",
            "approved_at",
            "updated_at",
        ]


class ZoneDetailSerializer(ZoneSerializer):
    areas = AreaSerializer(many=True, read_only=True)
    establishment = EstablishmentSerializer(
        read_only=True, allow_null=True, help_text="机构编制（来自批准的一区一策方案；尚无则为 null）"
    )

    class Meta(ZoneSerializer.Meta):
        fields = [*ZoneSerializer.Meta.fields, "areas", "establishment"]


def zone_input(serializer: serializers.Serializer) -> dict[str, Any]:
    return dict(serializer.validated_data)


# ---------------------------------------------------------------------------------------------
# Registry: status history, merges, sub-parks, platform companies, social functions, plots.
# ---------------------------------------------------------------------------------------------

MONEY = {"max_digits": 20, "decimal_places": 2}


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.username", read_only=True, default=None)

    class Meta:
        model = ZoneStatusChange
        fields = ["from_status", "to_status", "effective_date", "reason", "document_no", "changed_by", "created_at"]
        read_only_fields = fields


class StatusChangeInputSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=ZoneStatus.choices)
    effective_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    document_no = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")


class MergeInputSerializer(serializers.Serializer):
    merged = serializers.ListField(
        child=serializers.CharField(max_length=64), min_length=1, max_length=50, help_text=_("被整合开发区的代码")
    )
    effective_date = serializers.DateField()
    document_no = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


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
    parent = serializers.PrimaryKeyRelatedField(
        queryset=PlatformCompany.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("上级单位须是本开发区的平台公司。")},
    )
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    shareholding_pct = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)

    class Meta:
        model = PlatformCompany
        fields = ["id", "name", "tier", "specialty", "parent", "parent_name", "shareholding_pct", "business_scope"]
        extra_kwargs = {"name": {"validators": []}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = self.context.get("zone")
        if zone is not None:
            self.fields["parent"].queryset = PlatformCompany.objects.filter(zone=zone)


class SocialFunctionSerializer(serializers.ModelSerializer):
    function_name = serializers.CharField(source="get_function_display", read_only=True)

    class Meta:
        model = SocialFunction
        fields = ["function", "function_name", "state", "receiving_body", "effective_date", "note"]


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
        extra_kwargs = {"code": {"validators": []}}

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


class ZoneRegistrySerializer(ZoneDetailSerializer):
    """The zone detail (API.md) plus its registry: history, companies, sub-parks, plots…"""

    parent_zone_name = serializers.CharField(source="parent_zone.name", read_only=True, default=None)
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
        return MergeSerializer(rows, many=True).data

    @extend_schema_field(PlotsSummarySerializer)
    def get_plots_summary(self, zone: Zone) -> dict[str, Any]:
        return PlotsSummarySerializer(selectors.plots_summary(zone)).data

    @extend_schema_field(RollupSerializer(allow_null=True))
    def get_rollup(self, zone: Zone) -> dict[str, Any] | None:
        totals = selectors.zone_rollup(zone)
        return None if totals is None else RollupSerializer(totals).data


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


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans and the establishment (API.md `/api/v1/plans/`)
# ---------------------------------------------------------------------------------------------


class PlanUnitSerializer(serializers.Serializer):
    """An internal body or a dispatched agency."""

    name = serializers.CharField(max_length=UNIT_NAME_MAX)
    duties = serializers.CharField(max_length=UNIT_DUTIES_MAX, allow_blank=True, required=False, default="")


class PlanCommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default="")
    submission = serializers.IntegerField(source="snapshot.number", read_only=True)

    class Meta:
        model = PlanComment
        fields = ["section", "text", "author", "submission", "created_at"]


class PlanTransitionSerializer(serializers.ModelSerializer):
    from_state = serializers.CharField(read_only=True, help_text="原状态（起草时为空）")
    to_state = serializers.CharField(read_only=True, help_text="新状态")
    user = serializers.CharField(source="user.username", read_only=True, default="")
    submission = serializers.IntegerField(source="snapshot.number", read_only=True, default=None)

    class Meta:
        model = PlanTransition
        fields = ["from_state", "to_state", "user", "at", "note", "submission"]


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=PLAN_TEXT_MAX, allow_blank=True, required=False, **kwargs)


class PlanSerializer(serializers.ModelSerializer):
    """A plan version (API.md): figures, bodies and agencies as lists, prose under ``sections``."""

    zone = serializers.CharField(source="zone.code", max_length=64, help_text="开发区代码")
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    management_model = serializers.CharField(source="zone.management_model", read_only=True)
    leadership_posts = serializers.IntegerField(
        min_value=0, max_value=FIGURE_MAX["leadership_posts"], allow_null=True, required=False
    )
    headcount_cap = serializers.IntegerField(
        min_value=0, max_value=FIGURE_MAX["headcount_cap"], allow_null=True, required=False
    )
    contract_term_years = serializers.IntegerField(
        min_value=0, max_value=FIGURE_MAX["contract_term_years"], allow_null=True, required=False
    )
    leadership_note = _text()
    hiring_mode = _text()
    exit_rule = _text()
    finance_model = serializers.ChoiceField(choices=FinanceModel.choices, allow_blank=True, required=False)
    internal_bodies = PlanUnitSerializer(many=True, source="bodies", required=False, max_length=UNITS_MAX)
    dispatched_agencies = PlanUnitSerializer(many=True, source="agencies", required=False, max_length=UNITS_MAX)
    sections = serializers.DictField(
        child=serializers.CharField(max_length=PLAN_TEXT_MAX, allow_blank=True),
        required=False,
        help_text="各部分正文，键为部分标识：" + ", ".join(PlanSection.values),
    )
    submissions = serializers.SerializerMethodField(help_text="报送次数")
    based_on = serializers.PrimaryKeyRelatedField(read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default="")

    class Meta:
        model = Plan
        fields = [
            "id",
            "zone",
            "zone_name",
            "management_model",
            "version",
            "state",
            "based_on",
            "headcount_cap",
            "leadership_posts",
            "leadership_note",
            "contract_term_years",
            "hiring_mode",
            "exit_rule",
            "finance_model",
            "internal_bodies",
            "dispatched_agencies",
            "sections",
            "submissions",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
        ]
        read_only_fields = ["version", "state", "created_at", "updated_at", "submitted_at", "approved_at"]

    def get_submissions(self, plan: Plan) -> int:
        return len(plan.snapshots.all())

    def validate_zone(self, value: str) -> Zone:
        if self.instance is not None:
            if value != self.instance.zone.code:
                raise serializers.ValidationError(_("方案所属开发区不能修改。"))
            return self.instance.zone
        request = self.context.get("request")
        zone = visible_zones(getattr(request, "user", None)).filter(code=value).first()
        if zone is None:  # out of scope reads as unknown: existence is not revealed
            raise serializers.ValidationError(_("没有代码为 %(code)s 的开发区。") % {"code": value})
        return zone

    def validate_sections(self, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(PlanSection.values))
        if unknown:
            raise serializers.ValidationError(_("未知的方案部分：%(slug)s。") % {"slug": "、".join(unknown)})
        return value


class PlanDetailSerializer(PlanSerializer):
    comments = PlanCommentSerializer(many=True, read_only=True)
    transitions = PlanTransitionSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "comments", "transitions"]


def plan_input(validated: dict[str, Any]) -> dict[str, Any]:
    """Serializer output → the services' input shape (``internal_bodies``/``dispatched_agencies``)."""
    data = {k: v for k, v in validated.items() if k not in ("zone", "bodies", "agencies")}
    if "bodies" in validated:
        data["internal_bodies"] = [dict(u) for u in validated["bodies"]]
    if "agencies" in validated:
        data["dispatched_agencies"] = [dict(u) for u in validated["agencies"]]
    return data


class PlanNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=COMMENT_MAX, allow_blank=True, required=False, default="")


class PlanSectionCommentSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=PlanSection.choices)
    text = serializers.CharField(max_length=COMMENT_MAX)


class PlanReturnSerializer(PlanNoteSerializer):
    comments = PlanSectionCommentSerializer(many=True, max_length=len(PlanSection.values) * 5)


class PlanSnapshotSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, default="")

    class Meta:
        model = PlanSnapshot
        fields = ["number", "created_at", "created_by", "data"]


class PlanCompareQuerySerializer(serializers.Serializer):
    with_ = serializers.IntegerField(required=False, min_value=1, help_text="对比的另一方案 id（缺省：本方案）")
    snapshot = serializers.IntegerField(required=False, min_value=1, help_text="本方案的第几次报送（缺省：当前内容）")
    with_snapshot = serializers.IntegerField(
        required=False, min_value=1, help_text="另一方案的第几次报送（缺省：当前内容）"
    )

    def to_internal_value(self, data: Any) -> Any:
        data = {("with_" if k == "with" else k): v for k, v in data.items()}
        return super().to_internal_value(data)

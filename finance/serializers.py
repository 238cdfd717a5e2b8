"""DRF input/output of zone finance (API.md `/api/v1/finance/...`). Money is an exact decimal
string; checks beyond the field types are the services' (Chinese messages by field)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from devzone.tenancy import visible_zones

from .models import (
    PARTY_LABELS,
    Agreement,
    CityTaxPlan,
    FiscalProfile,
    IncentiveScheme,
    Project,
    ProjectStage,
    Revenue,
    RewardDesignation,
    TaxType,
)

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


@extend_schema_field(OpenApiTypes.STR)
class ZoneField(serializers.SlugRelatedField):
    """A zone code, looked up only among the zones the requesting user sees."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("开发区“{value}”不存在或不在您的范围内。"),
        "invalid": gettext_lazy("开发区代码无效。"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("help_text", "开发区代码")
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return visible_zones(request.user if request else None)


class RevenueSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    tax_type_label = serializers.CharField(source="get_tax_type_display", read_only=True)

    class Meta:
        model = Revenue
        fields = [
            "id",
            "zone",
            "zone_name",
            "year",
            "month",
            "tax_type",
            "tax_type_label",
            "amount",
            "version",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class RevenueInSerializer(serializers.Serializer):
    zone = ZoneField()
    year = serializers.IntegerField(help_text="年度")
    month = serializers.IntegerField(help_text="月份 1–12")
    tax_type = serializers.CharField(
        max_length=32, help_text="税种：" + "、".join(f"{v} {label}" for v, label in TaxType.choices)
    )
    amount = serializers.DecimalField(**MONEY, help_text="收入（元），精确到分")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", help_text="更正说明")


class AgreementSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    base_ratios = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2))
    increment_ratios = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=2))
    base_amounts = serializers.DictField(child=serializers.DecimalField(**MONEY), allow_null=True)
    tax_types = serializers.ListField(child=serializers.CharField())
    shortfall_rule_label = serializers.CharField(source="get_shortfall_rule_display", read_only=True)
    supersedes: Any = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "zone",
            "zone_name",
            "name",
            "document_no",
            "tax_types",
            "base_year",
            "base_amount",
            "base_amounts",
            "base_ratios",
            "increment_ratios",
            "shortfall_rule",
            "shortfall_rule_label",
            "effective_from",
            "effective_to",
            "version",
            "supersedes",
            "created_at",
        ]
        read_only_fields = fields


class _TermsIn(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    document_no = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    tax_types = serializers.ListField(child=serializers.CharField(max_length=32), max_length=20, help_text="覆盖的税种")
    base_year = serializers.IntegerField(help_text="基数年度")
    base_amount = serializers.DecimalField(
        **MONEY, required=False, allow_null=True, default=None, help_text="基数（合计）"
    )
    base_amounts = serializers.DictField(
        child=serializers.CharField(max_length=32),
        required=False,
        allow_null=True,
        default=None,
        help_text="分税种基数",
    )
    base_ratios = serializers.DictField(
        child=serializers.CharField(max_length=32), help_text='基数分成比例(%)，如 {"city": "40.00", "zone": "60.00"}'
    )
    increment_ratios = serializers.DictField(child=serializers.CharField(max_length=32), help_text="增量分成比例(%)")
    shortfall_rule = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text="收入不足基数时的分担规则"
    )
    effective_to = serializers.IntegerField(required=False, allow_null=True, default=None)


class AgreementInSerializer(_TermsIn):
    zone = ZoneField()
    effective_from = serializers.IntegerField(help_text="起始年度")


class ReviseInSerializer(_TermsIn):
    """A revision: the new version's terms (omitted ones are the current version's)."""

    tax_types = serializers.ListField(child=serializers.CharField(max_length=32), max_length=20, required=False)
    base_year = serializers.IntegerField(required=False)
    base_ratios = serializers.DictField(child=serializers.CharField(max_length=32), required=False)
    increment_ratios = serializers.DictField(child=serializers.CharField(max_length=32), required=False)
    effective_from = serializers.IntegerField(help_text="新版本的起始年度；当前版本于前一年终止")


class ShareSerializer(serializers.Serializer):
    party = serializers.CharField()
    party_label = serializers.CharField()
    tax_type = serializers.CharField()
    tax_type_label = serializers.CharField()
    base_part = serializers.DecimalField(**MONEY)
    increment_part = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    agreement = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_agreement(self, row: Any) -> int | None:
        return row.agreement.pk if row.agreement is not None else None


class PartyTotalSerializer(serializers.Serializer):
    party = serializers.CharField()
    party_label = serializers.CharField()
    base = serializers.DecimalField(**MONEY)
    increment = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)


class SharesSerializer(serializers.Serializer):
    """The paginated list shape (one page), with the statement's totals."""

    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    zone = serializers.CharField()
    year = serializers.IntegerField()
    revenue_total = serializers.DecimalField(**MONEY)
    parties = PartyTotalSerializer(many=True)
    results = ShareSerializer(many=True)


class SharesQuerySerializer(serializers.Serializer):
    zone = serializers.CharField(max_length=64, help_text="开发区代码")
    year = serializers.IntegerField(help_text="年度")


class StageSerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = ProjectStage
        fields = ["stage", "stage_label", "due_amount", "reached_on", "evidence", "paid_amount", "paid_on"]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    scheme: Any = serializers.SlugRelatedField(slug_field="name", read_only=True)
    scheme_kind = serializers.CharField(source="scheme.kind", read_only=True)
    stages = StageSerializer(many=True, read_only=True)
    paid_total = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "zone",
            "zone_name",
            "name",
            "investor",
            "amount",
            "leading_industry",
            "scheme",
            "scheme_kind",
            "award",
            "attraction_costs",
            "paid_total",
            "stages",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_paid_total(self, project: Project) -> str:
        from decimal import Decimal

        total = sum((s.paid_amount or Decimal(0) for s in project.stages.all()), Decimal("0.00"))
        return f"{total:.2f}"


class ProjectInSerializer(serializers.Serializer):
    zone = ZoneField()
    name = serializers.CharField(max_length=200)
    investor = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(**MONEY, help_text="投资额（元）")
    leading_industry = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    scheme = serializers.SlugRelatedField(
        slug_field="name",
        queryset=IncentiveScheme.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("激励方案“{value}”不存在。")},
        help_text="激励方案名称",
    )
    award = serializers.DecimalField(
        **MONEY, required=False, allow_null=True, default=None, help_text="激励总额（按比例的方案必填）"
    )
    attraction_costs = serializers.DecimalField(**MONEY, required=False, default=None, allow_null=True)


class PayInSerializer(serializers.Serializer):
    paid_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="支付日期，默认今天")


class ReachInSerializer(serializers.Serializer):
    reached_on = serializers.DateField(help_text="达到日期")
    evidence = serializers.CharField(max_length=2000, help_text="佐证材料")


class SchemeSerializer(serializers.ModelSerializer):
    stage_values = serializers.DictField(child=serializers.CharField(max_length=32))

    class Meta:
        model = IncentiveScheme
        fields = ["id", "name", "kind", "basis", "stage_values", "includes_costs", "source"]
        read_only_fields = ["id"]
        extra_kwargs: dict[str, Any] = {"name": {"validators": []}}


class DesignationSerializer(serializers.ModelSerializer):
    zone: Any = ZoneField()

    class Meta:
        model = RewardDesignation
        fields = ["id", "zone", "ranking_year", "scope", "rank", "out_of", "ranking", "document_no", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators: list[Any] = []


class FiscalProfileSerializer(serializers.ModelSerializer):
    zone: Any = ZoneField()
    model_label = serializers.CharField(source="get_model_display", read_only=True)

    class Meta:
        model = FiscalProfile
        fields = ["zone", "model", "model_label", "finance_office", "treasury", "note", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs: dict[str, Any] = {"zone": {"validators": []}}
        validators: list[Any] = []


class CityPlanSerializer(serializers.ModelSerializer):
    city: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)

    class Meta:
        model = CityTaxPlan
        fields = ["city", "city_name", "year", "planned_growth_percent"]
        read_only_fields = fields


class CityPlanInSerializer(serializers.Serializer):
    city = serializers.CharField(max_length=12, help_text="市的行政区划代码")
    year = serializers.IntegerField()
    planned_growth_percent = serializers.DecimalField(max_digits=6, decimal_places=2)


class RewardSerializer(serializers.Serializer):
    zone = serializers.CharField()
    year = serializers.IntegerField()
    eligible = serializers.BooleanField()
    reason = serializers.CharField()
    ranking_year = serializers.IntegerField(allow_null=True)
    ranking = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    out_of = serializers.IntegerField(allow_null=True)
    ranking_source = serializers.CharField(allow_null=True, help_text="recorded：财政记录的认定；或考核模块提供的排名")
    city_tax = serializers.DecimalField(**MONEY, allow_null=True)
    prior_city_tax = serializers.DecimalField(**MONEY, allow_null=True)
    planned_growth_percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    planned_city_tax = serializers.DecimalField(**MONEY, allow_null=True)
    excess = serializers.DecimalField(**MONEY, allow_null=True)
    reward_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    reward = serializers.DecimalField(**MONEY, allow_null=True)


def party_label(party: str) -> str:
    return str(PARTY_LABELS.get(party, party))

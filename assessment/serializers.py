"""DRF input/output of assessment and pay (API.md `/api/v1/assessment/...`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from devzone.tenancy import visible_zones

from .models import (
    ANNUAL,
    Benchmark,
    DepartmentGrade,
    DistributionLine,
    DistributionPlan,
    Indicator,
    IndicatorValue,
    PayPool,
    StaffGrade,
    ZoneResult,
)
from .services import PERIODS


class _ZoneField(serializers.SlugRelatedField):
    """A zone code, looked up only among the zones the requesting user sees (else "不存在")."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return visible_zones(request.user if request else None)


class _Stale:
    def get_stale(self, obj: Any) -> bool:
        owed = self.context.get("owed", set())  # type: ignore[attr-defined]
        group = getattr(obj, "group", None) or obj.zone.level
        return (group, obj.year) in owed


class ResultSerializer(_Stale, serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)
    computed_at = serializers.DateTimeField(source="result_set.computed_at", read_only=True)
    version = serializers.IntegerField(source="result_set.number", read_only=True)
    fingerprint = serializers.CharField(source="result_set.fingerprint", read_only=True)
    rule_set = serializers.CharField(source="result_set.rule_set_label", read_only=True)
    stale = serializers.SerializerMethodField(help_text="输入已变更、结果待重新计算时为 true")

    class Meta:
        model = ZoneResult
        fields = [
            "zone", "zone_name", "year", "group", "score", "score_pct", "rank", "group_size", "grade", "grade_label",
            "consequences", "computed_at", "stale", "version", "fingerprint", "rule_set",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_stale(self, obj: Any) -> bool:
        return super().get_stale(obj)


class ResultDetailSerializer(ResultSerializer):
    class Meta(ResultSerializer.Meta):
        fields = [*ResultSerializer.Meta.fields, "working"]


class PoolSerializer(_Stale, serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    computed_at = serializers.DateTimeField(source="result_set.computed_at", read_only=True)
    stale = serializers.SerializerMethodField(help_text="输入已变更、结果待重新计算时为 true")

    class Meta:
        model = PayPool
        fields = [
            "zone", "zone_name", "year", "grade", "coefficient", "benchmark_per_capita", "headcount",
            "benchmark_total", "uncapped_total", "cap_multiple", "cap_total", "pool_total", "capped", "computed_at",
            "stale",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_stale(self, obj: Any) -> bool:
        return super().get_stale(obj)


class BenchmarkSerializer(serializers.ModelSerializer):
    zone: Any = _ZoneField(slug_field="code", help_text="开发区代码")
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    headcount = serializers.IntegerField(
        min_value=0, max_value=1_000_000, required=False, help_text="不填时取开发区在聘人数（人员聘任）"
    )
    benchmark_per_capita = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=0,
        max_value=10**12,
    )
    base_pay_per_person = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Benchmark
        fields = ["id", "zone", "zone_name", "year", "benchmark_per_capita", "headcount", "base_pay_per_person",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["id", "updated_at"]
        validators: list[Any] = []


class BenchmarkUpdateSerializer(serializers.Serializer):
    benchmark_per_capita = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=0,
        max_value=10**12,
        required=False,
    )
    headcount = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    base_pay_per_person = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
    )


class ValueSerializer(serializers.ModelSerializer):
    zone: Any = _ZoneField(slug_field="code", help_text="开发区代码")
    indicator = serializers.IntegerField(source="indicator_id", help_text="指标 id")
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    period = serializers.ChoiceField(choices=[(p, p) for p in PERIODS], default=ANNUAL)
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True, default=None)

    class Meta:
        model = IndicatorValue
        fields = [
            "id", "zone", "indicator", "indicator_code", "indicator_name", "year", "period", "value", "third_party",
            "note", "entered_by", "entered_at",
        ]  # fmt: skip
        read_only_fields = ["id", "year", "entered_at"]
        extra_kwargs: dict[str, Any] = {"third_party": {"required": False}, "note": {"required": False}}
        validators: list[Any] = []

    def validate_indicator(self, value: int) -> Indicator:
        indicator = Indicator.objects.select_related("dimension__system").filter(pk=value).first()
        if indicator is None:
            raise serializers.ValidationError("指标不存在。")
        return indicator


# --- internal assessment and distribution plans (ADR 0503) -------------------------------------


def _part(label: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True, help_text=label)


class StaffGradeSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    staff = serializers.IntegerField(source="staff_id", help_text="人员 id")
    staff_name = serializers.CharField(source="staff.name", read_only=True, default=None, allow_null=True)
    department = serializers.CharField(source="staff.department.name", read_only=True, default=None, allow_null=True)
    grade = serializers.CharField(max_length=1, help_text="等次：S、A、B、C、D")
    score = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, help_text="总分；填五项分项时按权重计算"
    )
    task_score = _part("任务绩效（0–100）")
    management_score = _part("管理绩效（0–100）")
    investment_score = _part("综合评价·招商引资（0–100）")
    economy_score = _part("综合评价·经济指标（0–100）")
    core_score = _part("综合评价·部门主责主业（0–100）")
    entered_by = serializers.CharField(source="entered_by.username", read_only=True, default=None)

    class Meta:
        model = StaffGrade
        fields = [
            "id",
            "zone",
            "year",
            "staff",
            "staff_name",
            "department",
            "grade",
            "score",
            "task_score",
            "management_score",
            "investment_score",
            "economy_score",
            "core_score",
            "entered_by",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]
        validators: list[Any] = []


class DepartmentGradeSerializer(serializers.ModelSerializer):
    zone: Any = _ZoneField(slug_field="code", help_text="开发区代码")
    department = serializers.IntegerField(
        source="department_id", allow_null=True, help_text="部门（内设机构）id；部门其后被方案撤销时为 null"
    )
    department_name = serializers.CharField(read_only=True, help_text="部门名称（评定时；部门其后撤销仍保留）")
    grade = serializers.CharField(max_length=1, help_text="等次：S、A、B、C、D")
    score = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, help_text="总分；填五项分项时按权重计算"
    )
    task_score = _part("任务绩效（0–100）")
    management_score = _part("管理绩效（0–100）")
    investment_score = _part("综合评价·招商引资（0–100）")
    economy_score = _part("综合评价·经济指标（0–100）")
    core_score = _part("综合评价·部门主责主业（0–100）")

    class Meta:
        model = DepartmentGrade
        fields = [
            "id", "zone", "year", "department", "department_name", "grade", "score",
            "task_score", "management_score", "investment_score", "economy_score", "core_score", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "updated_at"]
        validators: list[Any] = []


@extend_schema_field(OpenApiTypes.STR)
class _ZoneCode(_ZoneField):
    pass


class CloseInternalSerializer(serializers.Serializer):
    zone: Any = _ZoneCode(slug_field="code", help_text="开发区代码")
    year = serializers.IntegerField()


class DistributionLineSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department_name", read_only=True, default=None, allow_null=True)
    staff = serializers.IntegerField(source="staff_id", read_only=True, allow_null=True)
    staff_name = serializers.CharField(source="staff.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = DistributionLine
        fields = ["department", "staff", "staff_name", "grade", "coefficient", "amount"]
        extra_kwargs: dict[str, Any] = {"grade": {"help_text": "等次：S、A、B、C、D"}}


class DistributionPlanSerializer(_Stale, serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    filed = serializers.BooleanField(read_only=True)
    state = serializers.CharField(read_only=True, help_text="draft 草拟；filed 已报市备案（锁定）")
    undistributed = serializers.SerializerMethodField()
    computed_by = serializers.CharField(
        source="computed_by.username", read_only=True, default=None, allow_null=True,
        help_text="编制人；null 表示绩效薪酬总量变化后由系统重新计算",
    )  # fmt: skip
    filed_by = serializers.CharField(source="filed_by.username", read_only=True, default=None)
    stale = serializers.SerializerMethodField(
        help_text="草拟方案的绩效薪酬总量待重新计算时为 true（计算后方案随之更新）；已备案方案为 false"
    )

    class Meta:
        model = DistributionPlan
        fields = [
            "id", "zone", "zone_name", "year", "pool_total", "distributed", "undistributed", "rule_set_label", "state",
            "filed", "computed_at", "computed_by", "filed_at", "filed_by", "stale",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_stale(self, obj: Any) -> bool:
        return not obj.filed and super().get_stale(obj)

    @extend_schema_field(serializers.DecimalField(max_digits=18, decimal_places=2))  # a string, as all money
    def get_undistributed(self, obj: DistributionPlan) -> str:
        return str(obj.pool_total - obj.distributed)


class DistributionPlanDetailSerializer(DistributionPlanSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(DistributionPlanSerializer.Meta):
        fields = [*DistributionPlanSerializer.Meta.fields, "lines"]

    @extend_schema_field(DistributionLineSerializer(many=True))
    def get_lines(self, obj: DistributionPlan) -> list[dict[str, Any]]:
        from .selectors import plan_lines

        return list(DistributionLineSerializer(plan_lines(obj), many=True).data)


class ComputePlanSerializer(CloseInternalSerializer):
    pass

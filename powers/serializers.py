"""DRF input/output of the delegated-power register (API.md `/api/v1/powers/...`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from devzone.domain.fields import length_of
from devzone.tenancy import visible_zones

from .models import (
    FALLBACK_CHOICES,
    NEW_STATUS_CHOICES,
    CaseRecord,
    Delegation,
    DelegationMode,
    DelegationStatus,
    DelegationTransition,
    Evaluation,
    PowerItem,
    Rating,
    Recommendation,
    Responsibility,
)
from .services import delegation_flow


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PowerItem
        fields = [
            "code",
            "name",
            "type",
            "legal_basis",
            "granting_level",
            "granting_department",
            "domain",
            "stage",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs: dict[str, Any] = {"code": {"validators": []}}


class DelegationSerializer(serializers.ModelSerializer):
    zone: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    item: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    granting_department = serializers.CharField(source="item.granting_department", read_only=True)
    domain = serializers.CharField(source="item.domain", read_only=True)
    stage = serializers.CharField(source="item.stage", read_only=True)
    status_as_of = serializers.SerializerMethodField(help_text="?as_of= 时当日的状态，否则为 null")
    allowed_moves = serializers.SerializerMethodField(help_text="当前状态下可以办理的流转操作")
    # Declared: a read-only model field loses ``allow_blank``, and its enum would omit "" (no fallback).
    fallback_mode = serializers.ChoiceField(choices=FALLBACK_CHOICES, allow_blank=True, read_only=True)

    class Meta:
        model = Delegation
        fields = [
            "id",
            "zone",
            "zone_name",
            "item",
            "item_name",
            "granting_department",
            "domain",
            "stage",
            "mode",
            "status",
            "status_as_of",
            "allowed_moves",
            "document_no",
            "effective_from",
            "effective_to",
            "fallback_mode",
            "build_before_acceptance",
            "tolerance_approval",
            "notify_commitment",
            "duties",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_status_as_of(self, obj: Delegation) -> str | None:
        return getattr(obj, "status_then", None)

    def get_allowed_moves(self, obj: Delegation) -> list[str]:
        return delegation_flow.allowed(obj.status)


@extend_schema_field(OpenApiTypes.STR)
class _ZoneField(serializers.SlugRelatedField):
    """A zone code, looked up only among the zones the requesting user sees (else "不存在")."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return visible_zones(request.user if request else None)


class DelegationCreateSerializer(serializers.Serializer):
    zone = _ZoneField(slug_field="code", help_text="开发区代码")
    item = serializers.SlugRelatedField(slug_field="code", queryset=PowerItem.objects.all(), help_text="事项编码")
    mode = serializers.ChoiceField(choices=DelegationMode.choices)
    status = serializers.ChoiceField(choices=NEW_STATUS_CHOICES, default=DelegationStatus.PROPOSED)
    document_no = serializers.CharField(
        max_length=length_of(Delegation, "document_no"), required=False, allow_blank=True, default=""
    )
    effective_from = serializers.DateField(required=False, allow_null=True, default=None)
    effective_to = serializers.DateField(required=False, allow_null=True, default=None)
    build_before_acceptance = serializers.BooleanField(required=False, default=False)
    tolerance_approval = serializers.BooleanField(required=False, default=False)
    notify_commitment = serializers.BooleanField(required=False, default=False)
    duties = serializers.CharField(
        max_length=length_of(Delegation, "duties"), required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(max_length=length_of(Delegation, "note"), required=False, allow_blank=True, default="")


class DelegationBulkSerializer(DelegationCreateSerializer):
    """One item to many zones, or many items to one zone (or both), in one action."""

    zone = None  # type: ignore[assignment]
    item = None  # type: ignore[assignment]
    zones = serializers.ListField(child=_ZoneField(slug_field="code"), min_length=1, max_length=500)
    items = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="code", queryset=PowerItem.objects.all()),
        min_length=1,
        max_length=2000,
    )


class DelegationUpdateSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=DelegationMode.choices, required=False)
    status = serializers.ChoiceField(choices=DelegationStatus.choices, required=False)
    build_before_acceptance = serializers.BooleanField(required=False)
    tolerance_approval = serializers.BooleanField(required=False)
    notify_commitment = serializers.BooleanField(required=False)
    duties = serializers.CharField(max_length=length_of(Delegation, "duties"), required=False, allow_blank=True)
    note = serializers.CharField(max_length=length_of(Delegation, "note"), required=False, allow_blank=True)


class MoveSerializer(serializers.Serializer):
    document_no = serializers.CharField(
        max_length=length_of(Delegation, "document_no"), required=False, allow_blank=True, default=""
    )
    effective_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="缺省：今天")
    reason = serializers.CharField(
        max_length=length_of(DelegationTransition, "reason"), required=False, allow_blank=True, default=""
    )
    fallback_mode = serializers.ChoiceField(choices=FALLBACK_CHOICES, required=False, allow_blank=True, default="")
    effective_to = serializers.DateField(required=False, allow_null=True, default=None, help_text="赋权时可设终止日期")


class TransitionSerializer(serializers.ModelSerializer):
    user: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DelegationTransition
        fields = [
            "action",
            "from_state",
            "to_state",
            "effective_on",
            "document_no",
            "reason",
            "fallback_mode",
            "user",
            "at",
        ]


class EvaluationSerializer(serializers.ModelSerializer):
    delegation: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    zone = serializers.CharField(source="delegation.zone.code", read_only=True)
    item = serializers.CharField(source="delegation.item.code", read_only=True)
    evaluated_by: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "delegation",
            "zone",
            "item",
            "period",
            "cases_handled",
            "on_time_rate",
            "problems",
            "rating",
            "recommendation",
            "evaluated_by",
            "created_at",
        ]
        read_only_fields = fields


class EvaluationCreateSerializer(serializers.Serializer):
    delegation = serializers.IntegerField(help_text="赋权 id")
    period = serializers.CharField(max_length=8, help_text="评估期，按年评估：2025")
    cases_handled = serializers.IntegerField(min_value=0, max_value=10_000_000)
    on_time_rate = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    problems = serializers.CharField(
        max_length=length_of(Evaluation, "problems"), required=False, allow_blank=True, default=""
    )
    rating = serializers.ChoiceField(choices=Rating.choices)
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)


class CaseRecordSerializer(serializers.ModelSerializer):
    recorded_by: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CaseRecord
        fields = ["period", "cases_handled", "on_time", "note", "recorded_by", "updated_at"]
        read_only_fields = ["recorded_by", "updated_at"]
        extra_kwargs: dict[str, Any] = {
            "period": {"max_length": 8},
            "cases_handled": {"max_value": 10_000_000},
            "on_time": {"max_value": 10_000_000},
        }
        validators: list[Any] = []


class RecordedQuerySerializer(serializers.Serializer):
    zone = serializers.CharField(max_length=64, help_text="开发区代码")
    recorded_at = serializers.DateTimeField(help_text="登记时点：当时系统中记载的清单（YYYY-MM-DD 或带时间）")
    as_of = serializers.DateField(required=False, allow_null=True, default=None, help_text="有效日期（缺省：登记当日）")

    def to_internal_value(self, data: Any) -> Any:
        data = data.copy() if hasattr(data, "copy") else dict(data)
        value = data.get("recorded_at")
        if isinstance(value, str) and len(value) == 10:
            data["recorded_at"] = f"{value}T23:59:59"
        return super().to_internal_value(data)


class RecordedDelegationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    mode = serializers.CharField()
    status = serializers.CharField()
    document_no = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    history_date = serializers.DateTimeField()
    status_as_of = serializers.CharField(
        source="status_then", allow_null=True, help_text="按登记时点已记载的流转，该有效日期的状态"
    )


class OwedSerializer(serializers.ModelSerializer):
    zone = serializers.CharField(source="zone.code", read_only=True)
    item = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    period = serializers.CharField(source="owed_period", read_only=True)
    due_on = serializers.DateField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Delegation
        fields = ["id", "zone", "item", "item_name", "period", "due_on", "overdue"]


class ResponsibilitySerializer(serializers.ModelSerializer):
    zone = _ZoneField(slug_field="code")
    item = serializers.SlugRelatedField(slug_field="code", queryset=PowerItem.objects.all())
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = Responsibility
        fields = ["id", "zone", "item", "item_name", "zone_duties", "county_duties", "handover", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators: list[Any] = []


class FiguresSerializer(serializers.Serializer):
    """The figures of a role home, bounded whatever the scope (``selectors.figures``): ``zones``
    and ``cities`` are the top 10 (most powers still to take on; most delegations), with
    ``zone_count``/``city_count`` for all; the full per-zone list is the delegation list's."""

    totals = serializers.DictField(child=serializers.IntegerField())
    zone_count = serializers.IntegerField()
    city_count = serializers.IntegerField()
    zones = serializers.ListField(child=serializers.DictField())
    cities = serializers.ListField(child=serializers.DictField())
    domains = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    stages = serializers.DictField(child=serializers.IntegerField(), help_text="每个审批阶段：已承接的开发区数")
    full_chain = serializers.IntegerField(help_text="五个审批阶段均已承接的开发区数")
    overdue = serializers.IntegerField()
    due = serializers.IntegerField()
    period = serializers.CharField()

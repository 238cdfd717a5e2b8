"""``/api/v1/history/`` and ``/api/v1/history/{model}/{record_id}/``: the change history, read-only."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from devzone.api.schema import ERROR_RESPONSES
from devzone.tenancy.filters import UNSCOPED

from . import registry, selectors
from .context import ChangePath
from .forms import HistoryFilterForm, RecordFilterForm
from .selectors import ChangeType


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="字段名 / field name")
    # A declared field (DRF's metaclass collects it), not the ``Field.label`` attribute the stubs see.
    label = serializers.CharField(help_text="字段中文名 / field label")  # type: ignore[assignment]
    before = serializers.JSONField(allow_null=True, help_text="变更前的存储值（新增时为 null）")
    after = serializers.JSONField(allow_null=True, help_text="变更后的存储值（删除时为 null）")
    before_display = serializers.CharField(help_text="变更前，供阅读（选项名称、关联记录名称）")
    after_display = serializers.CharField(help_text="变更后，供阅读")


class ChangeRowSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="<model>:<history id>, unique across record types")
    model = serializers.CharField(help_text="记录类型，如 zones.zone、zones.zonearea")
    model_name = serializers.CharField()
    record_id = serializers.IntegerField()
    record_label = serializers.CharField()
    zone = serializers.CharField(source="zone_code", allow_null=True, help_text="开发区代码")
    zone_name = serializers.CharField(allow_null=True)
    change_type = serializers.ChoiceField(choices=ChangeType.choices)
    change_type_display = serializers.CharField()
    changed_at = serializers.DateTimeField()
    user = serializers.CharField(source="username", allow_null=True, help_text="操作人用户名；无（系统）时为 null")
    user_display = serializers.CharField(allow_null=True)
    path = serializers.ChoiceField(choices=ChangePath.choices)
    path_display = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


def _models() -> list[str]:
    return [r.key for r in registry.registrations()]


# The bounds the filter form enforces, declared in the schema too.
RECORD_ID = {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}
ZONE_CODE = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 64}  # the form's SlugField


def _parameters(record: bool) -> list[OpenApiParameter]:
    params = [
        OpenApiParameter("user", OpenApiTypes.STR, description="操作人：用户名（完全一致）或显示的姓名（包含即可）"),
        OpenApiParameter("date_from", OpenApiTypes.DATE, description="起始日期（含），1900-01-01 至 9998-12-31"),
        OpenApiParameter("date_to", OpenApiTypes.DATE, description="截止日期（含），1900-01-01 至 9998-12-31"),
        OpenApiParameter("year", {"type": "integer", "minimum": 1900, "maximum": 9998}, description="年度"),
        OpenApiParameter("change_type", OpenApiTypes.STR, enum=ChangeType.values, description="变更类型"),
        OpenApiParameter("path", OpenApiTypes.STR, enum=ChangePath.values, description="变更途径"),
    ]
    if record:
        return [
            OpenApiParameter("model", OpenApiTypes.STR, OpenApiParameter.PATH, enum=_models(), description="记录类型"),
            OpenApiParameter("record_id", RECORD_ID, OpenApiParameter.PATH, description="记录编号"),
            *params,
        ]
    return [
        OpenApiParameter("zone", ZONE_CODE, description="开发区代码；范围外为 404"),
        OpenApiParameter("model", OpenApiTypes.STR, enum=_models(), description="记录类型"),
        OpenApiParameter("record_id", RECORD_ID, description="记录编号"),
        *params,
    ]


class _HistoryView(generics.ListAPIView):
    serializer_class = ChangeRowSerializer
    # Rows come from a UNION over the registered historical tables, scoped by the selector
    # (read_history on the row's zone, cut to an auditor's period): the generic zone filter
    # backend cannot express that, so it is not used here (ADR 0101).
    scope_field = UNSCOPED
    filter_backends: list[Any] = []
    form_class: type[HistoryFilterForm] = HistoryFilterForm

    def filters(self) -> dict[str, Any]:
        form = self.form_class(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.error_dict())
        return form.cleaned_data


@extend_schema_view(
    get=extend_schema(
        operation_id="history_list",
        parameters=_parameters(record=False),
        responses={200: ChangeRowSerializer(many=True), **ERROR_RESPONSES},
    )
)
class HistoryListView(_HistoryView):
    """Changes to business records in the user's history scope, newest first."""

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return []
        return selectors.change_list(self.request.user, self.filters())


@extend_schema_view(
    get=extend_schema(
        operation_id="history_record_list",
        parameters=_parameters(record=True),
        responses={200: ChangeRowSerializer(many=True), **ERROR_RESPONSES},
    )
)
class RecordHistoryView(_HistoryView):
    """One record's changes, including its deletion; 404 when it is outside the user's scope."""

    form_class = RecordFilterForm

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return []
        kwargs = self.kwargs
        if registry.get(kwargs["model"]) is None:
            raise selectors.HistoryNotFound
        return selectors.record_history(self.request.user, kwargs["model"], kwargs["record_id"], self.filters())


urlpatterns = [
    path("history/", HistoryListView.as_view(), name="history-list"),
    path("history/<str:model>/<int:record_id>/", RecordHistoryView.as_view(), name="history-record"),
]

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from .models import ImportRun, RunState


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="要导入的 .xlsx 文件 / the .xlsx workbook")


class RowProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Excel 行号 / row number in the sheet")
    column = serializers.CharField(help_text="列名 / column header")
    value = serializers.CharField(help_text="单元格的值 / the cell's value")
    message = serializers.CharField(help_text="错误说明 / what is wrong")


class ImportRunSerializer(serializers.ModelSerializer):
    """An import's outcome: counts when applied, the row-by-row problems when rejected."""

    run = serializers.IntegerField(source="pk", read_only=True)
    created = serializers.IntegerField(source="created_count", read_only=True)
    updated = serializers.IntegerField(source="updated_count", read_only=True)
    unchanged = serializers.IntegerField(source="unchanged_count", read_only=True)
    total = serializers.IntegerField(source="total_rows", read_only=True)
    rows = RowProblemSerializer(source="errors", many=True, read_only=True)
    status_url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportRun
        fields = [
            "run",
            "importer",
            "file_name",
            "state",
            "total",
            "skipped_blank",
            "created",
            "updated",
            "unchanged",
            "progress",
            "error_count",
            "detail",
            "rows",
            "created_at",
            "finished_at",
            "status_url",
            "report_url",
        ]

    def get_status_url(self, run: ImportRun) -> str:
        return reverse("import-run-detail", args=[run.pk])

    def get_report_url(self, run: ImportRun) -> str | None:
        return reverse("import-run-report", args=[run.pk]) if run.has_report else None


class ImportRejectedSerializer(ImportRunSerializer):
    """400: ``detail`` and ``errors`` as everywhere in the API, plus ``rows`` and the run."""

    # A declared field (DRF's metaclass moves it into ``_declared_fields``), not the
    # ``Serializer.errors`` property the stubs see.
    errors = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta(ImportRunSerializer.Meta):
        fields = ["detail", "errors", *[f for f in ImportRunSerializer.Meta.fields if f != "detail"]]

    # What every 400 carries; an upload without a file is refused before any run exists, so the
    # run's fields are there only when a run was made (the schema must not require them).
    ALWAYS = frozenset({"detail", "errors", "rows"})

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name, field in fields.items():
            # Output only either way: read-only fields are the schema's required ones.
            field.read_only, field.required = name in self.ALWAYS, False
        return fields

    def get_errors(self, run: ImportRun) -> dict[str, list[str]]:
        return {"file": [line for line in run.detail.splitlines() if line]}


def run_payload(run: ImportRun) -> tuple[int, dict[str, Any]]:
    """Status and body for an import run, as the upload endpoint answers."""
    if run.state == RunState.APPLIED:
        return 200, ImportRunSerializer(run).data
    if run.state in (RunState.QUEUED, RunState.VALIDATING, RunState.APPLYING):
        return 202, ImportRunSerializer(run).data
    if run.state == RunState.FAILED and not run.errors:
        return 503, ImportRejectedSerializer(run).data
    return 400, ImportRejectedSerializer(run).data

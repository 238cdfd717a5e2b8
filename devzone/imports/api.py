"""REST endpoints: upload an import, follow a run, download its error report, template, export.

``POST /api/v1/imports/{importer}/`` (multipart ``file``) answers 200 with the counts when the
file was applied, 400 with ``detail``, ``errors`` and ``rows`` (row, column, value, message) when
it was refused as a whole, or 202 when a big file was queued for a worker (follow
``status_url``). Exports use the same columns: ``GET /api/v1/exports/{importer}.xlsx``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from devzone.api.schema import ERROR_RESPONSES, ErrorSerializer
from devzone.tenancy.filters import UNSCOPED

from . import registry, selectors, services
from .serializers import ImportRejectedSerializer, ImportRunSerializer, ImportUploadSerializer, run_payload
from .writer import XLSX

IMPORTER_PARAM = OpenApiParameter(
    "importer",
    str,
    OpenApiParameter.PATH,
    enum=registry.names() or None,  # the importers the installed apps declare (URL conf loads after them)
    description="导入类型 / which list, e.g. `zones`",
)
XLSX_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="Excel 工作簿 (.xlsx)")


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _importer_or_404(name: str) -> None:
    try:
        registry.get(name)
    except LookupError:
        raise NotFound(_("没有名为“%(name)s”的导入类型。") % {"name": name}) from None


class ImportView(APIView):
    """Upload an .xlsx: checked whole, then applied whole or refused whole with a row report."""

    # Import runs belong to their uploader; per-row zone scope is checked by the importer.
    scope_field = UNSCOPED
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="imports_upload",
        parameters=[IMPORTER_PARAM],
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: OpenApiResponse(ImportRunSerializer, description="已导入：新增/更新/未变的条数"),
            202: OpenApiResponse(ImportRunSerializer, description="文件较大，已交给后台处理：查看 status_url"),
            400: OpenApiResponse(
                ImportRejectedSerializer, description="未导入：文件或某些行有错误（rows 为逐行错误），数据未作任何修改"
            ),
            401: ERROR_RESPONSES[401],
            403: ERROR_RESPONSES[403],
            404: ERROR_RESPONSES[404],
            503: OpenApiResponse(ImportRejectedSerializer, description="后台任务不可用，未导入"),
        },
    )
    def post(self, request: Request, importer: str) -> Response:
        _importer_or_404(importer)
        current = services.importer_for(importer, request.user)
        if not current.permitted():
            raise PermissionDenied(current.not_permitted_message())
        upload = request.FILES.get("file")
        if upload is None:
            message = _("请选择要导入的 Excel(.xlsx) 文件。")
            return Response({"detail": message, "errors": {"file": [message]}, "rows": []}, status=400)
        run = services.start_import(user=request.user, importer_name=importer, fileobj=upload, file_name=upload.name)
        status, body = run_payload(run)
        return Response(body, status=status)


class TemplateView(APIView):
    """A blank workbook for an importer: headers, drop-downs and filling instructions."""

    scope_field = UNSCOPED

    @extend_schema(
        operation_id="imports_template",
        parameters=[IMPORTER_PARAM],
        responses={(200, XLSX): XLSX_RESPONSE, 401: ERROR_RESPONSES[401], 404: ERROR_RESPONSES[404]},
    )
    def get(self, request: Request, importer: str) -> HttpResponse:
        _importer_or_404(importer)
        content, filename = services.template(importer)
        return xlsx_response(content, filename)


class ExportView(APIView):
    """The list as the user sees it (scoped; filtered by the list's query parameters), in the
    import layout: same columns, same order — an export re-imports unchanged."""

    scope_field = UNSCOPED  # the importer's export_rows reads through the app's scoped selector

    @extend_schema(
        operation_id="exports_download",
        parameters=[
            IMPORTER_PARAM,
            OpenApiParameter(
                "filters",
                OpenApiTypes.OBJECT,
                OpenApiParameter.QUERY,
                style="form",
                explode=True,
                required=False,
                description="与列表接口相同的筛选参数，如 zones: kind, level, status, management_model, city, q",
            ),
        ],
        responses={(200, XLSX): XLSX_RESPONSE, **ERROR_RESPONSES},
    )
    def get(self, request: Request, importer: str) -> HttpResponse:
        _importer_or_404(importer)
        try:
            content, filename = services.export(user=request.user, importer_name=importer, params=request.query_params)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from error
        return xlsx_response(content, filename)


class ImportRunView(APIView):
    """One of the user's import runs: state, progress, counts, row problems."""

    scope_field = UNSCOPED  # runs are the uploader's own: other users get 404

    @extend_schema(
        operation_id="imports_run",
        responses={200: ImportRunSerializer, 401: ERROR_RESPONSES[401], 404: ERROR_RESPONSES[404]},
    )
    def get(self, request: Request, pk: int) -> Response:
        run = selectors.run_for(user=request.user, pk=pk)
        return Response(ImportRunSerializer(run).data)


class ImportRunReportView(APIView):
    """The run's error report: 行号, 列, 值, 错误说明 — one line per problem."""

    scope_field = UNSCOPED

    @extend_schema(
        operation_id="imports_run_report",
        responses={
            (200, XLSX): XLSX_RESPONSE,
            401: ERROR_RESPONSES[401],
            404: OpenApiResponse(ErrorSerializer, description="没有该导入记录，或该记录没有错误报告"),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        run = selectors.run_for(user=request.user, pk=pk)
        if not run.has_report:
            raise NotFound(_("该导入记录没有错误报告。"))
        return xlsx_response(*services.error_report(run))

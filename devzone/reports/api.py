"""``/api/v1/reports/{report}.pdf`` and the queued jobs (API.md; each report named in the schema)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from devzone.api.exceptions import Conflict
from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from devzone.tenancy.filters import UNSCOPED

from . import registry, selectors, services
from .models import JobState, ReportJob
from .registry import OutOfScope
from .rendering import ParamsInvalid, TooSlowForRequest, prepare
from .responses import job_file, rendered_pdf
from .serializers import ReportJobSerializer

PDF_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="PDF 报表 / the PDF")


class JSONFirst(BaseContentNegotiation):
    """Errors and job descriptions are JSON whatever ``Accept`` says (a PDF client sends
    ``Accept: application/pdf``; it must get the PDF or a JSON error, never a 406)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> Any:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> Any:
        return next(iter(parsers), None)


def _schema_type(field: forms.Field) -> Any:
    if isinstance(field, forms.IntegerField):
        return OpenApiTypes.INT
    if isinstance(field, forms.DateField):
        return OpenApiTypes.DATE
    if isinstance(field, forms.BooleanField):
        return OpenApiTypes.BOOL
    return OpenApiTypes.STR


def report_parameters() -> list[OpenApiParameter]:
    """The path parameter (every registered report by name) and each report's query parameters."""
    reports = registry.all_reports()
    described = "; ".join(f"`{r.slug}`: {r.title}" for r in reports)
    params = [
        OpenApiParameter(
            "report", OpenApiTypes.STR, OpenApiParameter.PATH, enum=[r.slug for r in reports], description=described
        )
    ]
    by_name: dict[str, tuple[forms.Field, list[str]]] = {}
    for report in reports:
        for name, field in report.params.base_fields.items():
            entry = by_name.setdefault(name, (field, []))
            entry[1].append(f"{report.slug}: {field.label or name}")
    for name, (field, notes) in sorted(by_name.items()):
        choices = getattr(field, "choices", None)
        enum = None
        if choices is not None and not isinstance(field, forms.ModelChoiceField) and list(choices):
            values = [str(value) for value, _label in choices if value != ""]
            enum = values or None
        params.append(
            OpenApiParameter(
                name,
                _schema_type(field),
                OpenApiParameter.QUERY,
                required=False,
                enum=enum,
                description="; ".join(notes),
            )
        )
    return params


class ReportSchema(AutoSchema):
    """Query parameters come from the registry at schema time (apps register in ready())."""

    def get_override_parameters(self) -> list[Any]:
        return [*super().get_override_parameters(), *report_parameters()]


class ReportPDFView(APIView):
    """A report as PDF. Small reports answer 200 with the PDF; large ones 202 with the queued job."""

    # Not a list of zone-owned rows: the report's parameters are checked against the user's
    # scope by the report's own form, and its rows come from scoped selectors (out of scope → 404).
    scope_field = UNSCOPED
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONFirst
    schema = ReportSchema()

    @extend_schema(
        operation_id="reports_pdf",
        responses={
            (200, "application/pdf"): PDF_RESPONSE,
            202: OpenApiResponse(ReportJobSerializer, description="已排队生成 / queued: poll `url`"),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request: Request, report: str) -> HttpResponseBase:
        found = registry.get(report)
        if found is None:
            raise Http404
        try:
            prepared = prepare(found, user=request.user, data=request.query_params)
            if not prepared.queued:
                return rendered_pdf(prepared)
        except OutOfScope as exc:
            raise Http404 from exc
        except ParamsInvalid as exc:  # TooLarge included
            raise ValidationError(
                {k if k != "__all__" else "non_field_errors": v for k, v in exc.errors.items()}
            ) from exc
        except TooSlowForRequest:
            pass  # few rows but long texts: the worker lays it out
        job = services.create_job(prepared=prepared, language=get_language())
        data = ReportJobSerializer(job, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class ReportJobView(generics.RetrieveAPIView):
    """A queued report: state, progress, and the download URL once done. Only its requester sees it."""

    serializer_class = ReportJobSerializer
    scope_field = UNSCOPED  # not zone-owned: private to the requesting user (get_queryset)
    renderer_classes = [JSONRenderer]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ReportJob.objects.none()
        return selectors.jobs_of(user=self.request.user)

    @extend_schema(responses={200: ReportJobSerializer, **ERROR_RESPONSES})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ReportJobDownloadView(APIView):
    """The finished job's PDF; 409 while it is still queued or running (or failed)."""

    scope_field = UNSCOPED  # private to the requesting user (selectors.job_for)
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONFirst

    @extend_schema(
        operation_id="reports_jobs_download",
        responses={(200, "application/pdf"): PDF_RESPONSE, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    )
    def get(self, request: Request, pk: Any) -> HttpResponseBase:
        try:
            job = selectors.job_for(user=request.user, pk=pk)
        except ReportJob.DoesNotExist as exc:
            raise Http404 from exc
        if job.state != JobState.DONE:
            raise Conflict(
                job.error
                or _("报表尚未生成完成（%(state)s，%(progress)d%%）。")
                % {"state": job.get_state_display(), "progress": job.progress}
            )
        if not selectors.job_still_in_scope(job, request.user):
            raise Http404
        return job_file(job)


urlpatterns = [
    path("reports/<slug:report>.pdf", ReportPDFView.as_view(), name="report-pdf"),
    path("reports/jobs/<uuid:pk>/", ReportJobView.as_view(), name="report-job-detail"),
    path("reports/jobs/<uuid:pk>/download/", ReportJobDownloadView.as_view(), name="report-job-download"),
]

"""REST endpoints of assessment and pay (API.md `/api/v1/assessment/...`; ADR 0501).

Scoped like every list (a zone outside the scope is a 404 or, as a payload, an unknown zone);
``stale`` says a figure is owed a recompute; the new figure replaces it without any button.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from devzone.domain import Invalid
from zones.plans.models import EstablishmentUnit

from . import rules, selectors, services, sources
from .filters import BenchmarkFilter, DepartmentGradeFilter, PlanFilter, PoolFilter, ResultFilter, StaffGradeFilter
from .models import Benchmark, DepartmentGrade, DistributionPlan, IndicatorValue, PayPool, StaffGrade, ZoneResult
from .serializers import (
    BenchmarkSerializer,
    BenchmarkUpdateSerializer,
    CloseInternalSerializer,
    ComputePlanSerializer,
    DepartmentGradeSerializer,
    DistributionPlanDetailSerializer,
    DistributionPlanSerializer,
    PoolSerializer,
    ResultSerializer,
    StaffGradeSerializer,
    ValueSerializer,
)

WRITE_ERRORS = {**ERROR_RESPONSES, **CONFLICT_RESPONSE}


class _Owed:
    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["owed"] = selectors.owed_keys()
        return context


@extend_schema_view(list=extend_schema(responses={200: ResultSerializer(many=True), **ERROR_RESPONSES}))
class ResultViewSet(_Owed, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each zone's score, rank, grade and consequences (current result set; ``?year=&group=``).
    Zone officers see their zone's, and the whole ranking once the province has published the year."""

    serializer_class = ResultSerializer
    filterset_class = ResultFilter

    def get_queryset(self) -> QuerySet[ZoneResult]:
        if getattr(self, "swagger_fake_view", False):
            return ZoneResult.objects.none()
        return selectors.result_list(self.request.user, self.request.query_params)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset  # filtered (and scoped) by the selector


@extend_schema_view(list=extend_schema(responses={200: PoolSerializer(many=True), **ERROR_RESPONSES}))
class PoolViewSet(_Owed, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Performance-pay pools: benchmark, coefficient, uncapped, cap (5 × by default), pool and whether the cap bit."""

    serializer_class = PoolSerializer
    filterset_class = PoolFilter

    def get_queryset(self) -> QuerySet[PayPool]:
        if getattr(self, "swagger_fake_view", False):
            return PayPool.objects.none()
        return selectors.pool_list(self.request.user, self.request.query_params)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset


@extend_schema_view(
    list=extend_schema(responses={200: BenchmarkSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: BenchmarkSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=BenchmarkSerializer, responses={201: BenchmarkSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(
        request=BenchmarkUpdateSerializer, responses={200: BenchmarkSerializer, **WRITE_ERRORS}
    ),
)
class BenchmarkViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Benchmarks per zone and year, entered by the city: ``benchmark_per_capita`` × ``headcount``."""

    serializer_class = BenchmarkSerializer
    filterset_class = BenchmarkFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Benchmark]:
        if getattr(self, "swagger_fake_view", False):
            return Benchmark.objects.none()
        return selectors.benchmark_list(self.request.user, self.request.query_params if self.action == "list" else None)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        """Writes are checked by the service (the city or the province)."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = BenchmarkSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        zone, year = data.pop("zone"), data.pop("year")
        if data.get("headcount") is None:
            cap = sources.headcount([zone.pk], year).get(zone.pk)
            if cap is None:
                from devzone.domain import Invalid

                raise Invalid({"headcount": ["开发区尚无在聘人员记录，请填写人数。"]})
            data["headcount"] = cap
        row = services.save_benchmark(user=request.user, zone=zone, year=year, data=data)
        return Response(BenchmarkSerializer(row, context={"request": request}).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        serializer = BenchmarkUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.save_benchmark(user=request.user, zone=row.zone, year=row.year, data=serializer.validated_data)
        return Response(BenchmarkSerializer(row, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(responses={200: ValueSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=ValueSerializer, responses={201: ValueSerializer, **WRITE_ERRORS}),
)
class ValueViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Indicator values of the zones in scope (``?zone=&year=``); POST enters or corrects one."""

    serializer_class = ValueSerializer

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        if getattr(self, "swagger_fake_view", False):
            return IndicatorValue.objects.none()
        return selectors.value_list(self.request.user, self.request.query_params)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ValueSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = services.save_value(
            user=request.user, zone=data["zone"], indicator=data["indicator_id"], value=data["value"],
            period=data.get("period", "Y"), third_party=data.get("third_party"), note=data.get("note", ""),
        )  # fmt: skip
        return Response(ValueSerializer(row, context={"request": request}).data, status=status.HTTP_201_CREATED)


# --- internal assessment and distribution plans (ADR 0503) -------------------------------------


@extend_schema_view(
    list=extend_schema(responses={200: StaffGradeSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=StaffGradeSerializer, responses={201: StaffGradeSerializer, **WRITE_ERRORS}),
)
class StaffGradeViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Individual internal grades S/A/B/C/D (``?zone=&year=&grade=``); POST enters or corrects one.
    ``POST close/`` closes the zone's internal year (the S quota of the rule set is checked)."""

    serializer_class = StaffGradeSerializer
    filterset_class = StaffGradeFilter

    def get_queryset(self) -> QuerySet[StaffGrade]:
        if getattr(self, "swagger_fake_view", False):
            return StaffGrade.objects.none()
        return selectors.staff_grade_list(self.request.user, self.request.query_params)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = StaffGradeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        staff = selectors.staff_in_scope(request.user, data["staff_id"])
        row = services.save_staff_grade(
            user=request.user, staff=staff, year=data["year"], grade=data["grade"], score=data.get("score"),
            parts={k: data.get(k) for k in rules.PARTS},
        )  # fmt: skip
        return Response(StaffGradeSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseInternalSerializer, responses={200: CloseInternalSerializer, **WRITE_ERRORS})
    @action(detail=False, methods=["post"])
    def close(self, request: Request) -> Response:
        serializer = CloseInternalSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        zone, year = serializer.validated_data["zone"], serializer.validated_data["year"]
        services.close_internal_year(user=request.user, zone=zone, year=year)
        return Response({"zone": zone.code, "year": year})


@extend_schema_view(
    list=extend_schema(responses={200: DepartmentGradeSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(request=DepartmentGradeSerializer, responses={201: DepartmentGradeSerializer, **WRITE_ERRORS}),
)
class DepartmentGradeViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Department internal grades S/A/B/C/D (``?zone=&year=``); POST enters or corrects one."""

    serializer_class = DepartmentGradeSerializer
    filterset_class = DepartmentGradeFilter

    def get_queryset(self) -> QuerySet[DepartmentGrade]:
        if getattr(self, "swagger_fake_view", False):
            return DepartmentGrade.objects.none()
        return selectors.department_grade_list(self.request.user, self.request.query_params)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DepartmentGradeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        department = EstablishmentUnit.objects.filter(
            pk=data["department_id"], establishment__zone=data["zone"]
        ).first()
        if department is None:
            raise Invalid({"department": ["该部门不属于本开发区。"]})
        row = services.save_department_grade(
            user=request.user, zone=data["zone"], department=department, year=data["year"], grade=data["grade"],
            score=data.get("score"), parts={k: data.get(k) for k in rules.PARTS},
        )  # fmt: skip
        return Response(
            DepartmentGradeSerializer(row, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(responses={200: DistributionPlanSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: DistributionPlanDetailSerializer, **ERROR_RESPONSES}),
    create=extend_schema(
        request=ComputePlanSerializer, responses={201: DistributionPlanDetailSerializer, **WRITE_ERRORS}
    ),
)
class DistributionPlanViewSet(_Owed, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The zones' distribution plans (the city sees every plan of its city). POST ``{zone, year}``
    (re)computes a zone's plan from its current pool; ``POST {id}/file/`` files it with the city
    and locks it (a filed plan refuses changes: 409)."""

    serializer_class = DistributionPlanSerializer
    filterset_class = PlanFilter

    def get_queryset(self) -> QuerySet[DistributionPlan]:
        if getattr(self, "swagger_fake_view", False):
            return DistributionPlan.objects.none()
        return selectors.plan_list(self.request.user, self.request.query_params if self.action == "list" else None)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        """Filing is checked by the service (the zone's officers)."""

    def get_serializer_class(self) -> Any:
        return DistributionPlanSerializer if self.action == "list" else DistributionPlanDetailSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ComputePlanSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        plan = services.compute_plan(
            user=request.user, zone=serializer.validated_data["zone"], year=serializer.validated_data["year"]
        )
        return Response(
            DistributionPlanDetailSerializer(plan, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={200: DistributionPlanDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def file(self, request: Request, pk: Any = None) -> Response:
        plan = services.file_plan(user=request.user, plan=self.get_object())
        return Response(DistributionPlanDetailSerializer(plan, context=self.get_serializer_context()).data)

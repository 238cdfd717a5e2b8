"""REST endpoints of assessment and pay (API.md `/api/v1/assessment/...`; ADR 0501).

Scoped like every list (a zone outside the scope is a 404 or, as a payload, an unknown zone);
``stale`` says a figure is owed a recompute; the new figure replaces it without any button.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES

from . import selectors, services, sources
from .filters import BenchmarkFilter, PoolFilter, ResultFilter
from .models import Benchmark, IndicatorValue, PayPool, ZoneResult
from .serializers import (
    BenchmarkSerializer,
    BenchmarkUpdateSerializer,
    PoolSerializer,
    ResultSerializer,
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

                raise Invalid({"headcount": ["开发区尚无核定员额，请填写人数。"]})
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

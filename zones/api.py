"""REST endpoints for regions and zones (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from devzone.api.schema import ERROR_RESPONSES
from devzone.tenancy.filters import UNSCOPED
from devzone.tenancy.roles import EDIT_REGISTRY

from . import selectors, services
from .models import ManagementModel, Region, RegionLevel, Zone, ZoneKind, ZoneLevel, ZoneStatus
from .serializers import RegionSerializer, ZoneDetailSerializer, ZoneSerializer


class RegionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=RegionLevel.choices)
    parent = filters.CharFilter(field_name="parent__code")

    class Meta:
        model = Region
        fields = ["level", "parent"]


@extend_schema_view(list=extend_schema(responses={200: RegionSerializer(many=True), **ERROR_RESPONSES}))
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions (public reference data: every logged-in user sees them)."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    scope_field = UNSCOPED
    filterset_class = RegionFilter

    def get_queryset(self) -> QuerySet[Region]:
        return selectors.region_list()


class ZoneFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ZoneKind.choices)
    level = filters.ChoiceFilter(choices=ZoneLevel.choices)
    status = filters.ChoiceFilter(choices=ZoneStatus.choices)
    management_model = filters.ChoiceFilter(choices=ManagementModel.choices)
    city = filters.CharFilter(field_name="city__code")
    county = filters.CharFilter(field_name="county__code")
    q = filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = Zone
        fields = ["kind", "level", "status", "management_model", "city", "county"]

    def search(self, queryset: QuerySet[Zone], name: str, value: str) -> QuerySet[Zone]:
        return selectors.search_zones(queryset, value)


@extend_schema_view(
    list=extend_schema(responses={200: ZoneSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: ZoneDetailSerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=ZoneSerializer, responses={201: ZoneDetailSerializer, **ERROR_RESPONSES}),
    partial_update=extend_schema(request=ZoneSerializer, responses={200: ZoneDetailSerializer, **ERROR_RESPONSES}),
)
class ZoneViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Development zones in the user's scope, addressed by ``code``."""

    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    scope_field = ""
    filterset_class = ZoneFilter
    action_permissions = {"partial_update": EDIT_REGISTRY, "update": EDIT_REGISTRY}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Zone]:
        qs = Zone.objects.select_related("city", "county")
        if self.action == "retrieve":
            qs = selectors.with_areas(qs)
        return qs.order_by("city__code", "code")

    def get_serializer_class(self) -> Any:
        return ZoneSerializer if self.action == "list" else ZoneDetailSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ZoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        zone = services.create_zone(user=request.user, data=serializer.validated_data)
        return Response(
            ZoneDetailSerializer(selectors.with_areas(Zone.objects).get(pk=zone.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.get_object()
        serializer = ZoneSerializer(zone, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        zone = services.update_zone(user=request.user, zone=zone, data=serializer.validated_data)
        return Response(ZoneDetailSerializer(selectors.with_areas(Zone.objects).get(pk=zone.pk)).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", RegionViewSet, basename="region")
router.register("zones", ZoneViewSet, basename="zone")
urlpatterns = router.urls

"""REST endpoints for regions and zones (API.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from devzone.api.schema import ERROR_RESPONSES
from devzone.tenancy import scoped
from devzone.tenancy.filters import UNSCOPED
from devzone.tenancy.roles import EDIT_REGISTRY
from devzone.tenancy.scope import can

from . import selectors, services
from .models import ManagementModel, Region, RegionLevel, Zone, ZoneArea, ZoneKind, ZoneLevel, ZoneStatus
from .serializers import AreaDetailSerializer, RegionSerializer, ZoneDetailSerializer, ZoneSerializer


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


AREA_PATH_PARAMETERS = [
    OpenApiParameter("code", str, OpenApiParameter.PATH, description="开发区代码，如 yingkou-coastal"),
    OpenApiParameter("kind", str, OpenApiParameter.PATH, description="catalogue / planned / controlled，或片区标识"),
]


@extend_schema_view(
    retrieve=extend_schema(parameters=AREA_PATH_PARAMETERS, responses={200: AreaDetailSerializer, **ERROR_RESPONSES}),
    update=extend_schema(
        parameters=AREA_PATH_PARAMETERS,
        request=AreaDetailSerializer,
        responses={200: AreaDetailSerializer, 201: AreaDetailSerializer, **ERROR_RESPONSES},
        description="替换一个区域的申报面积、四至和边界；目录核准/规划/实控面积不存在时新建（201）。",
    ),
    partial_update=extend_schema(
        parameters=AREA_PATH_PARAMETERS,
        request=AreaDetailSerializer,
        responses={200: AreaDetailSerializer, **ERROR_RESPONSES},
        description="修改一个区域的部分字段。新边界提交后计算面积由后台重算，期间 stale 为 true。",
    ),
)
class ZoneAreaViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One area of a zone: ``/zones/{code}/areas/{kind}/`` (API.md)."""

    serializer_class = AreaDetailSerializer
    scope_field = "zone"
    lookup_field = "slug"
    lookup_url_kwarg = "kind"
    action_permissions = {"update": EDIT_REGISTRY, "partial_update": EDIT_REGISTRY}

    def get_queryset(self) -> QuerySet[ZoneArea]:
        if getattr(self, "swagger_fake_view", False):
            return ZoneArea.objects.none()
        return selectors.zone_areas(code=self.kwargs["code"])

    def _shown(self, area: ZoneArea, code: int = status.HTTP_200_OK) -> Response:
        # reloaded: in the embedded default the recompute has already run on commit
        return Response(AreaDetailSerializer(ZoneArea.objects.get(pk=area.pk)).data, status=code)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        area = self.filter_queryset(self.get_queryset()).filter(slug=kwargs["kind"]).first()
        if area is None:
            return self._create(request, code=kwargs["code"], kind=kwargs["kind"], partial=partial)
        self.check_object_permissions(request, area)
        serializer = AreaDetailSerializer(area, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not partial:  # PUT replaces: what is not sent is cleared
            data = {"bounds_text": "", "geometry": None, **data}
        return self._shown(services.update_area(user=request.user, area=area, data=data))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def _create(self, request: Request, *, code: str, kind: str, partial: bool) -> Response:
        zone = scoped(Zone.objects.all(), request.user, "").filter(code=code).first()
        if zone is None or partial or kind not in services.STANDARD_AREAS:
            raise NotFound()
        if not can(request.user, EDIT_REGISTRY, zone):
            raise PermissionDenied
        serializer = AreaDetailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        area = services.create_area(user=request.user, zone=zone, kind=kind, data=dict(serializer.validated_data))
        return self._shown(area, status.HTTP_201_CREATED)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", RegionViewSet, basename="region")
router.register("zones", ZoneViewSet, basename="zone")
urlpatterns = [
    *router.urls,
    path(
        "zones/<slug:code>/areas/<slug:kind>/",
        ZoneAreaViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}),
        name="zone-area-detail",
    ),
]

"""REST endpoint of a zone's areas (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from devzone.api.schema import ERROR_RESPONSES
from devzone.tenancy.scope import can
from zones.registry import selectors as registry_selectors
from zones.registry.grants import EDIT_REGISTRY
from zones.registry.models import Zone

from . import selectors, services
from .models import ZoneArea
from .serializers import AreaDetailSerializer

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
    lookup_field = "slug"
    lookup_url_kwarg = "kind"
    action_permissions = {"update": EDIT_REGISTRY, "partial_update": EDIT_REGISTRY}

    def get_queryset(self) -> QuerySet[ZoneArea]:
        if getattr(self, "swagger_fake_view", False):
            return ZoneArea.objects.none()
        return selectors.zone_areas(code=self.kwargs["code"])

    def _shown(self, area: ZoneArea, code: int = status.HTTP_200_OK) -> Response:
        # reloaded: in the embedded default the recompute has already run on commit
        return Response(AreaDetailSerializer(selectors.area_shown(area_id=area.pk)).data, status=code)

    def _zone(self, request: Request, code: str) -> Zone:
        try:
            return registry_selectors.zone_in_scope(user=request.user, code=code)
        except Zone.DoesNotExist as exc:
            raise NotFound() from exc

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        zone = self._zone(request, kwargs["code"])
        area = selectors.area_of_zone(zone=zone, slug=kwargs["kind"])
        if area is None:
            return self._create(request, zone=zone, kind=kwargs["kind"], partial=partial)
        self.check_object_permissions(request, area)
        serializer = AreaDetailSerializer(area, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        area = services.update_area(
            user=request.user, area=area, data=dict(serializer.validated_data), replace=not partial
        )
        return self._shown(area)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def _create(self, request: Request, *, zone: Zone, kind: str, partial: bool) -> Response:
        if partial or kind not in services.STANDARD_AREAS:
            raise NotFound()
        if not can(request.user, EDIT_REGISTRY, zone):
            raise PermissionDenied
        serializer = AreaDetailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        area = services.create_area(user=request.user, zone=zone, kind=kind, data=dict(serializer.validated_data))
        return self._shown(area, status.HTTP_201_CREATED)

"""REST endpoints for regions, status changes, platform companies and social functions (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from devzone.tenancy.filters import UNSCOPED
from devzone.tenancy.scope import can
from zones.registry.grants import CHANGE_STATUS, EDIT_REGISTRY

from . import selectors, services
from .filters import RegionFilterSet, SocialFunctionFilterSet
from .models import (
    PlatformCompany,
    Region,
    SocialFunction,
    SocialFunctionKind,
    Zone,
    ZoneStatusChange,
)
from .serializers import (
    PlatformCompanySerializer,
    RegionSerializer,
    SocialFunctionSerializer,
    StatusChangeInputSerializer,
    StatusChangeSerializer,
)


@extend_schema_view(list=extend_schema(responses={200: RegionSerializer(many=True), **ERROR_RESPONSES}))
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions (public reference data: every logged-in user sees them)."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    scope_field = UNSCOPED
    filterset_class = RegionFilterSet

    def get_queryset(self) -> QuerySet[Region]:
        return selectors.region_list(filters=self.request.query_params)


# ---------------------------------------------------------------------------------------------
# Registry endpoints nested under a zone: /zones/{code}/status/, /companies/, /social-functions/,
# /plots/. The zone comes from the URL and must be in scope (else 404); writes need
# EDIT_REGISTRY on it (status changes CHANGE_STATUS), else 403.
# ---------------------------------------------------------------------------------------------

ZONE_CODE = OpenApiParameter("zone_code", str, OpenApiParameter.PATH, description="开发区代码")


class ZoneChildViewSet(viewsets.GenericViewSet):
    """Base of the endpoints that hang under ``/zones/{zone_code}/``."""

    write_permission = EDIT_REGISTRY
    action_permissions = {"partial_update": EDIT_REGISTRY, "update": EDIT_REGISTRY, "destroy": EDIT_REGISTRY}

    def zone(self) -> Zone:
        if not hasattr(self, "_zone"):
            try:
                self._zone = selectors.zone_in_scope(user=self.request.user, code=self.kwargs["zone_code"])
            except Zone.DoesNotExist as exc:
                raise NotFound(_("未找到。")) from exc
        return self._zone

    def require_write(self) -> Zone:
        zone = self.zone()
        if not can(self.request.user, self.write_permission, zone):
            raise PermissionDenied(_("您无权修改该开发区档案。"))
        return zone

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if "zone_code" in getattr(self, "kwargs", {}) and self.request and self.request.user.is_authenticated:
            context["zone"] = self.zone()
        return context


@extend_schema_view(
    list=extend_schema(parameters=[ZONE_CODE], responses={200: StatusChangeSerializer(many=True), **ERROR_RESPONSES}),
    create=extend_schema(
        parameters=[ZONE_CODE],
        request=StatusChangeInputSerializer,
        responses={201: StatusChangeSerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
    ),
)
class ZoneStatusViewSet(mixins.ListModelMixin, ZoneChildViewSet):
    """A zone's dated status history; POST records a change (province admins)."""

    serializer_class = StatusChangeSerializer
    write_permission = CHANGE_STATUS

    def get_queryset(self) -> QuerySet[ZoneStatusChange]:
        if getattr(self, "swagger_fake_view", False):
            return ZoneStatusChange.objects.none()
        return selectors.status_history(zone=self.zone())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.zone()
        if not can(request.user, CHANGE_STATUS, zone):
            raise PermissionDenied(_("只有省级管理员可以变更开发区状态。"))
        serializer = StatusChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = services.change_status(user=request.user, zone=zone, **serializer.validated_data)
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class ZoneChildCrud(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ZoneChildViewSet,
):
    """List/create/retrieve/update/delete of one kind of zone-owned registry row."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.require_write()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.store(zone=zone, instance=None, data=serializer.validated_data)
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        obj = self.store(zone=self.zone(), instance=instance, data=serializer.validated_data)
        return Response(self.get_serializer(obj).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.remove(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def remove(self, instance: Any) -> None:
        raise NotImplementedError


def _crud_schema(serializer: Any, lookup: OpenApiParameter) -> Any:
    return extend_schema_view(
        list=extend_schema(parameters=[ZONE_CODE], responses={200: serializer(many=True), **ERROR_RESPONSES}),
        create=extend_schema(parameters=[ZONE_CODE], responses={201: serializer, **ERROR_RESPONSES}),
        retrieve=extend_schema(parameters=[ZONE_CODE, lookup], responses={200: serializer, **ERROR_RESPONSES}),
        partial_update=extend_schema(
            parameters=[ZONE_CODE, lookup], responses={200: serializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE}
        ),
        destroy=extend_schema(
            parameters=[ZONE_CODE, lookup], responses={204: None, **ERROR_RESPONSES, **CONFLICT_RESPONSE}
        ),
    )


@_crud_schema(PlatformCompanySerializer, OpenApiParameter("id", int, OpenApiParameter.PATH))
class PlatformCompanyViewSet(ZoneChildCrud):
    """Platform companies of the "1+1+N" structure (管委会 / 国有集团公司 / 专业化公司)."""

    serializer_class = PlatformCompanySerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[PlatformCompany]:
        if getattr(self, "swagger_fake_view", False):
            return PlatformCompany.objects.none()
        return selectors.company_list(zone=self.zone())

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> PlatformCompany:
        return services.save_company(user=self.request.user, zone=zone, company=instance, data=data)

    def remove(self, instance: PlatformCompany) -> None:
        services.delete_company(user=self.request.user, company=instance)


@_crud_schema(
    SocialFunctionSerializer,
    OpenApiParameter("function", str, OpenApiParameter.PATH, enum=SocialFunctionKind.values),
)
class SocialFunctionViewSet(ZoneChildCrud):
    """Social-affairs functions: retained (保留) or stripped (剥离) to a receiving body."""

    serializer_class = SocialFunctionSerializer
    lookup_field = "function"
    lookup_value_regex = "[a-z_]+"
    filterset_class = SocialFunctionFilterSet

    def get_queryset(self) -> QuerySet[SocialFunction]:
        if getattr(self, "swagger_fake_view", False):
            return SocialFunction.objects.none()
        filters = self.request.query_params if self.action == "list" else None
        return selectors.social_function_list(zone=self.zone(), filters=filters)

    def store(self, *, zone: Zone, instance: Any, data: dict[str, Any]) -> SocialFunction:
        return services.save_social_function(user=self.request.user, zone=zone, item=instance, data=data)

    def remove(self, instance: SocialFunction) -> None:
        services.delete_social_function(user=self.request.user, item=instance)

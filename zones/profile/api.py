"""REST endpoints of the zones themselves: list, create, edit, merge; the detail shows the whole profile (API.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from devzone.api.schema import CONFLICT_RESPONSE, ERROR_RESPONSES
from zones.registry import selectors as registry_selectors
from zones.registry import services as registry_services
from zones.registry.filters import ZoneFilterSet
from zones.registry.grants import CHANGE_STATUS, EDIT_REGISTRY
from zones.registry.models import Zone
from zones.registry.serializers import MergeInputSerializer, ZoneSerializer

from . import selectors
from .serializers import ZoneRegistrySerializer


def _zone_shown(zone: Zone) -> dict[str, Any]:
    """A zone as the detail answers it: registry and establishment loaded in fixed queries."""
    return ZoneRegistrySerializer(selectors.zone_detail(zone_id=zone.pk)).data


@extend_schema_view(
    list=extend_schema(responses={200: ZoneSerializer(many=True), **ERROR_RESPONSES}),
    retrieve=extend_schema(responses={200: ZoneRegistrySerializer, **ERROR_RESPONSES}),
    create=extend_schema(request=ZoneSerializer, responses={201: ZoneRegistrySerializer, **ERROR_RESPONSES}),
    partial_update=extend_schema(
        request=ZoneSerializer, responses={200: ZoneRegistrySerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE}
    ),
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
    filterset_class = ZoneFilterSet  # applied by registry_selectors.zone_list (ADR 0010)
    action_permissions = {"partial_update": EDIT_REGISTRY, "update": EDIT_REGISTRY, "merge": CHANGE_STATUS}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Zone]:
        if self.action == "list":
            return registry_selectors.zone_list(user=self.request.user, filters=self.request.query_params)
        return selectors.zones_for_api(detail=self.action == "retrieve")

    def get_serializer_class(self) -> Any:
        return ZoneSerializer if self.action == "list" else ZoneRegistrySerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ZoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        zone = registry_services.create_zone(user=request.user, data=serializer.validated_data)
        return Response(_zone_shown(zone), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        zone = self.get_object()
        serializer = ZoneSerializer(zone, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        zone = registry_services.update_zone(user=request.user, zone=zone, data=serializer.validated_data)
        return Response(_zone_shown(zone))

    @extend_schema(
        request=MergeInputSerializer,
        responses={200: ZoneRegistrySerializer, **ERROR_RESPONSES, **CONFLICT_RESPONSE},
        summary="整合开发区(一区多园)",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Merge the listed zones into this one: they become its sub-parks with status ``merged``."""
        surviving = self.get_object()
        serializer = MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        merged = registry_selectors.zones_by_code(user=request.user, codes=data["merged"], field="merged")
        registry_services.merge_zones(
            user=request.user,
            surviving=surviving,
            merged=merged,
            effective_date=data["effective_date"],
            document_no=data["document_no"],
            reason=data["reason"],
        )
        return Response(_zone_shown(surviving))

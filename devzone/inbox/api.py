"""``/api/v1/inbox/``: the user's own notifications, read/unread, mark read (ADR 0021)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import include, path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from devzone.api.schema import ERROR_RESPONSES
from devzone.tenancy.filters import UNSCOPED

from . import selectors, services
from .filters import InboxFilterSet
from .models import Notification
from .serializers import MarkReadSerializer, NotificationSerializer

Changed = inline_serializer(name="InboxChanged", fields={"changed": serializers.IntegerField()})
Unread = inline_serializer(name="InboxUnread", fields={"unread": serializers.IntegerField()})


class InboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The user's own messages, newest first (``?status=unread`` for the unread ones). Someone
    else's message is a 404."""

    scope_field = UNSCOPED  # a user's own messages: get_queryset cuts to them, others' are 404
    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    filterset_class = InboxFilterSet  # applied by selectors.inbox_for (ADR 0010)

    def get_queryset(self) -> QuerySet[Notification]:
        filters = self.request.query_params if self.action == "list" else None
        return selectors.inbox_for(self.request.user, filters)

    @extend_schema(request=None, responses={200: NotificationSerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark this message read."""
        obj = self.get_object()
        services.mark_read(user=request.user, ids=[obj.pk])
        obj.refresh_from_db()
        return Response(NotificationSerializer(obj).data)

    @extend_schema(request=None, responses={200: NotificationSerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def unread(self, request: Request, pk: str | None = None) -> Response:
        """Mark this message unread again."""
        obj = self.get_object()
        services.mark_unread(user=request.user, ids=[obj.pk])
        obj.refresh_from_db()
        return Response(NotificationSerializer(obj).data)

    @extend_schema(request=MarkReadSerializer, responses={200: Changed, **ERROR_RESPONSES})
    @action(detail=False, methods=["post"], url_path="mark-read", url_name="mark-read")
    def mark_read(self, request: Request) -> Response:
        """Mark the given messages (``ids``) or all of them read; ``changed``: how many were unread."""
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changed = services.mark_read(user=request.user, ids=serializer.validated_data.get("ids"))
        return Response({"changed": changed})

    @extend_schema(responses={200: Unread, **ERROR_RESPONSES})
    @action(detail=False, methods=["get"], url_path="unread-count", url_name="unread-count", pagination_class=None)
    def unread_count(self, request: Request) -> Response:
        """How many unread messages the user has (the top bar's badge)."""
        return Response({"unread": selectors.unread_count(request.user)})


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inbox", InboxViewSet, basename="inbox")
urlpatterns = [path("", include(router.urls))]

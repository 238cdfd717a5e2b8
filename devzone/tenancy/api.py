"""``/api/v1/me/`` and the token endpoint."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotAuthenticated, Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from devzone.api.schema import ERROR_RESPONSES, ErrorSerializer
from devzone.types import User

from . import lockout
from .filters import UNSCOPED
from .models import Membership
from .tokens import ExpiringTokenAuthentication, issue_token


class MembershipSerializer(serializers.ModelSerializer):
    scope_type = serializers.CharField(read_only=True)
    scope_code = serializers.CharField(read_only=True)
    scope_name = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = ["role", "scope_type", "scope_code", "scope_name", "department", "period_from", "period_to"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = MembershipSerializer(many=True)


def memberships_of(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(user.memberships.select_related("region", "zone").order_by("role", "id"))


class MeView(APIView):
    permission_classes = [IsAuthenticated]
    scope_field = UNSCOPED

    @extend_schema(responses={200: MeSerializer, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        user = request.user
        if not user.is_authenticated:  # IsAuthenticated answered 401 already; this narrows the type
            raise NotAuthenticated
        data = {
            "username": user.get_username(),
            "display_name": user.get_full_name() or user.get_username(),
            "roles": memberships_of(user),
        }
        return Response(MeSerializer(data).data)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenView(APIView):
    """``POST {"username", "password"}`` → ``{"token"}``; ``DELETE`` revokes the token it is called with."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    scope_field = UNSCOPED

    def get_authenticators(self) -> list[Any]:
        # POST is anonymous (no session, no CSRF); DELETE is authenticated by the token itself.
        if self.request is not None and self.request.method == "DELETE":
            return [ExpiringTokenAuthentication()]
        return []

    @extend_schema(request=None, responses={204: None, **ERROR_RESPONSES})
    def delete(self, request: Request) -> Response:
        if not isinstance(request.auth, Token):
            raise NotAuthenticated
        request.auth.delete()
        return Response(status=204)

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            **ERROR_RESPONSES,
            429: OpenApiResponse(
                ErrorSerializer, description="登录失败次数过多，暂时锁定 / locked after failed logins"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, **serializer.validated_data)
        if user is None or not user.is_active:
            minutes = lockout.locked_minutes(serializer.validated_data["username"])
            if minutes:
                raise Throttled(wait=minutes * 60, detail=lockout.locked_message(minutes))
            raise ValidationError({"non_field_errors": [_("用户名或密码不正确。")]})
        lockout.clear(user.get_username())
        return Response({"token": issue_token(user).key})

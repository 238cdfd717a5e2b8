"""Shared schema pieces: every 4xx an endpoint can return, in the one error shape."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        # A 409 from a workflow also names the object's state and the actions allowed from it.
        "state": serializers.CharField(required=False),
        "allowed": serializers.ListField(child=serializers.CharField(), required=False),
    },
)

ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误 / invalid input"),
    401: OpenApiResponse(ErrorSerializer, description="未登录 / not logged in"),
    403: OpenApiResponse(ErrorSerializer, description="无权执行此操作 / not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="不存在或不在您的范围内 / not found or out of scope"),
}

CONFLICT_RESPONSE = {409: OpenApiResponse(ErrorSerializer, description="当前状态不允许 / state conflict")}

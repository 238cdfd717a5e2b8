from __future__ import annotations

from typing import Any

from rest_framework import serializers

from . import kinds
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField(help_text="类别名称")
    read = serializers.SerializerMethodField(help_text="是否已读")

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "url", "created_at", "read", "read_at"]
        read_only_fields = fields

    def get_kind_label(self, obj: Notification) -> str:
        return str(kinds.label(obj.kind))

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=500,
        help_text="要标为已读的消息 id；缺省：全部",
    )


class InboxCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()

    def to_representation(self, instance: Any) -> Any:
        return {"unread": instance}

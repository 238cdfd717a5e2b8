"""The inbox list's filters, declared once (ADR 0010): the API, the page and the selector share them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Notification

READ_CHOICES = [("unread", _("未读")), ("read", _("已读"))]


class InboxFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=READ_CHOICES, method="by_status", label=_("状态"), empty_label=_("全部")
    )
    kind = django_filters.ChoiceFilter(choices=kinds.choices, label=_("类别"), empty_label=_("全部"))

    class Meta:
        model = Notification
        fields = ["status", "kind"]

    def by_status(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(read_at__isnull=value == "unread")

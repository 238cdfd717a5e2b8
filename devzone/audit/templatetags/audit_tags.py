"""``{% history_link obj %}``: a link to a record's change history, for those who may read it."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from devzone.audit import registry
from devzone.tenancy import can
from devzone.tenancy.roles import READ_HISTORY

register = template.Library()


@register.simple_tag(takes_context=True)
def history_link(context: dict[str, Any], obj: Any, text: str = "") -> str:
    request = context.get("request")
    reg = registry.for_model(type(obj)) if obj is not None else None
    if request is None or reg is None or not can(request.user, READ_HISTORY, obj):
        return ""
    url = reverse("audit:record", args=[reg.key, obj.pk])
    return format_html('<a href="{}" data-testid="history-link">{}</a>', url, text or _("变更记录"))

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


@register.simple_tag
def change_parts(change: Any, field_change: Any) -> list[dict[str, Any]]:
    """``{% change_parts c f as parts %}``: a structured field's change part by part (its
    registration's ``structured`` renderer), or ``[]`` for a plain field."""
    reg = registry.get(change.model)
    render = reg.structured.get(field_change.field) if reg is not None else None
    if render is None:
        return []
    parts = []
    for part in render(field_change.before, field_change.after):
        long = len(str(part.get("before") or "")) + len(str(part.get("after") or "")) > 2 * FOLD_AT
        changed = [t for op, t in part.get("ops") or () if op != "equal"]
        parts.append({**part, "long": long, "gist": changed[0] if changed else ""})
    return parts


FOLD_AT = 120


@register.inclusion_tag("audit/_folded.html")
def folded(text: Any, css: str = "") -> dict[str, Any]:
    """A value shown whole when short; a long one folded (``<details>``) behind its beginning."""
    value = "" if text is None else str(text)
    return {"text": value, "long": len(value) > FOLD_AT, "css": css}

"""``{% import_export_links "zones" %}``: import / template / export links for a list page."""

from __future__ import annotations

from typing import Any

from django import template

from devzone.imports import registry

register = template.Library()


@register.inclusion_tag("imports/_links.html", takes_context=True)
def import_export_links(context: dict[str, Any], importer: str, oob: bool = False) -> dict[str, Any]:
    """The export link carries the list's filters (the page's query string). A list whose rows
    htmx replaces renders the links again with ``oob=True`` in its rows partial, so that the
    export follows the filters chosen since the page loaded."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    can_import = registry.get(importer)(request.user).permitted()
    return {"importer": importer, "can_import": can_import, "query": query.urlencode(), "oob": oob}

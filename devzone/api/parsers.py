"""JSON parser that refuses NUL characters and documents nested deeper than ``API_JSON_MAX_DEPTH``.

Python's JSON decoder recurses once per nesting level: a body nested ~1 000 deep raises
``RecursionError`` inside it, and any recursive walk of a decoded document does the same a
little earlier. So the decoder's ``RecursionError`` is a 400, and the decoded document is
walked once, iteratively, for both NUL characters and depth (ADR 0011).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NUL = "nul"
TOO_DEEP = "depth"


def problem_in(value: Any, max_depth: int) -> str | None:
    """``NUL`` or ``TOO_DEEP`` for the first problem found in a decoded JSON document, else None."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return NUL
        elif isinstance(item, (dict, list)):
            if depth > max_depth:
                return TOO_DEEP
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


def too_deep_message() -> str:
    return _("JSON 嵌套层数过多（上限 %(depth)d 层）。") % {"depth": settings.API_JSON_MAX_DEPTH}


class StrictJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(too_deep_message()) from exc
        problem = problem_in(data, settings.API_JSON_MAX_DEPTH)
        if problem == NUL:
            raise ParseError(_("输入中含有不允许的空字符(NUL)。"))
        if problem == TOO_DEEP:
            raise ParseError(too_deep_message())
        return data

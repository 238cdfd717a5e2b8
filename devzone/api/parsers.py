"""JSON parser that refuses NUL characters, documents nested deeper than ``API_JSON_MAX_DEPTH``
and any string longer than ``INPUT_MAX_TEXT_CHARS`` (the platform's cap on a text value: a
field's own ``max_length``, declared on the model, is the real limit and is usually far lower).

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
TOO_LONG = "long"


def problem_in(value: Any, max_depth: int, max_chars: int) -> str | None:
    """``NUL``, ``TOO_DEEP`` or ``TOO_LONG`` for the first problem in a decoded JSON document."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return NUL
            if len(item) > max_chars:
                return TOO_LONG
        elif isinstance(item, (dict, list)):
            if depth > max_depth:
                return TOO_DEEP
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


def too_deep_message() -> str:
    return _("JSON 嵌套层数过多（上限 %(depth)d 层）。") % {"depth": settings.API_JSON_MAX_DEPTH}


def too_long_message() -> str:
    return _("文本过长（单个值最多 %(max)d 个字符）。") % {"max": settings.INPUT_MAX_TEXT_CHARS}


class StrictJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(too_deep_message()) from exc
        problem = problem_in(data, settings.API_JSON_MAX_DEPTH, settings.INPUT_MAX_TEXT_CHARS)
        if problem == NUL:
            raise ParseError(_("输入中含有不允许的空字符(NUL)。"))
        if problem == TOO_LONG:
            raise ParseError(too_long_message())
        if problem == TOO_DEEP:
            raise ParseError(too_deep_message())
        return data


class UnsafeJSON(ValueError):
    """A JSON text the platform refuses (nested too deep, a NUL, a text too long); ``str()`` says why."""


def loads(text: str | bytes) -> Any:
    """``json.loads`` under the API's bounds, for JSON that arrives another way (a form field, an
    uploaded file): ``UnsafeJSON`` with a message in the user's language where the API would
    answer 400; ``ValueError`` (``json.JSONDecodeError``) for text that is not JSON at all."""
    import json

    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise UnsafeJSON(too_deep_message()) from exc
    problem = problem_in(data, settings.API_JSON_MAX_DEPTH, settings.INPUT_MAX_TEXT_CHARS)
    if problem == NUL:
        raise UnsafeJSON(_("输入中含有不允许的空字符(NUL)。"))
    if problem == TOO_LONG:
        raise UnsafeJSON(too_long_message())
    if problem == TOO_DEEP:
        raise UnsafeJSON(too_deep_message())
    return data

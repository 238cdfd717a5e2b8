"""Refuse NUL bytes and oversize bodies before any view sees them; answer every API error as JSON."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .parsers import too_long_message

logger = logging.getLogger("devzone.api")


class RejectBadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self.problem(request)
        if problem:
            return JsonResponse({"detail": problem, "errors": {}}, status=400)
        return self.get_response(request)

    def problem(self, request: HttpRequest) -> str | None:
        raw_query = request.META.get("QUERY_STRING", "")
        if b"\x00" in unquote_to_bytes(raw_query) or "\x00" in request.path:
            return _("输入中含有不允许的空字符(NUL)。")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _("请求头 Content-Length 无效。")
        if length > settings.UPLOAD_MAX_BYTES:
            return _("提交的数据过大（上限 %(mb)d MB）。") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        content_type = request.META.get("CONTENT_TYPE", "")
        if length and not content_type.startswith("multipart/"):
            try:
                body = request.body
            except RequestDataTooBig:
                mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
                return _("提交的数据过大（上限 %(mb)d MB）。") % {"mb": mb}
            if b"\x00" in body:
                return _("输入中含有不允许的空字符(NUL)。")
            if content_type.startswith("application/x-www-form-urlencoded") and b"%00" in body:
                return _("输入中含有不允许的空字符(NUL)。")
        form = content_type.startswith(("application/x-www-form-urlencoded", "multipart/"))
        if length and form:
            values = [v for _k, vs in request.POST.lists() for v in vs]
            # A multipart body's fields are only seen once parsed (the raw body is not read above).
            if any("\x00" in v for v in values):
                return _("输入中含有不允许的空字符(NUL)。")
            if any(len(v) > settings.INPUT_MAX_TEXT_CHARS for v in values):
                return too_long_message()
        return None


API_PREFIX = "/api/"
STATUS_DETAIL = {
    400: gettext_lazy("请求无效。"),
    401: gettext_lazy("未登录。"),
    403: gettext_lazy("无权操作。"),
    404: gettext_lazy("未找到。"),
    405: gettext_lazy("不允许此请求方法。"),
    413: gettext_lazy("提交的数据过大。"),
}
# Exceptions Django answers with a 4xx page of its own; ``__call__`` turns that page into JSON.
CLIENT_ERRORS = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)


def api_error_body(status: int) -> dict[str, object]:
    detail = STATUS_DETAIL.get(status) or (_("服务器内部错误，请稍后再试。") if status >= 500 else _("请求无效。"))
    return {"detail": str(detail), "errors": {}}


class ApiErrorMiddleware:
    """Every error under ``/api/`` is JSON in the API.md shape, with ``DEBUG`` on or off.

    An unhandled exception in an API view is logged and answered ``500`` JSON here, before
    Django's debug page (which lists settings and can take seconds to render) is built; any other
    error page Django makes for an API path — the URL conf's 404, a 400 for a bad host, a CSRF
    403 — is replaced by the same shape with its status kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = JsonResponse(api_error_body(response.status_code), status=response.status_code)
            for header in ("Allow", "WWW-Authenticate", "Retry-After"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX) or isinstance(exception, CLIENT_ERRORS):
            return None
        logger.error("Unhandled exception on %s", request.path, exc_info=exception)
        # As Django does for its own 500 page: error reporters (and the test client) hear of it.
        got_request_exception.send(sender=None, request=request)
        return JsonResponse(api_error_body(500), status=500)

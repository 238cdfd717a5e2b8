"""Refuse NUL bytes and oversize bodies before any view or the database sees them."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


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
        return None

"""The portal's error pages (400/403/404/500): in its layout, with the menu, in the user's
language (Chinese unless English was chosen). The 500 page renders even when the request
context cannot be built (the database down): it then falls back to the layout without a user."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the context processors need the database or the session: go without them
        log.exception("the 500 page could not be rendered with the request context")
    try:
        return HttpResponseServerError(render_to_string("500.html", {"bare": True}))
    except Exception:
        log.exception("the 500 page could not be rendered")
        return HttpResponseServerError(
            "<!doctype html><meta charset=utf-8><title>500</title><h1>系统出现错误 / Server error</h1>",
            content_type="text/html; charset=utf-8",
        )

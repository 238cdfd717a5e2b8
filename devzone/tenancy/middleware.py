"""The scope a request resolved ends with the request (scope.py "Once per request").

``request.user`` is normally loaded afresh for every request; a user object that outlives one
(an API client's forced authentication, a long-lived worker holding an account) must not carry
the zones it saw into the next request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from .scope import forget_scope


class ScopePerRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            user: Any = getattr(request, "user", None)
            if user is not None:
                forget_scope(user)

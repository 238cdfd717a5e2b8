"""Request-bound tenancy: ended memberships stop granting, and the scope a request resolved ends
with the request.

* :class:`LapsedMembershipMiddleware` — on the first request after a membership's period, the
  session's user leaves that membership's groups (ADR 0011, checked once a day).
* :class:`ScopePerRequestMiddleware` — ``request.user`` is normally loaded afresh for every
  request; a user object that outlives one (an API client's forced authentication, a long-lived
  worker holding an account) must not carry the zones it saw into the next request (scope.py
  "Once per request").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from .scope import forget_scope
from .services import end_lapsed_memberships


class LapsedMembershipMiddleware:
    """After ``AuthenticationMiddleware``: a session's user leaves the groups of memberships whose
    ``period_to`` year is over before the view looks at any permission (checked once a day)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            end_lapsed_memberships(user)
        return self.get_response(request)


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

"""Ended memberships stop granting on the first request after their period (ADR 0011)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import ChangePath, change_path


class ChangePathMiddleware:
    """Changes made during a request are recorded as coming from the API or from a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = ChangePath.API if request.path.startswith("/api/") else ChangePath.PAGE
        with change_path(path):
            return self.get_response(request)

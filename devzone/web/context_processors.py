from typing import Any

from django.http import HttpRequest

from .nav import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation entries the user may follow (lazy: evaluated only when a page shows them)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": lambda: items_for(user)}

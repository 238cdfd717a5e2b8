"""Types shared by the platform and the apps.

``User`` is what ``request.user`` is (django-stubs types it the same way): a real account
(``settings.AUTH_USER_MODEL``, Django's ``auth.User`` here) or the anonymous user. Services,
selectors and the tenancy checks take it instead of ``Any``; a function that needs a logged-in
account narrows with ``user.is_authenticated`` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.auth.models import User as Account

    User: TypeAlias = Account | AnonymousUser
else:  # the auth models cannot be imported before the app registry is ready
    User = Any

__all__ = ["User"]

"""Types shared by the platform and the apps.

``User`` is what ``request.user`` is (django-stubs types it the same way): an ``Account`` — a
row of ``settings.AUTH_USER_MODEL``, Django's ``auth.User`` here — or the anonymous user.
Services, selectors and the tenancy checks take ``User`` instead of ``Any``; where a logged-in
account is needed they narrow with ``if not user.is_authenticated: …`` (django-stubs types
``is_authenticated`` as a literal, so the check narrows ``User`` to ``Account``), or take
``Account`` when every caller already has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.auth.models import User as Account

    User: TypeAlias = Account | AnonymousUser
else:  # the auth models cannot be imported before the app registry is ready
    Account = Any
    User = Any

__all__ = ["Account", "User"]

"""Login throttling: after ``LOGIN_FAILURE_LIMIT`` failures within ``LOGIN_FAILURE_WINDOW_MINUTES``
a username is locked for ``LOGIN_LOCKOUT_MINUTES`` — on the login page, the admin login and the
token endpoint alike (ADR 0011).

Failures are counted per username, known or not (the answer never tells them apart), in the
database so that every web process sees the same count. ``LockoutBackend``, first in
``AUTHENTICATION_BACKENDS``, refuses a locked username before any password is checked; the
province admin unlocks in the admin ("登录锁定": delete the row, or the unlock action).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginLockout


def lockout_key(username: Any) -> str:
    return str(username or "").strip().lower()[:150]


def locked_minutes(username: Any) -> int:
    """Minutes (rounded up) ``username`` stays locked; 0 when it is not locked."""
    until = LoginLockout.objects.filter(pk=lockout_key(username)).values_list("locked_until", flat=True).first()
    if until is None or until <= timezone.now():
        return 0
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def locked_message(minutes: int) -> str:
    return _("登录失败次数过多，该账号已暂时锁定，请 %(minutes)d 分钟后再试，或联系省级管理员解锁。") % {
        "minutes": minutes
    }


@transaction.atomic
def record_failure(username: Any) -> None:
    key, now = lockout_key(username), timezone.now()
    if not key:
        return
    row, _created = LoginLockout.objects.select_for_update().get_or_create(pk=key, defaults={"first_failure_at": now})
    window = dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    if row.locked_until and row.locked_until > now:
        return  # already locked: the lock is not extended by further attempts
    if now - row.first_failure_at > window or row.locked_until:
        row.failures, row.first_failure_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= settings.LOGIN_FAILURE_LIMIT:
        row.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    row.save()


def clear(username: Any) -> None:
    """A successful login, or the province admin's unlock."""
    LoginLockout.objects.filter(pk=lockout_key(username)).delete()


class LockoutBackend:
    """Refuses a locked username before the real backends check its password."""

    def authenticate(self, request: Any, username: Any = None, **kwargs: Any) -> None:
        if username is not None and locked_minutes(username):
            raise PermissionDenied  # authenticate() stops here and answers None
        return None  # no ``get_user``: never a session's backend (the test client's force_login skips it)

"""API tokens that expire when idle and are revoked on logout and on a password change (ADR 0011).

One token per user (DRF's ``authtoken``). ``ExpiringTokenAuthentication`` refuses — and deletes
— a token unused for ``API_TOKEN_IDLE_DAYS`` days; its last use is written at most every
``TOKEN_TOUCH`` so that an API call is not a write. ``revoke_tokens`` is what logout, a password
change and the province admin's "revoke tokens" action call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from .models import TokenActivity
from .services import end_lapsed_memberships

TOKEN_TOUCH = dt.timedelta(hours=1)


def revoke_tokens(user: Any) -> int:
    """Delete every API token of ``user``; returns how many there were."""
    return Token.objects.filter(user=user).delete()[0]


def issue_token(user: Any) -> Token:
    token, _created = Token.objects.get_or_create(user=user)
    TokenActivity.objects.update_or_create(token=token, defaults={"last_used": timezone.now()})
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        now = timezone.now()
        last_used = TokenActivity.objects.filter(token=token).values_list("last_used", flat=True).first()
        last_used = last_used or token.created
        if now - last_used > dt.timedelta(days=settings.API_TOKEN_IDLE_DAYS):
            token.delete()
            raise AuthenticationFailed(_("令牌已过期，请重新获取。"))
        if now - last_used > TOKEN_TOUCH:
            TokenActivity.objects.update_or_create(token=token, defaults={"last_used": now})
        end_lapsed_memberships(user)  # an ended membership reaches nothing through a token either
        return user, token

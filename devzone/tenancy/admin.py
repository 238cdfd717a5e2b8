"""Admin: the province admin unlocks usernames locked after failed logins (ADR 0011).

A user's API tokens are revoked in the admin's "Tokens" list (DRF's ``authtoken``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import LoginLockout


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    list_display = ("username", "failures", "first_failure_at", "locked_until")
    search_fields = ("username",)
    actions = ["unlock"]

    @admin.action(description=gettext_lazy("解锁所选账号"))
    def unlock(self, request: Any, queryset: Any) -> None:
        count, _by_model = queryset.delete()
        self.message_user(request, _("已解锁 %(count)d 个账号。") % {"count": count})

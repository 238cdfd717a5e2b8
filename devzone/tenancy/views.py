"""The province admin's accounts page: lift a login lockout, revoke a user's API tokens (ADR 0011).

Every other user gets 404 (as for anything outside their scope). Each action is written to
``AccountEvent`` (who, when, before, after), listed on the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.web.confirm import confirm_first

from . import services
from .models import AccountEvent, LoginLockout, Membership
from .roles import Role


def _province_admin_or_404(request: HttpRequest) -> None:
    """The page is the province admin's (a current membership) or the superuser's; 404 for others."""
    user = request.user
    if user.is_superuser:
        return
    admin = Membership.objects.filter(user_id=user.pk or 0, role=Role.PROVINCE_ADMIN)
    if not services.current(admin).exists():
        raise Http404


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    """Accounts with their lockout and tokens; the last account actions."""
    _province_admin_or_404(request)
    now = timezone.now()
    locks = {row.username: row for row in LoginLockout.objects.all()}
    users = get_user_model().objects.annotate(tokens=Count("auth_token")).order_by("username")
    rows = []
    for user in users:
        lock = locks.get(user.get_username().lower())
        locked = lock is not None and lock.locked_until is not None and lock.locked_until > now
        rows.append({"user": user, "lock": lock if locked else None, "failures": lock.failures if lock else 0})
    events = AccountEvent.objects.select_related("actor")[:50]
    return render(request, "tenancy/accounts.html", {"rows": rows, "events": events})


@login_required
@require_POST
def unlock(request: HttpRequest, username: str) -> HttpResponse:
    _province_admin_or_404(request)
    user = get_object_or_404(get_user_model(), username=username)
    asked = confirm_first(
        request,
        question=_("确定解除 %(user)s 的登录锁定？") % {"user": user.get_username()},
        consequence=_("解除后该账号可以立即再次尝试登录；锁定通常由连续输错密码引起。"),
        cancel_url=reverse("accounts:list"),
    )
    if asked:
        return asked
    services.unlock_account(actor=request.user, username=user.get_username())
    messages.success(request, _("已解除 %(user)s 的登录锁定。") % {"user": user.get_username()})
    return redirect("accounts:list")


@login_required
@require_POST
def revoke_tokens(request: HttpRequest, username: str) -> HttpResponse:
    _province_admin_or_404(request)
    user = get_object_or_404(get_user_model(), username=username)
    asked = confirm_first(
        request,
        question=_("确定吊销 %(user)s 的全部 API 令牌？") % {"user": username},
        consequence=_("吊销后使用这些令牌的程序立即无法访问，须重新申请令牌。"),
        cancel_url=reverse("accounts:list"),
    )
    if asked:
        return asked
    event = services.revoke_account_tokens(actor=request.user, user=user)
    messages.success(
        request, _("已吊销 %(user)s 的 API 令牌（%(before)s）。") % {"user": username, "before": event.before}
    )
    return redirect("accounts:list")

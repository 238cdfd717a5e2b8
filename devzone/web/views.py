"""Login and the role's home page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from devzone.tenancy import has_role, lockout, visible_zones
from devzone.tenancy.api import memberships_of
from devzone.tenancy.roles import Role
from devzone.types import User
from devzone.web.nav import home_panels
from devzone.web.todos import todos_for

from .selectors import system_status


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意区分大小写。"),
        "inactive": _("该账号已停用。"),
    }

    def clean(self) -> dict[str, Any]:
        if not self.cleaned_data.get("username") or not self.cleaned_data.get("password"):
            # AuthenticationForm says nothing on top when a field is empty: say what is missing.
            raise ValidationError(_("请输入用户名和密码。"), code="required")
        try:
            return super().clean()
        except ValidationError:
            minutes = lockout.locked_minutes(self.cleaned_data.get("username"))
            if minutes:
                raise ValidationError(lockout.locked_message(minutes), code="locked") from None
            raise


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


# What each role finds in the portal today: only pages that exist (a domain app that lands adds
# its cards, to-dos and charts to the home through nav.register_home_panel and todos.register_todos).
ROLE_HOME_HINTS: dict[str, str | Promise] = {
    Role.PROVINCE_ADMIN: _("全省开发区一览与地图、一区一策审批、赋权清单、变更记录与系统状态。"),
    Role.PROVINCE_STAFF: _("审核各市报送的一区一策方案，查看全省开发区与赋权清单。"),
    Role.CITY_OFFICER: _("编制和修订本市开发区的一区一策方案，查看本市开发区与赋权清单。"),
    Role.ZONE_OFFICER: _("本开发区的档案、一区一策方案，承接或缓放下放的赋权事项。"),
    Role.DEPARTMENT: _("本部门下放给开发区的赋权事项：赋权、评估与收回。"),
    Role.AUDITOR: _("只读查阅所分配开发区和年度的数据、变更记录与报表。"),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    zones = visible_zones(request.user).select_related("city", "county").order_by("city__code", "code")
    roles = [(m, ROLE_HOME_HINTS.get(m.role, "")) for m in memberships]
    todos = todos_for(request.user)
    today = timezone.localdate()
    context = {
        "roles": roles,
        "zones": zones[:20],
        "zone_count": zones.count(),
        "panels": home_panels(request.user),
        "todos": [(t, t.overdue(today)) for t in todos],
    }
    return render(request, "web/home.html", context)


def is_province_admin(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or has_role(user, Role.PROVINCE_ADMIN))


def reads_rules(user: User) -> bool:
    """The navigation's 规则设置 entry: the province's roles and the auditor (anyone signed in may
    open ``/rules/``; the rules are the province's published policy figures)."""
    return bool(user.is_authenticated and has_role(user, Role.PROVINCE_ADMIN, Role.PROVINCE_STAFF, Role.AUDITOR))


@login_required
def status(request: HttpRequest) -> HttpResponse:
    """System status for province administrators: database, broker, workers."""
    if not is_province_admin(request.user):
        raise Http404
    return render(request, "web/status.html", {"status": system_status()})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: no details, 503 when the database is down."""
    current = system_status()
    ok = current.database and current.broker is not False
    return JsonResponse({"status": "ok" if ok else "degraded"}, status=200 if ok else 503)

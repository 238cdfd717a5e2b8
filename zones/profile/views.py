"""The zone profile page and the deletes from its registry sections."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.domain import Conflict
from devzone.domain.pages import flash
from devzone.web.confirm import confirm_first
from zones.plots import selectors as plots_selectors
from zones.plots import services as plots_services
from zones.registry import selectors as registry_selectors
from zones.registry import services as registry_services
from zones.registry.grants import EDIT_REGISTRY

from . import selectors


@login_required
def zone_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "zones/zone_detail.html", selectors.profile_in_scope(user=request.user, code=code))


# ---------------------------------------------------------------------------------------------
# Registry pages: the profile's sections come from selectors.profile_context (shared with the
# profile PDF); each edit is a small form page that calls one service and returns to the
# profile. Zone officers read only.
# ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def registry_delete(request: HttpRequest, code: str, kind: str, key: str) -> HttpResponse:
    """Delete a company, social function or plot (POST from the profile's delete buttons)."""
    zone = registry_selectors.zone_for(user=request.user, code=code, action=EDIT_REGISTRY)
    remove: Callable[[], None]
    if kind == "companies":
        company = registry_selectors.zone_company(zone=zone, pk=key)
        anchor = "companies"
        what = company.name

        def remove() -> None:
            registry_services.delete_company(user=request.user, company=company)

    elif kind == "social-functions":
        item = registry_selectors.zone_social_function(zone=zone, function=key)
        anchor = "social"
        what = item.get_function_display()

        def remove() -> None:
            registry_services.delete_social_function(user=request.user, item=item)

    elif kind == "plots":
        plot = plots_selectors.zone_plot(zone=zone, code=key)
        anchor = "plots"
        what = plot.code

        def remove() -> None:
            plots_services.delete_plot(user=request.user, plot=plot)

    else:
        raise Http404
    back = f"{reverse('zones:detail', args=[zone.code])}#{anchor}"
    asked = confirm_first(
        request,
        question=_("确定删除“%(what)s”？") % {"what": what},
        consequence=_("删除后该记录不再显示在开发区档案中（变更记录保留）。"),
        cancel_url=back,
    )
    if asked:
        return asked
    try:
        remove()
    except Conflict as exc:
        flash(request, exc)
    else:
        messages.success(request, _("已删除。"))
    return redirect(back)

"""The zone profile page and the deletes from its registry sections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.api.exceptions import Conflict
from devzone.tenancy import can
from zones.plans import selectors as plans_selectors
from zones.plots import rules as plots_rules
from zones.plots import selectors as plots_selectors
from zones.plots import services as plots_services
from zones.plots.models import LandPlot, PlotUse
from zones.registry import selectors as registry_selectors
from zones.registry import services as registry_services
from zones.registry.grants import CHANGE_STATUS, EDIT_REGISTRY
from zones.registry.models import PlatformCompany, SocialFunction, Zone
from zones.registry.views import _require, _zone_or_404

from . import selectors


@login_required
def zone_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        zone = selectors.zone_profile(user=request.user, code=code)
    except Zone.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "zones/zone_detail.html", _profile_context(request, zone))


# ---------------------------------------------------------------------------------------------
# Registry pages: the profile's sections come from selectors.zone_profile; each edit is a small
# form page that calls one service and returns to the profile. Zone officers read only.
# ---------------------------------------------------------------------------------------------


def _profile_context(request: HttpRequest, zone: Zone) -> dict[str, Any]:
    summary = plots_selectors.plots_summary(zone)
    sub_parks = list(zone.sub_parks.all())
    return {
        "zone": zone,
        "can_edit": can(request.user, EDIT_REGISTRY, zone),
        "can_change_status": can(request.user, CHANGE_STATUS, zone),
        "summary": summary,
        "plot_rows": [
            (p, plots_rules.per_mu(p.annual_tax, p.area_mu), plots_rules.per_mu(p.annual_output, p.area_mu))
            for p in zone.plots.all()
        ],
        "rollup": plots_selectors.zone_rollup(zone),
        "sub_parks": sub_parks,
        # links only to the related zones the user may open
        "visible_sub_parks": registry_selectors.visible_zone_ids(
            user=request.user, zones=[*sub_parks, *([zone.parent_zone] if zone.parent_zone else [])]
        ),
        "merges": [*zone.merges_received.all(), *zone.merges_out.all()],
        "use_labels": dict(PlotUse.choices),
        "establishment": plans_selectors.zone_establishment(zone),  # from the approved 一区一策 plan
    }


@login_required
@require_POST
def registry_delete(request: HttpRequest, code: str, kind: str, key: str) -> HttpResponse:
    """Delete a company, social function or plot (POST from the profile's delete buttons)."""
    zone = _zone_or_404(request.user, code)
    _require(request.user, EDIT_REGISTRY, zone)
    if kind == "companies":
        company = get_object_or_404(PlatformCompany, zone=zone, pk=int(key) if key.isdigit() else 0)
        anchor = "companies"

        def remove() -> None:
            registry_services.delete_company(user=request.user, company=company)

    elif kind == "social-functions":
        item = get_object_or_404(SocialFunction, zone=zone, function=key)
        anchor = "social"

        def remove() -> None:
            registry_services.delete_social_function(user=request.user, item=item)

    elif kind == "plots":
        plot = get_object_or_404(LandPlot, zone=zone, code=key)
        anchor = "plots"

        def remove() -> None:
            plots_services.delete_plot(user=request.user, plot=plot)

    else:
        raise Http404
    try:
        remove()
    except Conflict as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("已删除。"))
    return redirect(f"{reverse('zones:detail', args=[zone.code])}#{anchor}")

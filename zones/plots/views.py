"""The land plot edit page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from zones.registry import selectors as registry_selectors
from zones.registry.grants import EDIT_REGISTRY
from zones.registry.views import form_page

from . import selectors, services
from .forms import LandPlotForm
from .models import LandPlot


@login_required
def plot_form(request: HttpRequest, code: str, plot_code: str | None = None) -> HttpResponse:
    zone = registry_selectors.zone_for(user=request.user, code=code, action=EDIT_REGISTRY)
    plot = selectors.zone_plot(zone=zone, code=plot_code) if plot_code is not None else None
    initial = LandPlotForm.initial_for(plot) if plot else None
    form = LandPlotForm(request.POST or None, initial=initial, zone=zone)

    def save(data: dict[str, Any]) -> LandPlot:
        if plot is None:
            return services.create_plot(user=request.user, zone=zone, data=data)
        return services.update_plot(user=request.user, plot=plot, data=data)

    return form_page(
        request,
        zone,
        form,
        title=_("修改地块") if plot else _("新增地块"),
        save=save,
        anchor="plots",
        done=_("地块已保存。"),
    )

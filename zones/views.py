"""Zone pages: the filterable list and the profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from devzone.tenancy import can

from . import selectors
from .forms import ZoneFilterForm
from .models import Zone


@login_required
def zone_list(request: HttpRequest) -> HttpResponse:
    form = ZoneFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    zones = selectors.zone_list(user=request.user, filters=filters)
    page = Paginator(zones, 50).get_page(request.GET.get("page"))
    template = "zones/_zone_rows.html" if request.headers.get("HX-Request") else "zones/zone_list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def zone_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        zone = selectors.zone_detail(user=request.user, code=code)
    except Zone.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "zones/zone_detail.html",
        {"zone": zone, "can_edit": can(request.user, "edit_registry", zone)},
    )

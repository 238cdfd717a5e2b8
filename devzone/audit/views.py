"""The change-history pages: the filterable list, and one record's history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from devzone.tenancy import visible_zones
from devzone.tenancy.roles import READ_HISTORY

from . import registry, selectors
from .forms import HistoryFilterForm, RecordFilterForm

PAGE_SIZE = 50


def _history_zones(request: HttpRequest) -> list[tuple[str, str]]:
    zones = list(visible_zones(request.user, READ_HISTORY).values_list("code", "name"))
    if not zones:  # nobody here reads any zone's history: the page does not exist for them
        raise Http404
    return zones


def _page(request: HttpRequest, changes: selectors.ChangeList | None) -> object:
    if changes is None:
        return Paginator([], PAGE_SIZE).get_page(1)
    return Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def history_list(request: HttpRequest) -> HttpResponse:
    form = HistoryFilterForm(request.GET or None, zones=_history_zones(request))
    valid = form.is_valid() if form.is_bound else True
    changes = selectors.change_list(request.user, form.cleaned_data if form.is_bound else {}) if valid else None
    template = "audit/_history_rows.html" if request.headers.get("HX-Request") else "audit/history_list.html"
    context = {"form": form, "page": _page(request, changes), "show_record": True}
    return render(request, template, context, status=200 if valid else 400)


@login_required
def record_history(request: HttpRequest, model: str, record_id: int) -> HttpResponse:
    reg = registry.get(model)
    if reg is None:
        raise Http404
    whole = selectors.record_history(request.user, model, record_id)  # 404 when nothing is in scope
    form = RecordFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    changes = None
    if valid:
        changes = (
            selectors.record_history(request.user, model, record_id, form.cleaned_data) if form.is_bound else whole
        )
    template = "audit/_history_rows.html" if request.headers.get("HX-Request") else "audit/record_history.html"
    context = {
        "form": form,
        "page": _page(request, changes),
        "record": whole[0],
        "model_name": reg.verbose_name,
        "show_record": False,
    }
    return render(request, template, context, status=200 if valid else 400)

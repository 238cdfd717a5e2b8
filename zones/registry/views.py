"""Zone pages: the filterable list and the registry's edit pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.domain import Conflict
from devzone.domain.pages import show_on_form
from zones.registry.grants import CHANGE_STATUS, EDIT_REGISTRY

from . import selectors, services
from .filters import ZoneFilterSet
from .forms import MergeForm, PlatformCompanyForm, SocialFunctionForm, StatusChangeForm, ZoneEditForm
from .models import Zone


@login_required
def zone_list(request: HttpRequest) -> HttpResponse:
    # The list's FilterSet, its choices cut to the user's zones, is the page's filter form.
    filterset = ZoneFilterSet(request.GET or None, user=request.user)
    valid = filterset.is_valid() if filterset.is_bound else True
    zones: QuerySet[Zone] | list[Zone] = selectors.zone_list(user=request.user, filters=request.GET) if valid else []
    page = Paginator(zones, 50).get_page(request.GET.get("page"))
    htmx = bool(request.headers.get("HX-Request"))  # rows only, and the export link with the new filters
    template = "zones/_zone_rows.html" if htmx else "zones/zone_list.html"
    context = {"form": filterset.form, "page": page, "htmx": htmx}
    return render(request, template, context, status=200 if valid else 400)


def form_page(
    request: HttpRequest,
    zone: Zone,
    form: forms.Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    anchor: str,
    done: str,
) -> HttpResponse:
    """A registry edit page of ``zone`` (here and in the other sub-packages): on a valid POST,
    ``save`` (one service call) and back to the profile's ``anchor``; a refusal goes on the form
    (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, done)
            return redirect(f"{reverse('zones:detail', args=[zone.code])}#{anchor}")
    status = 400 if request.method == "POST" else 200
    return render(request, "zones/registry_form.html", {"zone": zone, "form": form, "title": title}, status=status)


@login_required
def zone_edit(request: HttpRequest, code: str) -> HttpResponse:
    zone = selectors.zone_for(user=request.user, code=code, action=EDIT_REGISTRY)
    form = ZoneEditForm(request.POST or None, initial=ZoneEditForm.initial_for(zone), user=request.user, zone=zone)
    return form_page(
        request,
        zone,
        form,
        title=_("修改开发区档案"),
        save=lambda data: services.update_zone(user=request.user, zone=zone, data=data),
        anchor="facts",
        done=_("开发区档案已保存。"),
    )


@login_required
def zone_status(request: HttpRequest, code: str) -> HttpResponse:
    zone = selectors.zone_for(user=request.user, code=code, action=CHANGE_STATUS)
    form = StatusChangeForm(request.POST or None, zone=zone, initial={"effective_date": timezone.localdate()})
    return form_page(
        request,
        zone,
        form,
        title=_("变更开发区状态"),
        save=lambda data: services.change_status(user=request.user, zone=zone, **data),
        anchor="status",
        done=_("状态变更已登记。"),
    )


@login_required
def zone_merge(request: HttpRequest, code: str) -> HttpResponse:
    zone = selectors.zone_for(user=request.user, code=code, action=CHANGE_STATUS)
    form = MergeForm(
        request.POST or None, user=request.user, zone=zone, initial={"effective_date": timezone.localdate()}
    )
    return form_page(
        request,
        zone,
        form,
        title=_("整合开发区(一区多园)"),
        save=lambda data: services.merge_zones(user=request.user, surviving=zone, **data),
        anchor="parks",
        done=_("整合已登记。"),
    )


@login_required
def company_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    zone = selectors.zone_for(user=request.user, code=code, action=EDIT_REGISTRY)
    company = selectors.zone_company(zone=zone, pk=pk) if pk is not None else None
    initial = PlatformCompanyForm.initial_for(company) if company else None
    form = PlatformCompanyForm(request.POST or None, initial=initial, zone=zone, company=company)
    return form_page(
        request,
        zone,
        form,
        title=_("修改平台公司") if company else _("新增平台公司"),
        save=lambda data: services.save_company(user=request.user, zone=zone, company=company, data=data),
        anchor="companies",
        done=_("平台公司已保存。"),
    )


@login_required
def social_function_form(request: HttpRequest, code: str, function: str | None = None) -> HttpResponse:
    zone = selectors.zone_for(user=request.user, code=code, action=EDIT_REGISTRY)
    item = selectors.zone_social_function(zone=zone, function=function) if function is not None else None
    initial = SocialFunctionForm.initial_for(item) if item else None
    form = SocialFunctionForm(request.POST or None, initial=initial)
    return form_page(
        request,
        zone,
        form,
        title=_("修改社会事务职能") if item else _("登记社会事务职能"),
        save=lambda data: services.save_social_function(user=request.user, zone=zone, item=item, data=data),
        anchor="social",
        done=_("社会事务职能已保存。"),
    )


SUGGESTIONS = 20


@login_required
def zone_suggest(request: HttpRequest) -> JsonResponse:
    """Up to 20 zones in the user's scope whose code or name contains ``?q=`` (the zone inputs'
    suggestions, in place of a select listing every zone: issue 9)."""
    query = (request.GET.get("q") or "").strip()[:50]
    zones = selectors.zone_suggestions(user=request.user, query=query, limit=SUGGESTIONS) if query else []
    return JsonResponse({"results": [{"code": code, "name": name} for code, name in zones]})

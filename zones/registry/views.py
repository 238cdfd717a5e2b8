"""Zone pages: the filterable list and the registry's edit pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.api.exceptions import Conflict
from devzone.tenancy import can
from devzone.tenancy.roles import CHANGE_STATUS, EDIT_REGISTRY

from . import selectors, services
from .filters import ZoneFilterSet
from .forms import MergeForm, PlatformCompanyForm, SocialFunctionForm, StatusChangeForm, ZoneEditForm
from .models import PlatformCompany, SocialFunction, Zone


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


def _zone_or_404(user: Any, code: str) -> Zone:
    try:
        return selectors.zone_in_scope(user=user, code=code)
    except Zone.DoesNotExist as exc:
        raise Http404 from exc


def _show_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages_ in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, exc.messages)


def _form_page(
    request: HttpRequest,
    zone: Zone,
    form: forms.Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    anchor: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc.detail))
        else:
            messages.success(request, done)
            return redirect(f"{reverse('zones:detail', args=[zone.code])}#{anchor}")
    status = 400 if request.method == "POST" else 200
    return render(request, "zones/registry_form.html", {"zone": zone, "form": form, "title": title}, status=status)


def _require(user: Any, action: str, zone: Zone) -> None:
    if not can(user, action, zone):
        raise PermissionDenied


@login_required
def zone_edit(request: HttpRequest, code: str) -> HttpResponse:
    zone = _zone_or_404(request.user, code)
    _require(request.user, EDIT_REGISTRY, zone)
    form = ZoneEditForm(request.POST or None, initial=ZoneEditForm.initial_for(zone), user=request.user, zone=zone)
    return _form_page(
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
    zone = _zone_or_404(request.user, code)
    _require(request.user, CHANGE_STATUS, zone)
    form = StatusChangeForm(request.POST or None, zone=zone, initial={"effective_date": timezone.localdate()})
    return _form_page(
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
    zone = _zone_or_404(request.user, code)
    _require(request.user, CHANGE_STATUS, zone)
    form = MergeForm(
        request.POST or None, user=request.user, zone=zone, initial={"effective_date": timezone.localdate()}
    )
    return _form_page(
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
    zone = _zone_or_404(request.user, code)
    _require(request.user, EDIT_REGISTRY, zone)
    company = get_object_or_404(PlatformCompany, zone=zone, pk=pk) if pk is not None else None
    initial = PlatformCompanyForm.initial_for(company) if company else None
    form = PlatformCompanyForm(request.POST or None, initial=initial, zone=zone, company=company)
    return _form_page(
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
    zone = _zone_or_404(request.user, code)
    _require(request.user, EDIT_REGISTRY, zone)
    item = get_object_or_404(SocialFunction, zone=zone, function=function) if function is not None else None
    initial = SocialFunctionForm.initial_for(item) if item else None
    form = SocialFunctionForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        zone,
        form,
        title=_("修改社会事务职能") if item else _("登记社会事务职能"),
        save=lambda data: services.save_social_function(user=request.user, zone=zone, item=item, data=data),
        anchor="social",
        done=_("社会事务职能已保存。"),
    )

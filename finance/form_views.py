"""Finance pages for the jobs that were API-only (issue 12's follow-up): revising an agreement
from a year, the cities' planned growth of city-level tax, incentive schemes, registering an
attracted project, recording a reward designation. Each calls the one service the API calls
(same rules, same history); a refusal is shown beside its field with status 400 (403/404/409
as the service says), nothing stored."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from devzone.domain import DomainError
from devzone.domain.pages import show_on_form
from devzone.tenancy import can, visible_zones

from . import selectors, services
from .forms import CityPlanForm, DesignationForm, ProjectForm, ReviseForm, SchemeForm
from .grants import MANAGE_FINANCE
from .models import PARTY_LABELS
from .selectors import TAX_LABELS
from .views import _managed_zone

# Service errors on keys the forms have no field for, shown on top with what they concern.
TERMS_LABELS = {
    "base_ratios": gettext_lazy("基数分成比例"),
    "increment_ratios": gettext_lazy("增量分成比例"),
    "base_amounts": gettext_lazy("分税种基数"),
}
SCHEME_LABELS = {"stage_values": gettext_lazy("各阶段比例或金额")}


def _labels(labels: dict[str, Any]) -> dict[str, str]:
    return {key: str(label) for key, label in labels.items()}


# --- agreement versions and revision ---------------------------------------------------------


def _revision_start(latest: Any) -> int:
    start = max(latest.effective_from + 1, timezone.localdate().year)
    if latest.effective_to is not None:
        start = min(start, latest.effective_to + 1)
    return start


def _agreement_context(request: HttpRequest, agreement: Any, form: ReviseForm | None = None) -> dict[str, Any]:
    versions = selectors.agreement_versions(agreement)
    latest = versions[-1]
    may_revise = can(request.user, MANAGE_FINANCE, agreement.zone)
    rows = [
        {
            "v": v,
            "tax_types": "、".join(str(TAX_LABELS.get(t, t)) for t in v.tax_types),
            "base": [(p, str(PARTY_LABELS.get(p, p)), r) for p, r in v.base_ratios.items()],
            "increment": [(p, str(PARTY_LABELS.get(p, p)), r) for p, r in v.increment_ratios.items()],
        }
        for v in versions
    ]
    return {
        "agreement": agreement,
        "zone": agreement.zone,
        "rows": rows,
        "latest": latest,
        "may_revise": may_revise,
        "form": form or ReviseForm.for_version(latest, start=_revision_start(latest)),
    }


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement's versions by effective year, and the form revising the newest from a year."""
    agreement = selectors.get_agreement(request.user, pk)
    return render(request, "finance/agreement.html", _agreement_context(request, agreement))


@login_required
@require_POST
def agreement_revise(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement(request.user, pk)
    if not can(request.user, MANAGE_FINANCE, agreement.zone):
        raise PermissionDenied
    form = ReviseForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            new = services.revise_agreement(
                user=request.user,
                agreement=agreement,
                from_year=form.cleaned_data["effective_from"],
                data=form.revision(agreement),
            )
        except DomainError as exc:
            status = show_on_form(form, exc, labels=_labels(TERMS_LABELS))
        else:
            messages.success(
                request,
                _("已修订“%(name)s”：第%(v)s版自 %(y)s 年起执行。")
                % {"name": new.name, "v": new.version, "y": new.effective_from},
            )
            return redirect("finance:agreement", pk=new.pk)
    return render(request, "finance/agreement.html", _agreement_context(request, agreement, form), status=status)


# --- the cities' planned growth --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def city_plans(request: HttpRequest) -> HttpResponse:
    """The planned growth of city-level tax per year of the cities of the user's zones; the
    cities whose finance the user keeps set theirs (again for a year: a change, on record)."""
    cities = selectors.managed_cities(request.user)
    may_set = cities.exists()
    form = CityPlanForm(cities=cities, initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        form = CityPlanForm(request.POST, cities=cities)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.set_city_plan(
                    user=request.user,
                    city=data["city"],
                    year=data["year"],
                    planned_growth_percent=data["planned_growth_percent"],
                )
            except DomainError as exc:
                status = show_on_form(form, exc)
            else:
                messages.success(
                    request,
                    _("已保存%(city)s%(year)s年市级税收计划增速 %(pct)s%%。")
                    % {"city": plan.city.name, "year": plan.year, "pct": plan.planned_growth_percent},
                )
                return redirect("finance:city-plans")
    page = Paginator(selectors.city_plan_list(request.user), 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "may_set": may_set}
    return render(request, "finance/city_plans.html", context, status=status)


# --- incentive schemes -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def schemes(request: HttpRequest) -> HttpResponse:
    """Incentive schemes (reference data, read by all) and, for province and city staff, a new one."""
    may_make = services.may_make_schemes(request.user)
    form = SchemeForm()
    status = 200
    if request.method == "POST":
        if not may_make:
            raise PermissionDenied
        form = SchemeForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                scheme = services.create_scheme(user=request.user, data=form.scheme())
            except DomainError as exc:
                status = show_on_form(form, exc, labels=_labels(SCHEME_LABELS))
            else:
                messages.success(request, _("已保存激励方案“%(name)s”。") % {"name": scheme.name})
                return redirect("finance:schemes")
    page = Paginator(selectors.scheme_list(), 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "may_make": may_make, "stage_fields": SchemeForm.STAGE_FIELDS}
    return render(request, "finance/schemes.html", context, status=status)


# --- attracted projects ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest, code: str) -> HttpResponse:
    """Register an attracted project of a zone under a scheme; its stages follow the scheme."""
    zone = _managed_zone(request, code)
    form = ProjectForm()
    status = 200
    if request.method == "POST":
        form = ProjectForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                project = services.create_project(user=request.user, zone=zone, data=form.cleaned_data)
            except DomainError as exc:
                status = show_on_form(form, exc)
            else:
                messages.success(request, _("已登记招引项目“%(name)s”。") % {"name": project.name})
                return redirect("finance:project", pk=project.pk)
    return render(request, "finance/project_new.html", {"zone": zone, "form": form}, status=status)


# --- reward designations ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def designations(request: HttpRequest) -> HttpResponse:
    """Recorded designations for the above-plan reward (the province records them): the fallback
    for years without a ranking published by the assessment."""
    may_record = services.may_record_designations(request.user)
    zones = visible_zones(request.user, MANAGE_FINANCE).order_by("code")
    form = DesignationForm(zones=zones)
    status = 200
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        form = DesignationForm(request.POST, zones=zones)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                row = services.record_designation(user=request.user, **data)
            except DomainError as exc:
                status = show_on_form(form, exc)
            else:
                messages.success(
                    request,
                    _("已记录%(zone)s %(y)s 年度的超计划增量奖励认定。")
                    % {"zone": row.zone.name, "y": row.ranking_year},
                )
                return redirect("finance:designations")
    page = Paginator(selectors.designation_list(request.user), 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "may_record": may_record}
    return render(request, "finance/designations.html", context, status=status)

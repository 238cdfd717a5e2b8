"""Finance pages (SPEC §4; ADR 0401): the zones' revenue this year and last, a zone's fiscal
model, agreements and revenue, the revenue-sharing statement (page, Excel, PDF, print), projects
and their stages."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.domain import DomainError, Invalid, NotFound
from devzone.domain.pages import flash, show_on_form
from devzone.tenancy import can, visible_zones
from devzone.web.confirm import confirm_first

from . import selectors, services
from .filters import ProjectFilter
from .forms import AgreementForm, FiscalForm, PayForm, ReachForm, RevenueForm
from .grants import MANAGE_FINANCE, REPORT_STAGES
from .models import FiscalModel, Revenue, Stage, TaxType

ZERO = Decimal("0.00")


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return min(max(year, services.MIN_YEAR), services.max_year())


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The zones in scope: revenue this year against last year, links to each zone's finance."""
    year = _year(request)
    zones = visible_zones(request.user).select_related("city").order_by("city__code", "code")
    page = Paginator(zones, 50).get_page(request.GET.get("page"))
    ids = [z.pk for z in page]
    sums = (
        Revenue.objects.filter(zone_id__in=ids, year__in=[year, year - 1])
        .values_list("zone_id", "year")
        .annotate(total=Sum("amount"))
    )
    totals = {(z, y): t for z, y, t in sums}
    rows = [(z, totals.get((z.pk, year), ZERO), totals.get((z.pk, year - 1), ZERO)) for z in page]
    return render(request, "finance/index.html", {"page": page, "rows": rows, "year": year})


def _revenue_grid(zone: Any, year: int) -> list[dict[str, Any]]:
    monthly = selectors.revenue_of([zone.pk], [year]).get((zone.pk, year), {})
    rows = []
    for value, label in TaxType.choices:
        months = monthly.get(value, {})
        rows.append(
            {
                "tax_type": value,
                "label": label,
                "months": [months.get(m) for m in range(1, 13)],
                "total": sum(months.values(), ZERO),
            }
        )
    return rows


def _zone_context(request: HttpRequest, zone: Any, year: int, **forms: Any) -> dict[str, Any]:
    manage = can(request.user, MANAGE_FINANCE, zone)
    profile = selectors.fiscal_profile(zone)
    grid = _revenue_grid(zone, year)
    return {
        "zone": zone,
        "year": year,
        "may_manage": manage,
        "profile": profile,
        "agreements": list(selectors.agreement_list(request.user, {"zone": zone.code})),
        "grid": grid,
        "grid_total": sum((r["total"] for r in grid), ZERO),
        "projects": list(selectors.project_list(request.user, {"zone": zone.code})),
        "agreement_form": forms.get("agreement_form")
        or AgreementForm(initial={"effective_from": year, "base_year": year - 1}),
        "revenue_form": forms.get("revenue_form") or RevenueForm(initial={"year": year}),
        "fiscal_form": forms.get("fiscal_form")
        or FiscalForm(
            initial={
                "model": profile.model if profile else FiscalModel.INDEPENDENT,
                "finance_office": profile.finance_office if profile else "",
                "treasury": profile.treasury if profile else "",
                "note": profile.note if profile else "",
            }
        ),
    }


@login_required
def zone_finance(request: HttpRequest, code: str) -> HttpResponse:
    zone = selectors.zone_in_scope(request.user, code)
    year = _year(request)
    template = "finance/_revenue_grid.html" if request.headers.get("HX-Request") else "finance/zone.html"
    return render(request, template, _zone_context(request, zone, year))


def _managed_zone(request: HttpRequest, code: str) -> Any:
    zone = selectors.zone_in_scope(request.user, code)
    if not can(request.user, MANAGE_FINANCE, zone):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return zone


@login_required
@require_POST
def agreement_new(request: HttpRequest, code: str) -> HttpResponse:
    zone = _managed_zone(request, code)
    form = AgreementForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            agreement = services.create_agreement(user=request.user, zone=zone, data=form.terms())
        except DomainError as exc:
            status = show_on_form(form, exc)
        else:
            messages.success(request, _("已保存财力分成协议“%(name)s”。") % {"name": agreement.name})
            return redirect("finance:zone", code=zone.code)
    context = _zone_context(request, zone, _year(request), agreement_form=form)
    return render(request, "finance/zone.html", context, status=status)


@login_required
@require_POST
def revenue_entry(request: HttpRequest, code: str) -> HttpResponse:
    zone = _managed_zone(request, code)
    form = RevenueForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.record_revenue(user=request.user, zone=zone, **form.cleaned_data)
        except DomainError as exc:
            status = show_on_form(form, exc)
        else:
            messages.success(request, _("已保存收入。"))
            return redirect(f"{reverse('finance:zone', args=[zone.code])}?year={form.cleaned_data['year']}")
    return render(
        request, "finance/zone.html", _zone_context(request, zone, _year(request), revenue_form=form), status=status
    )


@login_required
@require_POST
def fiscal(request: HttpRequest, code: str) -> HttpResponse:
    zone = _managed_zone(request, code)
    form = FiscalForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.set_fiscal_profile(user=request.user, zone=zone, data=form.cleaned_data)
        except DomainError as exc:
            status = show_on_form(form, exc)
        else:
            messages.success(request, _("已保存财政管理模式。"))
            return redirect("finance:zone", code=zone.code)
    return render(
        request, "finance/zone.html", _zone_context(request, zone, _year(request), fiscal_form=form), status=status
    )


def _statement(request: HttpRequest, code: str, year: int) -> Any:
    try:
        return selectors.statement_for(request.user, code, year)
    except Invalid:
        raise NotFound() from None


@login_required
def statement(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The revenue-sharing statement: shares per party and tax type with base and increment
    parts, the party totals, months, the working, the reward; Excel, PDF and print."""
    st = _statement(request, code, year)
    return render(
        request,
        "finance/statement.html",
        {"st": st, "reward": selectors.reward(st.zone, st.year, st), "months": range(1, 13)},
    )


@login_required
def statement_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The statement as a workbook: one sheet of shares with months, one of party totals."""
    from openpyxl import Workbook

    st = _statement(request, code, year)
    book = Workbook()
    sheet: Any = book.active
    sheet.title = _("分成明细")
    sheet.append([_("开发区"), st.zone.name, _("年度"), st.year, _("收入合计(元)"), st.revenue_total])
    sheet.append(
        [_("税种"), _("分成主体"), _("基数部分(元)"), _("增量部分(元)"), _("合计(元)")]
        + [_("%(m)s月") % {"m": m} for m in range(1, 13)]
    )
    for r in st.rows:
        sheet.append([r.tax_type_label, r.party_label, r.base_part, r.increment_part, r.total, *r.month_list])
    totals = book.create_sheet(_("各方合计"))
    totals.append([_("分成主体"), _("基数部分(元)"), _("增量部分(元)"), _("合计(元)")])
    for p in st.party_totals:
        totals.append([p["party_label"], p["base"], p["increment"], p["total"]])
    totals.append([_("收入合计"), None, None, st.revenue_total])
    for ws in (sheet, totals):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    from urllib.parse import quote

    name = quote(f"财力分成结算表-{st.zone.code}-{st.year}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def projects(request: HttpRequest) -> HttpResponse:
    filterset = ProjectFilter(request.GET or None)
    valid = filterset.is_valid() if filterset.is_bound else True
    rows = selectors.project_list(request.user, request.GET) if valid else selectors.project_list(request.user).none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "finance/projects.html", {"filter": filterset, "page": page}, status=200 if valid else 400)


def _project_context(request: HttpRequest, project: Any, **extra: Any) -> dict[str, Any]:
    stages = list(project.stages.all())
    return {
        "project": project,
        "stages": stages,
        "paid_total": sum((s.paid_amount or ZERO for s in stages), ZERO),
        "may_pay": can(request.user, MANAGE_FINANCE, project.zone),
        "may_report": can(request.user, REPORT_STAGES, project.zone),
        "reach_form": extra.get("reach_form") or ReachForm(),
        "pay_form": PayForm(),
        "stage_labels": dict(Stage.choices),
    }


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.get_project(request.user, pk)
    return render(request, "finance/project.html", _project_context(request, project))


@login_required
@require_POST
def stage_action(request: HttpRequest, pk: int, stage: str, action: str) -> HttpResponse:
    """Report a stage reached (with evidence) or pay it; refusals are said on the page."""
    project = selectors.get_project(request.user, pk)
    if action not in ("reach", "pay"):
        raise NotFound()
    if action == "pay":
        row = project.stages.filter(stage=stage).first()
        asked = confirm_first(
            request,
            question=_("确定支付“%(project)s”的%(stage)s阶段激励？")
            % {"project": project.name, "stage": row.get_stage_display() if row else stage},
            consequence=_("支付记入项目台账，同一阶段不能再次支付，也不能撤销。"),
            cancel_url=reverse("finance:project", args=[project.pk]),
        )
        if asked:
            return asked
    try:
        if action == "reach":
            form = ReachForm(request.POST)
            if not form.is_valid():
                return render(
                    request, "finance/project.html", _project_context(request, project, reach_form=form), status=400
                )
            services.report_stage(user=request.user, project=project, stage=stage, **form.cleaned_data)
            messages.success(request, _("已填报项目进度。"))
        else:
            pay = PayForm(request.POST)
            paid_on = pay.cleaned_data.get("paid_on") if pay.is_valid() else None
            services.pay_stage(user=request.user, project=project, stage=stage, paid_on=paid_on)
            messages.success(request, _("已支付该阶段激励。"))
    except DomainError as exc:
        flash(request, exc)
        context = _project_context(request, selectors.get_project(request.user, pk))
        return render(request, "finance/project.html", context, status=exc.status_code)
    return redirect("finance:project", pk=project.pk)

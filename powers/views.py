"""Pages of the delegated-power register (SPEC §2; ADR 0201): the catalogue, a zone's register
in force on a date, delegating, the moves with their 文号, the log, evaluations."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from devzone.domain import DomainError
from devzone.domain.pages import show_on_form
from devzone.tenancy import has_role, scoped, visible_zones
from devzone.tenancy.roles import Role
from devzone.web.confirm import confirm_first

from . import access, selectors, services
from .filters import DelegationFilter, ItemFilter
from .forms import (
    AsOfForm,
    CaseRecordForm,
    DelegateForm,
    EvaluationForm,
    MoveForm,
    RecordedForm,
    ResponsibilityForm,
    end_of_day,
)
from .models import Delegation, DelegationStatus, PowerDomain, PowerItem

# The moves asked first (ADR 0029): they take a power away from the zone, for now or for good.
CONFIRMED_MOVES = {
    "withdraw": gettext_lazy("确定收回“%(item)s”（%(zone)s）？"),
    "defer": gettext_lazy("确定对“%(item)s”（%(zone)s）缓放？"),
}


def _granting_items(request: HttpRequest) -> QuerySet[PowerItem]:
    """The items the user may delegate: a department its own department's, the province all."""
    grants = access.departments_granting(request.user)
    qs = selectors.items()
    if grants is not None:
        qs = qs.filter(granting_department__in=[d for d, _r in grants])
    return qs


def _may_delegate(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, Role.PROVINCE_ADMIN, Role.DEPARTMENT)


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue with its filter, the zones in scope with their counts, the figures."""
    filterset = ItemFilter(request.GET or None)
    valid = filterset.is_valid() if filterset.is_bound else True
    items = selectors.items(request.GET) if valid else selectors.items().none()
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "powers/catalogue.html",
        {
            "filter": filterset,
            "page": page,
            "figures": selectors.home_figures(request.user),
            "domain_labels": dict(PowerDomain.choices),
            "may_delegate": _may_delegate(request),
        },
        status=200 if valid else 400,
    )


class FiguresFilter(forms.Form):
    """The figures page's filter: city, domain, full-chain coverage (the home panel links here)."""

    city = forms.ChoiceField(label=gettext_lazy("城市"), required=False)
    domain = forms.ChoiceField(label=gettext_lazy("领域"), required=False)
    chain = forms.ChoiceField(
        label=gettext_lazy("工程建设审批全链条"),
        required=False,
        choices=[("", "---------"), ("full", gettext_lazy("全链条")), ("partial", gettext_lazy("未全链条"))],
    )

    def __init__(self, *args: Any, cities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["city"]).choices = [("", "---------"), *cities]
        cast(forms.ChoiceField, self.fields["domain"]).choices = [("", "---------"), *PowerDomain.choices]


@login_required
def zone_figures(request: HttpRequest) -> HttpResponse:
    """Every zone's figures (the full list behind the home panel): counts per status and the
    construction stages taken on, one SQL row per zone, 50 a page, filtered by city/domain/chain."""
    form = FiguresFilter(request.GET or None, cities=selectors.cities_for(request.user))
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound and valid else {}
    rows = selectors.zone_figures(request.user, filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "powers/figures.html",
        {"form": form, "page": page, "zones": selectors.zone_dicts(page.object_list) if valid else []},
        status=200 if valid else 400,
    )


@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    """The delegations in the user's scope across its zones, filtered like the API's list (status,
    domain, zone…; ``as_of``: in force that day), 50 a page — the list behind the home's counts."""
    fs = DelegationFilter(request.GET or None)
    valid = fs.is_valid() if fs.is_bound else True
    params = request.GET if valid else None
    rows = selectors.delegation_list(request.user, params) if valid else Delegation.objects.none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "powers/delegations.html", {"filter": fs, "page": page}, status=200 if valid else 400)


@login_required
def zone_register(request: HttpRequest, code: str) -> HttpResponse:
    """A zone's register in force today or on ``?as_of=``, filtered like the API's list."""
    zone = selectors.zone_in_scope(request.user, code)
    as_of_form = AsOfForm(request.GET or None)
    day = timezone.localdate()
    if as_of_form.is_valid() and as_of_form.cleaned_data["as_of"]:
        day = as_of_form.cleaned_data["as_of"]
    params = request.GET.copy()
    for key in ("as_of", "page", "zone"):
        params.pop(key, None)
    fs = DelegationFilter(params or None)
    valid = fs.is_valid() if fs.is_bound else True
    rows = selectors.register(request.user, zone, day, params) if valid else Delegation.objects.none()
    pending = selectors.delegation_list(request.user).filter(zone=zone, status=DelegationStatus.PROPOSED)
    template = "powers/_register_rows.html" if request.headers.get("HX-Request") else "powers/register.html"
    return render(
        request,
        template,
        {
            "zone": zone,
            "day": day,
            "today": day == timezone.localdate(),
            "as_of_form": as_of_form,
            "filter": fs,
            "rows": selectors.labelled(rows),
            "pending": list(pending),
        },
        status=200 if valid else 400,
    )


@login_required
def zone_recorded(request: HttpRequest, code: str) -> HttpResponse:
    """What the register *said* on a day (recorded by that evening) about the powers in force on
    another (ADR 0201's recorded time): the historical rows, not today's corrected ones."""
    zone = selectors.zone_in_scope(request.user, code)
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("recorded_on"):  # default: as recorded today
        data["recorded_on"] = today.isoformat()
    form = RecordedForm(data)
    status, rows, recorded_on, day = 200, [], today, today
    if form.is_valid():
        recorded_on = form.cleaned_data["recorded_on"]
        day = form.cleaned_data["as_of"] or recorded_on
        rows = selectors.recorded_register(request.user, zone, end_of_day(recorded_on), day)
    else:
        status = 400
    return render(
        request,
        "powers/recorded.html",
        {"zone": zone, "form": form, "rows": rows, "recorded_on": recorded_on, "day": day, "valid": status == 200},
        status=status,
    )


@login_required
def delegate(request: HttpRequest) -> HttpResponse:
    if not _may_delegate(request):
        raise PermissionDenied
    form = DelegateForm(request.POST or None, user=request.user, items=_granting_items(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zones = list(visible_zones(request.user).filter(code__in=data["zones"]))
        try:
            created = services.create_delegations(
                user=request.user,
                items=list(data["items"]),
                zones=zones,
                mode=data["mode"],
                status=DelegationStatus.PROPOSED if data["propose_only"] else DelegationStatus.DELEGATED,
                document_no=data["document_no"],
                effective_from=data["effective_from"],
                build_before_acceptance=data["build_before_acceptance"],
                tolerance_approval=data["tolerance_approval"],
                notify_commitment=data["notify_commitment"],
                duties=data["duties"],
            )
        except DomainError as exc:
            status = show_on_form(form, exc, labels={"item": _("事项"), "zone": _("开发区")})
        else:
            messages.success(request, _("已办理 %(n)s 项赋权。") % {"n": len(created)})
            return redirect("powers:register", code=created[0].zone.code)
    elif request.method == "POST":
        status = 400
    return render(request, "powers/delegate.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, delegation: Delegation) -> dict[str, object]:
    moves = []
    for name in services.delegation_flow.allowed(delegation.status):
        granting = name in services.rules.GRANTING_MOVES
        allowed = (
            access.is_granting_side(request.user, delegation.zone, delegation.item.granting_department)
            if granting
            else access.is_zone_side(request.user, delegation.zone)
        )
        if allowed:
            moves.append((name, services.MOVE_LABELS[name]))
    # Evaluations and case records are year-bound: an auditor sees those of its years (ADR 0202).
    evaluations = scoped(delegation.evaluations.select_related("evaluated_by"), request.user).order_by("-period_end")
    latest = evaluations.first()
    # The form proposes the last complete period of the rule set in force (a year, a half-year…).
    last_period = services.rules.previous_period(timezone.localdate(), selectors.evaluation_rules())
    withdrawal_recommended = (
        latest is not None and latest.recommendation == "withdraw" and delegation.status != DelegationStatus.WITHDRAWN
    )
    initial: dict[str, object] = {"effective_on": timezone.localdate()}
    if withdrawal_recommended:
        # The recommendation is a proposed move: the form carries its reason; the department
        # adds the 文号 and confirms with 收回 (ADR 0201).
        initial["reason"] = _("%(period)s 评估建议收回。%(problems)s") % {
            "period": latest.period,
            "problems": latest.problems,
        }
    return {
        "d": delegation,
        "moves": moves,
        "move_form": MoveForm(initial=initial),
        "log": selectors.transitions(delegation),
        "evaluations": evaluations,
        "may_evaluate": access.is_granting_side(request.user, delegation.zone, delegation.item.granting_department)
        and delegation.effective_from is not None,
        "evaluation_form": EvaluationForm(initial={"period": last_period}),
        "cases": scoped(delegation.case_records.all(), request.user).order_by("-period_end"),
        "may_record": access.is_zone_side(request.user, delegation.zone) and delegation.effective_from is not None,
        "case_form": CaseRecordForm(initial={"period": last_period}),
        "withdrawal_recommended": withdrawal_recommended,
    }


@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = selectors.get_delegation(request.user, pk)
    return render(request, "powers/delegation.html", _detail_context(request, delegation))


@login_required
@require_POST
def delegation_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    delegation = selectors.get_delegation(request.user, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        move = action.replace("-", "_")
        if move in CONFIRMED_MOVES:
            asked = confirm_first(
                request,
                question=CONFIRMED_MOVES[move] % {"item": delegation.item.name, "zone": delegation.zone.name},
                consequence=_("文号：%(no)s。该操作记入赋权日志，开发区和赋权部门都将看到。")
                % {"no": form.cleaned_data.get("document_no") or "—"},
                cancel_url=reverse("powers:delegation", args=[delegation.pk]),
            )
            if asked:
                return asked
        try:
            services.move(
                user=request.user, delegation=delegation, action=action.replace("-", "_"), **form.cleaned_data
            )
        except DomainError as exc:
            context = _detail_context(request, delegation)
            status = show_on_form(form, exc)
            context.update(move_form=form, failed_move=action)
            return render(request, "powers/delegation.html", context, status=status)
        messages.success(
            request, _("已办理：%(move)s。") % {"move": services.MOVE_LABELS.get(action.replace("-", "_"), action)}
        )
        return redirect("powers:delegation", pk=delegation.pk)
    context = _detail_context(request, delegation)
    context.update(move_form=form, failed_move=action)
    return render(request, "powers/delegation.html", context, status=400)


def _detail_form(
    request: HttpRequest, pk: int, form_class: type[forms.Form], key: str, write: Any, done: str
) -> HttpResponse:
    """A form posted from the delegation page: ``write(user=, delegation=, **cleaned_data)``;
    errors next to the fields on the page again (400, or the refusal's status)."""
    delegation = selectors.get_delegation(request.user, pk)
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            write(user=request.user, delegation=delegation, **form.cleaned_data)
        except DomainError as exc:
            status = show_on_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("powers:delegation", pk=delegation.pk)
    context = _detail_context(request, delegation)
    context[key] = form
    return render(request, "powers/delegation.html", context, status=status)


@login_required
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_form(request, pk, EvaluationForm, "evaluation_form", services.file_evaluation, _("评估已提交。"))


@login_required
@require_POST
def record_cases(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_form(request, pk, CaseRecordForm, "case_form", services.record_cases, _("办件情况已记录。"))


@login_required
def evaluations(request: HttpRequest) -> HttpResponse:
    """Evaluations owed (the last complete period's, overdue or due) and those filed, for the
    user's scope — a granting department its own, the province all — each list 50 a page."""
    owing, period, key, due_on = selectors.owed_list(request.user)
    owed = Paginator(owing, 50).get_page(request.GET.get("owed_page"))
    filed = selectors.evaluations_for(request.user)
    page = Paginator(filed, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "powers/evaluations.html",
        {"owed": owed, "owed_period": period, "overdue": key == "overdue", "due_on": due_on, "page": page},
    )


@login_required
def responsibilities(request: HttpRequest, code: str) -> HttpResponse:
    """The zone–county responsibility list: read by both sides, edited by the city (one line per item)."""
    zone = selectors.zone_in_scope(request.user, code)
    may_edit = access.may_edit_responsibilities(request.user, zone)
    form = ResponsibilityForm(request.POST or None) if may_edit else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_responsibility(user=request.user, zone=zone, **form.cleaned_data)
            except DomainError as exc:
                status = show_on_form(form, exc)
            else:
                messages.success(request, _("权责清单已保存。"))
                return redirect("powers:responsibilities", code=zone.code)
        else:
            status = 400
    rows = selectors.responsibilities_for(request.user).filter(zone=zone)
    return render(request, "powers/responsibilities.html", {"zone": zone, "rows": rows, "form": form}, status=status)

"""Pages of the 一区一策 plans: list, drafting, review, comparison (SPEC §1; ADR 0141)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.domain import Conflict
from devzone.domain.pages import show_on_form
from devzone.tenancy.scope import can
from devzone.web.confirm import confirm_first
from zones.plans.grants import DRAFT_PLAN, REVIEW_PLAN

from . import selectors, services
from .filters import PlanFilterSet
from .forms import PlanApproveForm, PlanCompareForm, PlanCreateForm, PlanForm, PlanReturnForm, PlanUnitFormSet
from .models import Plan, PlanSection, PlanState
from .services import UNITS_MAX

# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans: list, drafting, review, comparison (SPEC §1; ADR 0141)
# ---------------------------------------------------------------------------------------------

UNIT_PREFIXES = {"bodies": "internal_bodies", "agencies": "dispatched_agencies"}
# Where the service's errors on the unit lists go: on top of the form, named.
UNIT_LABELS = {"internal_bodies": _("内设机构"), "dispatched_agencies": _("派驻机构")}


def _plan_or_404(request: HttpRequest, pk: int) -> Plan:
    try:
        return selectors.plan_detail(user=request.user, pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    # The list's FilterSet, its zone choices cut to the user's zones, is the page's filter form.
    filterset = PlanFilterSet(request.GET or None, user=request.user)
    valid = filterset.is_valid() if filterset.is_bound else True
    plans: QuerySet[Plan] | list[Plan] = selectors.plan_list(user=request.user, filters=request.GET) if valid else []
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "zones/plan_list.html",
        {
            "form": filterset.form,
            "page": page,
            "can_draft": selectors.drafting_zones(request.user).exists(),
            "rule_set": selectors.plan_rule_set(timezone.localdate().year),
        },
        status=200 if valid else 400,
    )


def _detail(
    request: HttpRequest,
    plan: Plan,
    *,
    status: int = 200,
    violations: dict[str, list[str]] | None = None,
    return_form: PlanReturnForm | None = None,
    error: str = "",
) -> HttpResponse:
    """The plan page: sections with their comments and violations beside them, the log, actions."""
    plan = selectors.plan_detail(user=request.user, pk=plan.pk)
    actions = selectors.allowed_plan_actions(user=request.user, plan=plan)
    if "return" in actions and return_form is None:
        return_form = PlanReturnForm()
    violations = violations or {}
    comments = list(plan.comments.all())
    snapshots = list(plan.snapshots.all())
    latest = snapshots[-1].number if snapshots else None
    sections = selectors.plan_sections(selectors.plan_data(plan))
    for section in sections:
        slug = section["slug"]
        section["comments"] = [c for c in comments if c.section == slug]
        section["open_comments"] = plan.state == PlanState.RETURNED and any(
            c.snapshot.number == latest for c in section["comments"]
        )
        section["violations"] = violations.get(slug, [])
        section["comment_field"] = return_form[f"comment_{slug}"] if return_form is not None else None
    context = {
        "plan": plan,
        "sections": sections,
        "actions": actions,
        "return_form": return_form,
        "general_violations": [m for key, msgs in violations.items() if key not in PlanSection.values for m in msgs],
        "has_violations": bool(violations),
        "transitions": plan.transitions.all(),
        "snapshots": snapshots,
        "latest_submission": latest,
        "error": error,
    }
    return render(request, "zones/plan_detail.html", context, status=status)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _plan_or_404(request, pk))


def _unit_formsets(request: HttpRequest, data: dict[str, Any] | None = None) -> dict[str, Any]:
    if request.method == "POST":
        return {prefix: PlanUnitFormSet(request.POST, prefix=prefix) for prefix in UNIT_PREFIXES}
    data = data or {}
    return {
        prefix: PlanUnitFormSet(initial=data.get(key) or [], prefix=prefix) for prefix, key in UNIT_PREFIXES.items()
    }


def _plan_form_page(
    request: HttpRequest, form: PlanForm, formsets: dict[str, Any], *, plan: Plan | None, status: int = 200
) -> HttpResponse:
    # The reviewer's comments of the last return, beside the section they concern.
    comments: list[Any] = []
    if plan is not None and plan.state == PlanState.RETURNED:
        snapshots = list(plan.snapshots.all())
        latest = snapshots[-1].number if snapshots else None
        comments = [c for c in plan.comments.all() if c.snapshot.number == latest]
    groups = []
    for slug, title in PlanSection.choices:
        group = {
            "slug": slug,
            "title": title,
            "fields": form.section_fields(slug),
            "formsets": [],
            "comments": [c for c in comments if c.section == slug],
        }
        if slug == PlanSection.ORGANISATION:
            group["formsets"] = [
                {"prefix": "bodies", "label": _("内设机构"), "formset": formsets["bodies"]},
                {"prefix": "agencies", "label": _("派驻机构"), "formset": formsets["agencies"]},
            ]
        groups.append(group)
    context = {
        "form": form,
        "groups": groups,
        "plan": plan,
        "rule_set": selectors.plan_rule_set(timezone.localdate().year),
    }
    return render(request, "zones/plan_form.html", context, status=status)


def _form_data(form: PlanForm, formsets: dict[str, Any]) -> dict[str, Any]:
    data = form.plan_data()
    for prefix, key in UNIT_PREFIXES.items():
        data[key] = formsets[prefix].units()
    return data


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not selectors.drafting_zones(request.user).exists():
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, user=request.user, initial={"zone": request.GET.get("zone", "")})
    formsets = _unit_formsets(request)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        zone = selectors.drafting_zone(user=request.user, code=form.cleaned_data["zone"])
        try:
            plan = services.create_plan(user=request.user, zone=zone, data=_form_data(form, formsets))
        except (Conflict, ValidationError) as exc:
            show_on_form(form, exc, labels=UNIT_LABELS, conflict_field="zone")  # the page answers 400
        else:
            messages.success(request, _("已保存第 %(version)d 版草稿。") % {"version": plan.version})
            return redirect("plans:detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return _plan_form_page(request, form, formsets, plan=None, status=status)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    if not can(request.user, DRAFT_PLAN, plan):
        raise PermissionDenied
    try:
        services.check_editable(plan)
    except Conflict as exc:
        return _detail(request, plan, status=409, error=exc.detail)
    data = selectors.plan_input(plan)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(data))
    formsets = _unit_formsets(request, data)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        try:
            services.update_plan(user=request.user, plan=plan, data=_form_data(form, formsets))
        except Conflict as exc:
            return _detail(request, plan, status=409, error=exc.detail)
        except ValidationError as exc:
            show_on_form(form, exc, labels=UNIT_LABELS)
        else:
            messages.success(request, _("方案已保存。"))
            return redirect("plans:detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return _plan_form_page(request, form, formsets, plan=plan, status=status)


def _transition(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        run(plan)
    except Conflict as exc:
        return _detail(request, plan, status=409, error=exc.detail)
    except ValidationError as exc:
        return _detail(request, plan, status=400, violations=exc.message_dict)
    messages.success(request, done)
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, lambda plan: services.submit_plan(user=request.user, plan=plan), _("方案已报送省级审核。")
    )


@login_required
@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    if not can(request.user, REVIEW_PLAN, plan):
        raise PermissionDenied
    form = PlanReturnForm(request.POST)
    if not form.is_valid():
        return _detail(request, plan, status=400, return_form=form)
    asked = confirm_first(
        request,
        question=_("确定将 %(zone)s 的方案第 %(v)s 版退回市级修改？") % {"zone": plan.zone.name, "v": plan.version},
        consequence=_("退回后方案回到市级，审核意见送达市级；须由市级修改后重新报送。"),
        cancel_url=reverse("plans:detail", args=[plan.pk]),
    )
    if asked:
        return asked
    return _transition(
        request,
        pk,
        lambda p: services.return_plan(
            user=request.user,
            plan=p,
            comments=form.comments(),
            note=form.cleaned_data["note"],
            opinion=form.cleaned_data["opinion"],
            document_number=form.cleaned_data["document_number"],
        ),
        _("方案已退回，意见已送达市级。"),
    )


@login_required
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The approval's confirmation page (GET) and the approval itself (POST): irreversible — the
    plan in force is superseded and the zone's establishment changes — so it is asked first,
    with the 审批意见 and the 文号 it is issued under."""
    plan = _plan_or_404(request, pk)
    if not can(request.user, REVIEW_PLAN, plan):
        raise PermissionDenied
    if "approve" not in selectors.allowed_plan_actions(user=request.user, plan=plan):
        return _detail(
            request,
            plan,
            status=409,
            error=_("方案当前状态为“%(state)s”，不能批准（只有已报送的方案可以批准）。")
            % {"state": plan.get_state_display()},
        )
    form = PlanApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_plan(
                user=request.user,
                plan=plan,
                opinion=form.cleaned_data["opinion"],
                document_number=form.cleaned_data["document_number"],
            )
        except Conflict as exc:
            return _detail(request, plan, status=409, error=exc.detail)
        except ValidationError as exc:
            if set(exc.message_dict) <= {"opinion", "document_number"}:
                show_on_form(form, exc)
            else:
                return _detail(request, plan, status=400, violations=exc.message_dict)
        else:
            messages.success(request, _("方案已批准，开发区机构编制已按此方案更新。"))
            return redirect("plans:detail", pk=plan.pk)
    in_force = selectors.plan_in_force(plan.zone_id)
    context = {"plan": plan, "form": form, "in_force": in_force}
    return render(request, "zones/plan_approve.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        new = services.revise_plan(user=request.user, plan=plan)
    except Conflict as exc:
        return _detail(request, plan, status=409, error=exc.detail)
    messages.success(
        request, _("已在第 %(old)d 版基础上起草第 %(new)d 版。") % {"old": plan.version, "new": new.version}
    )
    return redirect("plans:edit", pk=new.pk)


def _default_pair(plan: Plan, revisions: list[selectors.PlanRevision]) -> tuple[str, str]:
    """Compare the plan's current content with what came just before it."""
    keys = [r.key for r in revisions]
    current = str(plan.pk)
    snapshots = list(plan.snapshots.all())
    if snapshots and plan.editable:
        before = f"{plan.pk}-{snapshots[-1].number}"  # a returned plan: last submission vs. the rework
    elif len(snapshots) > 1:
        before, current = f"{plan.pk}-{snapshots[-2].number}", f"{plan.pk}-{snapshots[-1].number}"
    else:
        index = keys.index(current)
        earlier = [r for r in revisions[:index] if r.plan.pk != plan.pk and r.snapshot is None]
        before = earlier[-1].key if earlier else current
    return before, current


@login_required
def plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    revisions = selectors.plan_revisions(user=request.user, zone=plan.zone)
    by_key = {r.key: r for r in revisions}
    default_a, default_b = _default_pair(plan, revisions)
    form = PlanCompareForm(request.GET or {"a": default_a, "b": default_b}, revisions=revisions)
    comparison = None
    status = 200
    if form.is_valid():
        comparison = selectors.compare_plans(by_key[form.cleaned_data["a"]], by_key[form.cleaned_data["b"]])
    else:
        status = 400
    return render(
        request, "zones/plan_compare.html", {"plan": plan, "form": form, "comparison": comparison}, status=status
    )


@login_required
def plan_unit_row(request: HttpRequest) -> HttpResponse:
    """htmx: one more empty row for the bodies/agencies formset (and its new total)."""
    prefix = request.GET.get("prefix", "")
    if prefix not in UNIT_PREFIXES:
        raise Http404
    try:
        index = int(request.GET.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    if not 0 <= index < UNITS_MAX:
        return HttpResponse(status=204)
    form = PlanUnitFormSet(prefix=prefix).empty_form
    form.prefix = f"{prefix}-{index}"
    return render(
        request, "zones/_plan_unit_row.html", {"form": form, "prefix": prefix, "total": index + 1, "oob": True}
    )

"""Pages of assessment and pay (SPEC §5; ADR 0501): the ranking (refreshing itself while stale),
a zone's assessment sheet (entering values), benchmarks, pools, the year (missing values, close,
reopen) and the indicator systems."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms import modelform_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from devzone.domain import Conflict, DomainError, Invalid
from devzone.domain.pages import flash, show_on_form
from devzone.tenancy import can, visible_zones
from devzone.web.confirm import confirm_first
from staffing.models import Staff
from zones.plans.models import EstablishmentUnit, EstablishmentUnitKind

from . import rules, selectors, services, sources
from .access import is_province_admin
from .forms import BenchmarkForm, InternalGradeForm, ReopenForm, ValueForm, WeightsForm
from .grants import ENTER_VALUES, MANAGE_BENCHMARKS
from .models import (
    AssessmentYear,
    DepartmentGrade,
    Group,
    Indicator,
    IndicatorSystem,
    InternalYear,
    RuleSet,
    StaffGrade,
)  # fmt: skip

# The ranking and the zone sheet poll for themselves (htmx): quickly while a figure is stale,
# slowly otherwise, so a page opened before a change shows the new figures without a button.
POLL_SECONDS = 2
IDLE_POLL_SECONDS = 6


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or ""
    if raw:
        try:
            year = int(raw)
        except ValueError:
            raise Http404 from None
        if not 2000 <= year <= 2100:
            raise Http404
        return year
    return selectors.default_year()


def _ranking_context(request: HttpRequest, year: int) -> dict[str, Any]:
    owed = selectors.owed_keys()
    groups = []
    for value, label in Group.choices:
        rows = list(selectors.result_list(request.user, {"year": year, "group": value}))
        groups.append({"value": value, "label": label, "rows": rows, "stale": (value, year) in owed})
    return {
        "year": year,
        "groups": groups,
        "stale": any(g["stale"] for g in groups),
        "poll": POLL_SECONDS,
        "idle_poll": IDLE_POLL_SECONDS,
    }


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    context = _ranking_context(request, year)
    context.update(
        years=selectors.years(),
        year_row=AssessmentYear.objects.filter(year=year).first(),
        is_province=is_province_admin(request.user),
    )
    return render(request, "assessment/ranking.html", context)


@login_required
def ranking_rows(request: HttpRequest) -> HttpResponse:
    """The ranking tables alone: what the page polls (htmx) while a figure is stale."""
    return render(request, "assessment/_ranking_rows.html", _ranking_context(request, _year(request)))


def _sheet_context(request: HttpRequest, code: str, year: int) -> dict[str, Any]:
    zone = selectors.zone_in_scope(request.user, code)
    context = selectors.zone_sheet(request.user, zone, year)
    context["poll"] = POLL_SECONDS
    context["idle_poll"] = IDLE_POLL_SECONDS
    return context


@login_required
def zone_sheet(request: HttpRequest, code: str) -> HttpResponse:
    year = _year(request)
    context = _sheet_context(request, code, year)
    zone = context["zone"]
    system = selectors.system_of(year, str(zone.level))
    may_enter = can(request.user, ENTER_VALUES, zone) and system is not None
    form = None
    status = 200
    if may_enter and system is not None:
        indicators = Indicator.objects.filter(dimension__system=system).select_related("dimension")
        form = ValueForm(request.POST or None, request.FILES or None, indicators=indicators)
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.save_value(
                        user=request.user, zone=zone, indicator=data["indicator"], value=data["value"],
                        period=data["period"], evidence=data["evidence"], third_party=data["third_party"] or None,
                        note=data["note"],
                    )  # fmt: skip
                except DomainError as exc:
                    status = show_on_form(form, exc)
                else:
                    messages.success(request, _("已保存，考核结果将自动重新计算。"))
                    return redirect(f"{request.path}?year={year}")
            else:
                status = 400
    elif request.method == "POST":
        raise PermissionDenied
    context.update(form=form, system=system)
    return render(request, "assessment/zone.html", context, status=status)


@login_required
def zone_sheet_live(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "assessment/_zone_live.html", _sheet_context(request, code, _year(request)))


@login_required
def pools(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = list(selectors.pool_list(request.user, {"year": year}))
    owed = selectors.owed_keys()
    stale = any((str(p.zone.level), year) in owed for p in rows)
    return render(
        request, "assessment/pools.html", {"year": year, "rows": rows, "stale": stale, "years": selectors.years()}
    )


@login_required
def benchmarks(request: HttpRequest) -> HttpResponse:
    zones = list(visible_zones(request.user, MANAGE_BENCHMARKS).order_by("code"))
    form = BenchmarkForm(request.POST or None, zones=zones, initial={"year": selectors.default_year()})
    status = 200
    if request.method == "POST":
        if not zones:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            zone = next(z for z in zones if z.code == data.pop("zone"))
            year = data.pop("year")
            try:
                if data.get("headcount") is None:
                    serving = sources.headcount([zone.pk], year).get(zone.pk)
                    if serving is None:
                        raise Invalid({"headcount": [_("开发区尚无在聘人员记录，请填写人数。")]})
                    data["headcount"] = serving
                services.save_benchmark(user=request.user, zone=zone, year=year, data=data)
            except DomainError as exc:
                status = show_on_form(form, exc)
            else:
                messages.success(request, _("基准已保存，绩效薪酬总量将自动重新计算。"))
                return redirect("assessment:benchmarks")
        else:
            status = 400
    rows = selectors.benchmark_list(request.user, request.GET)
    return render(
        request, "assessment/benchmarks.html", {"rows": rows[:500], "form": form if zones else None}, status=status
    )


@login_required
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    """Missing values per zone in scope, the year's state and log; the province closes or reopens it."""
    visible = set(visible_zones(request.user).values_list("pk", flat=True))
    missing = [m for m in selectors.missing_values(year) if m.zone.pk in visible]
    row = AssessmentYear.objects.filter(year=year).first()
    return render(
        request,
        "assessment/year.html",
        {
            "year": year,
            "row": row,
            "missing": missing,
            "events": list(row.events.select_related("by")) if row else [],
            "is_province": is_province_admin(request.user),
            "reopen_form": ReopenForm(),
        },
    )


@login_required
@require_POST
def close(request: HttpRequest, year: int) -> HttpResponse:
    if not is_province_admin(request.user):
        raise PermissionDenied
    asked = confirm_first(
        request,
        question=_("确定关闭并公布 %(year)s 年度考核？") % {"year": year},
        consequence=_("关闭后考核结果冻结并公布；重新开启须说明事由，并记入操作记录。"),
        cancel_url=reverse("assessment:year", args=[year]),
    )
    if asked:
        return asked
    try:
        services.close_year(user=request.user, year=year)
    except (Conflict, Invalid) as exc:  # a refusal (NotAllowed) is Django's 403 by itself
        flash(request, exc)
    else:
        messages.success(request, _("%(year)s 年度考核已关闭并公布。") % {"year": year})
    return redirect("assessment:year", year=year)


@login_required
@require_POST
def reopen(request: HttpRequest, year: int) -> HttpResponse:
    if not is_province_admin(request.user):
        raise PermissionDenied
    asked = confirm_first(
        request,
        question=_("确定重新开启 %(year)s 年度考核？") % {"year": year},
        consequence=_("重新开启后已公布的结果不再冻结，数据变化将重新计算等次。"),
        cancel_url=reverse("assessment:year", args=[year]),
    )
    if asked:
        return asked
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.reopen_year(user=request.user, year=year, reason=reason)
    except Invalid:
        messages.error(request, _("未能重新开启：请说明事由。"))
    except Conflict as exc:
        flash(request, exc)
    else:
        messages.success(request, _("%(year)s 年度已重新开启。") % {"year": year})
    return redirect("assessment:year", year=year)


@login_required
def system(request: HttpRequest, year: int, group: str) -> HttpResponse:
    """A year's indicator system of a group; the province copies it from the last year and sets weights."""
    if group not in Group.values:
        raise Http404
    province = is_province_admin(request.user)
    found = selectors.system_of(year, group)
    form = WeightsForm(request.POST or None, system=found) if (found and province) else None
    status = 200
    if request.method == "POST":
        if not province:
            raise PermissionDenied
        try:
            if found is None:
                services.copy_from_last(user=request.user, year=year, group=group)
                messages.success(request, _("已建立 %(year)s 年度指标体系。") % {"year": year})
                return redirect("assessment:system", year=year, group=group)
            assert form is not None
            if form.is_valid():
                services.set_weights(user=request.user, system=found, weights=form.cleaned_data)
                messages.success(request, _("分值已保存，考核结果将自动重新计算。"))
                return redirect("assessment:system", year=year, group=group)
            status = 400
        except DomainError as exc:
            if form is None:
                raise
            status = show_on_form(form, exc)
    others = IndicatorSystem.objects.values_list("year", "group").order_by("-year", "group")
    return render(
        request,
        "assessment/system.html",
        {
            "year": year,
            "group": group,
            "group_label": Group(group).label,
            "system": found,
            "form": form,
            "is_province": province,
            "others": list(others),
            "problems": services.system_problems(found) if found else [],
        },
        status=status,
    )


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    """Every distribution plan of the zones in scope (the city: every plan of its city)."""
    rows = list(selectors.plan_list(request.user, request.GET))
    return render(request, "assessment/plans.html", {"rows": rows})


PLAN_QUESTION = (
    gettext_lazy("确定将 %(zone)s %(year)s 年度绩效薪酬分配方案报市备案？"),
    gettext_lazy("备案后方案锁定：不再随绩效薪酬总量重新计算，内部考核也不能再重新开启。"),
)


def _plan_context(request: HttpRequest, row: Any) -> dict[str, Any]:
    return {
        "plan": row, "lines": selectors.plan_lines(row), "poll": POLL_SECONDS, "idle_poll": IDLE_POLL_SECONDS,
        "stale": not row.filed and selectors.is_stale(services.group_of(row.zone), row.year),
        "pool": selectors.current_pool(row.zone, row.year),
    }  # fmt: skip


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A zone's distribution plan: the lines, whether it is filed; a draft follows its zone's pool
    (the recompute worker redoes it) and the page refreshes itself while the pool is recomputed.
    The zone's officers recompute it by hand or file it with the city (asked to confirm first)."""
    row = selectors.get_plan(request.user, pk)
    may_act = can(request.user, ENTER_VALUES, row.zone)
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "file" and (
            asked := confirm_first(
                request,
                question=PLAN_QUESTION[0] % {"zone": row.zone.name, "year": row.year},
                consequence=str(PLAN_QUESTION[1]),
                cancel_url=request.path,
            )
        ):
            return asked
        try:
            if action == "file":
                services.file_plan(user=request.user, plan=row)
                messages.success(request, _("分配方案已报市备案并锁定。"))
            elif action == "recompute":
                services.compute_plan(user=request.user, zone=row.zone, year=row.year)
                messages.success(request, _("分配方案已按当前绩效薪酬总量重新计算。"))
            else:
                messages.error(request, _("未知的操作。"))
        except (Conflict, Invalid) as exc:  # NotAllowed is Django's 403 by itself
            flash(request, exc)
        return redirect("assessment:plan", row.pk)
    context = _plan_context(request, row)
    context["may_act"] = may_act and not row.filed
    return render(request, "assessment/plan.html", context)


@login_required
def plan_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's figures and lines alone: what the page polls (htmx)."""
    return render(request, "assessment/_plan_live.html", _plan_context(request, selectors.get_plan(request.user, pk)))


# --- internal grades, department headcount proposals (ADR 0504) ---------------------------------


@login_required
def internal_index(request: HttpRequest) -> HttpResponse:
    """The zones in scope with their internal year's state and how many grades they hold."""
    year = _year(request)

    def count(model: Any) -> Any:  # a correlated count: no join of people × departments
        rows = model.objects.filter(zone=OuterRef("pk"), year=year).order_by().values("zone")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)

    zones = list(
        visible_zones(request.user)
        .annotate(people=count(StaffGrade), departments=count(DepartmentGrade))
        .order_by("code")
    )
    closed = set(
        InternalYear.objects.filter(zone__in=zones, year=year, closed_at__isnull=False).values_list(
            "zone_id", flat=True
        )
    )
    return render(
        request,
        "assessment/internal_index.html",
        {"year": year, "zones": zones, "closed": closed, "years": selectors.years()},
    )


def _internal_forms(request: HttpRequest, zone: Any, data: Any = None) -> tuple[InternalGradeForm, InternalGradeForm]:
    units = EstablishmentUnit.objects.filter(establishment__zone=zone, kind=EstablishmentUnitKind.INTERNAL)
    people = Staff.objects.filter(zone=zone).order_by("name", "id").values_list("pk", "name", "department__name")
    department_form = InternalGradeForm(
        data if data and data.get("action") == "department" else None, prefix="department",
        targets=[(u.pk, u.name) for u in units.order_by("order", "id")], target_label=_("部门"),
    )  # fmt: skip
    staff_form = InternalGradeForm(
        data if data and data.get("action") == "staff" else None, prefix="staff",
        targets=[(pk, f"{name}（{dept or '—'}）") for pk, name, dept in people], target_label=_("人员"),
    )  # fmt: skip
    return department_form, staff_form


# Closing or reopening a zone's internal year asks first (ADR 0029): (question, consequence).
INTERNAL_QUESTIONS = {
    "close": (
        gettext_lazy("确定关闭 %(year)s 年度内部考核？"),
        gettext_lazy("关闭时按等次比例核对；关闭后等次用于绩效分配、编制调整建议和续聘。"),
    ),
    "reopen": (
        gettext_lazy("确定重新开启 %(year)s 年度内部考核？"),
        gettext_lazy("重新开启后可修改等次，已据此编制的分配方案需重新核对。"),
    ),
}


@login_required
def internal_sheet(request: HttpRequest, code: str) -> HttpResponse:
    """A zone's internal grades of a year: departments and people with the 任务绩效 / 管理绩效 /
    综合评价 breakdown, the S quota as it stands; the zone's officers enter grades, close (the quota
    is enforced then, with the counts) and reopen."""
    zone = selectors.zone_in_scope(request.user, code)
    year = _year(request)
    may_enter = can(request.user, ENTER_VALUES, zone)
    status = 200
    data = request.POST if request.method == "POST" else None
    if data is not None and not may_enter:
        raise PermissionDenied
    department_form, staff_form = _internal_forms(request, zone, data) if may_enter else (None, None)
    if data is not None:
        action = data.get("action")
        here = f"{request.path}?year={year}"
        try:
            if action in ("department", "staff"):
                form = department_form if action == "department" else staff_form
                assert form is not None
                if not form.is_valid():
                    status = 400
                else:
                    c = form.cleaned_data
                    parts = {k: c.get(k) for k in rules.PARTS}
                    try:
                        if action == "department":
                            unit = EstablishmentUnit.objects.get(pk=c["target"])
                            services.save_department_grade(
                                user=request.user, zone=zone, department=unit, year=year, grade=c["grade"],
                                score=c.get("score"), parts=parts,
                            )  # fmt: skip
                        else:
                            person = Staff.objects.get(pk=c["target"], zone=zone)
                            services.save_staff_grade(
                                user=request.user, staff=person, year=year, grade=c["grade"], score=c.get("score"),
                                parts=parts,
                            )  # fmt: skip
                    except DomainError as exc:
                        status = show_on_form(form, exc)
                    else:
                        messages.success(request, _("考核等次已保存。"))
                        return redirect(here)
            elif action in INTERNAL_QUESTIONS and (
                asked := confirm_first(
                    request,
                    question=INTERNAL_QUESTIONS[action][0] % {"year": year},
                    consequence=str(INTERNAL_QUESTIONS[action][1]),
                    cancel_url=here,
                )
            ):
                return asked
            elif action == "close":
                services.close_internal_year(user=request.user, zone=zone, year=year)
                messages.success(request, _("%(year)s 年度内部考核已关闭。") % {"year": year})
                return redirect(here)
            elif action == "reopen":
                services.reopen_internal_year(user=request.user, zone=zone, year=year)
                messages.success(request, _("%(year)s 年度内部考核已重新开启。") % {"year": year})
                return redirect(here)
            elif action == "plan":
                plan = services.compute_plan(user=request.user, zone=zone, year=year)
                messages.success(request, _("分配方案已按当前绩效薪酬总量编制。"))
                return redirect("assessment:plan", plan.pk)
            else:
                status = 400
                messages.error(request, _("未知的操作。"))
        except (Conflict, Invalid) as exc:  # NotAllowed is Django's 403 by itself
            flash(request, exc)
            return redirect(here)
    context = selectors.internal_sheet(zone, year)
    context.update(may_enter=may_enter, department_form=department_form, staff_form=staff_form, years=selectors.years())
    return render(request, "assessment/internal.html", context, status=status)


@login_required
def headcount(request: HttpRequest) -> HttpResponse:
    """Department headcount adjustment proposals from the closed department grades (seed 002 §八(三))."""
    year = _year(request)
    zone = request.GET.get("zone") or None
    rows = selectors.headcount_proposals(request.user, year, zone, limit=HEADCOUNT_ROWS + 1)
    more = len(rows) > HEADCOUNT_ROWS
    changes = services.internal_headcount_changes(services.rule_set_for(year))
    context = {"year": year, "rows": rows[:HEADCOUNT_ROWS], "more": more, "zone": zone, "changes": changes,
               "years": selectors.years(), "limit": HEADCOUNT_ROWS}  # fmt: skip
    return render(request, "assessment/headcount.html", context)


HEADCOUNT_ROWS = 500


@login_required
def rule_set(request: HttpRequest) -> HttpResponse:
    """The rule set in force for a year — grades, coefficients, the cap, the internal quota, the
    breakdown's weights, the S–D coefficients and the headcount changes — every figure rule-set
    data; the province edits it (a change raises the version and owes a recompute)."""
    year = _year(request)
    found = services.rule_set_for(year)
    if found is None:
        raise Http404
    province = is_province_admin(request.user)
    form_class = modelform_factory(RuleSet, fields=services.RULE_FIELDS)
    form = form_class(request.POST or None, instance=RuleSet.objects.get(pk=found.pk))
    status = 200
    if request.method == "POST":
        if not province:
            raise PermissionDenied
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in form.changed_data}
            try:
                services.update_rule_set(user=request.user, rule_set=found, data=data)
            except DomainError as exc:
                status = show_on_form(form, exc)
            else:
                messages.success(request, _("考核规则已保存，考核结果将自动重新计算。"))
                return redirect(f"{request.path}?year={year}")
        else:
            status = 400
    context = {"year": year, "rule_set": found, "form": form if province else None, "years": selectors.years(),
               "fields": [(form[name].label, getattr(found, name)) for name in services.RULE_FIELDS]}  # fmt: skip
    return render(request, "assessment/rules.html", context, status=status)

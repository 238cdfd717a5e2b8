"""Pages of staffing, mounted at ``/staffing/`` (namespace ``staffing``): the zones' establishment
figures, a zone's establishment and posts, its roster, a staff record, its rounds, a round from
draft to closed, renewals. Every write goes through ``services``; refusals are shown on the page."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from devzone.domain import DomainError, Invalid
from devzone.domain.pages import flash, show_on_form
from devzone.tenancy import scoped
from devzone.web.confirm import confirm_first

from . import rules, selectors, services
from .filters import StaffFilter
from .forms import (
    ApplicationForm,
    ContractForm,
    DecideObjectionForm,
    GradeForm,
    ObjectionForm,
    PostForm,
    PublicityForm,
    RenewalForm,
    RoundForm,
    StaffForm,
    UnplacedForm,
)
from .models import Objection, Offer, RenewalDecision, RoundState, Unplaced


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The zones in scope with their establishment as a ledger."""
    panel = selectors.home_figures(request.user) or {"staffing_rows": []}
    return render(request, "staffing/index.html", {"panel": panel})


def _manage_or_403(request: HttpRequest, zone: Any) -> None:
    if not selectors.may_manage(request.user, zone):
        raise PermissionDenied


@login_required
def establishment(request: HttpRequest, code: str) -> HttpResponse:
    """Cap / serving / reserved / free overall, per department and for leadership; the posts; a
    form to add a post (HR officers)."""
    view = selectors.establishment(request.user, code)
    may = selectors.may_manage(request.user, view.zone)
    form = PostForm(request.POST or None, zone=view.zone) if may else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_post(user=request.user, zone=view.zone, data=form.cleaned_data)
                messages.success(request, _("岗位已保存。"))
                return redirect("staffing:establishment", code)
            except DomainError as exc:
                status = show_on_form(form, exc)
        else:
            status = 400
    return render(
        request,
        "staffing/establishment.html",
        {"view": view, "posts": list(selectors.posts_of(view.zone)), "form": form, "may_manage": may},
        status=status,
    )


@login_required
def roster(request: HttpRequest, code: str) -> HttpResponse:
    """The zone's staff, filtered by ``StaffFilter`` (as the API and the export), masked IDs."""
    zone = selectors.zone_in_scope(request.user, code)
    params = request.GET.copy()
    params["zone"] = zone.code
    fs = StaffFilter(params)
    valid = fs.is_valid()
    rows = selectors.staff_list(request.user, params) if valid else selectors.staff_for(request.user).none()
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    full = selectors.sees_full_ids(request.user, zone)
    for s in page.object_list:
        s.shown_id = s.id_number if full else s.masked_id  # type: ignore[attr-defined]
    query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "page" and v)
    return render(
        request,
        "staffing/roster.html",
        {
            "zone": zone,
            "filter": fs,
            "page": page,
            "query": query,
            "may_manage": selectors.may_manage(request.user, zone),
        },
        status=200 if valid else 400,
    )


def _staff_data(form: StaffForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if not data.get("id_number"):
        data.pop("id_number", None)
    return data


@login_required
def staff_new(request: HttpRequest, code: str) -> HttpResponse:
    zone = selectors.zone_in_scope(request.user, code)
    _manage_or_403(request, zone)
    form = StaffForm(request.POST or None, zone=zone)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                staff = services.save_staff(user=request.user, zone=zone, data=_staff_data(form))
                return redirect("staffing:staff", staff.pk)
            except DomainError as exc:
                status = show_on_form(form, exc)
        else:
            status = 400
    return render(request, "staffing/staff_form.html", {"zone": zone, "form": form}, status=status)


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff record: both tracks, contract, grades, renewal decisions; edit (HR officers)."""
    staff = selectors.get_staff(request.user, pk)
    may = selectors.may_manage(request.user, staff.zone)
    initial = {f: getattr(staff, f) for f in services.STAFF_FIELDS}
    form = StaffForm(request.POST or None, zone=staff.zone, initial=initial) if may else None
    grade_form = GradeForm(prefix="g") if may else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if "g-year" in request.POST:
            grade_form = GradeForm(request.POST, prefix="g")
            if grade_form.is_valid():
                try:
                    services.enter_grade(user=request.user, staff=staff, **grade_form.cleaned_data)
                    return redirect("staffing:staff", staff.pk)
                except DomainError as exc:
                    status = show_on_form(grade_form, exc)
            else:
                status = 400
            form = StaffForm(zone=staff.zone, initial=initial)
        elif form.is_valid():
            try:
                services.save_staff(user=request.user, zone=staff.zone, staff=staff, data=_staff_data(form))
                messages.success(request, _("人员信息已保存。"))
                return redirect("staffing:staff", staff.pk)
            except DomainError as exc:
                status = show_on_form(form, exc)
        else:
            status = 400
    full = selectors.sees_full_ids(request.user, staff.zone)
    return render(
        request,
        "staffing/staff.html",
        {
            "staff": staff,
            "shown_id": staff.id_number if full else staff.masked_id,
            "form": form,
            "grade_form": grade_form,
            "grades": list(staff.grades.order_by("-year")),
            "renewals": list(staff.renewals.select_related("decided_by").order_by("-term_end")),
        },
        status=status,
    )


@login_required
def rounds(request: HttpRequest, code: str) -> HttpResponse:
    """The zone's rounds; a new round with its posts and places (HR officers)."""
    zone = selectors.zone_in_scope(request.user, code)
    may = selectors.may_manage(request.user, zone)
    form = RoundForm(request.POST or None) if may else None
    posts = list(selectors.posts_of(zone))
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        chosen = []
        try:
            for post in posts:
                raw = request.POST.get(f"places-{post.pk}", "").strip()
                if raw:
                    chosen.append((post, int(raw)))
        except ValueError:
            form.add_error(None, _("岗位数额应为整数。"))
        if form.is_valid():
            try:
                rnd = services.create_round(user=request.user, zone=zone, posts=chosen, **form.cleaned_data)
                return redirect("staffing:round", rnd.pk)
            except DomainError as exc:
                status = show_on_form(form, exc)
        else:
            status = 400
    rows = selectors.round_list(request.user, {"zone": zone.code})
    return render(
        request,
        "staffing/rounds.html",
        {"zone": zone, "rounds": rows, "form": form, "posts": posts, "may_manage": may},
        status=status,
    )


def _round_context(request: HttpRequest, rnd: Any, **extra: Any) -> dict[str, Any]:
    may = selectors.may_manage(request.user, rnd.zone)
    record = selectors.round_record(rnd)
    full = selectors.sees_full_ids(request.user, rnd.zone)
    for block in record["posts"]:
        for a in block["applications"]:
            a.shown_id = a.id_number if full else a.masked_id
    moves = [(a, services.ROUND_LABELS[a]) for a in services.round_flow.allowed(rnd.state)] if may else []
    context = {
        **record,
        "may_manage": may,
        "moves": moves,
        "application_form": ApplicationForm(round=rnd) if may and rnd.state == RoundState.OPEN else None,
        "publicity_form": PublicityForm(prefix="p"),
        "contract_form": ContractForm(prefix="c"),
        "objection_form": ObjectionForm(prefix="o"),
        "decide_form": DecideObjectionForm(prefix="d"),
        "unplaced_form": UnplacedForm(prefix="u"),
        "rules": services.rule_set(),
    }
    context.update(extra)
    return context


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = selectors.get_round(request.user, pk)
    return render(request, "staffing/round.html", _round_context(request, rnd))


def _decimal(raw: str) -> Decimal | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise Invalid({"written_score": [_("成绩应为数字。")]}) from None


# What a round's one-way steps do, said on the confirmation page (ADR 0029).
ROUND_CONSEQUENCES = {
    "open": gettext_lazy("报名开始后岗位和名额不能再修改。"),
    "start_scoring": gettext_lazy("报名截止后不能再登记报名。"),
    "publish": gettext_lazy("排名将按成绩确定并公布，不能再修改成绩。"),
    "start_offers": gettext_lazy("将按排名向拟录用人员发出录用通知，录用人员占用岗位员额。"),
    "start_publicity": gettext_lazy("录用结果将进入公示期。"),
    "end_publicity": gettext_lazy("公示结束后不能再登记异议。"),
    "close": gettext_lazy("本轮结束后不能再办理本轮的任何事项。"),
    "expire": gettext_lazy("逾期未答复的录用通知将视为放弃，岗位员额释放。"),
}


def _ask_round(request: HttpRequest, rnd: Any, action: str) -> HttpResponse | None:
    label = services.ROUND_LABELS.get(action) or _("处理逾期未答复")
    return confirm_first(
        request,
        question=_("确定%(move)s？此步骤不可撤回。") % {"move": label},
        consequence=str(ROUND_CONSEQUENCES.get(action, "")),
        cancel_url=reverse("staffing:round", args=[rnd.pk]),
    )


@login_required
@require_POST
def round_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every button of the round's page: a move, an application, the scores, an expiry run."""
    rnd = selectors.get_round(request.user, pk)
    _manage_or_403(request, rnd.zone)
    if action in rules.ROUND_TRANSITIONS or action == "expire":
        asked = _ask_round(request, rnd, action)
        if asked:
            return asked
    try:
        if action in rules.ROUND_TRANSITIONS:
            on = None
            if action == "start_publicity":
                pform = PublicityForm(request.POST, prefix="p")
                if not pform.is_valid():
                    raise Invalid({"on": [_("请填写公示开始日期。")]})
                on = pform.cleaned_data["on"]
            services.move_round(user=request.user, round=rnd, action=action, on=on)
        elif action == "apply":
            form = ApplicationForm(request.POST, round=rnd)
            if not form.is_valid():
                status = 400
                return render(
                    request, "staffing/round.html", _round_context(request, rnd, application_form=form), status=status
                )
            data = form.cleaned_data
            rp = rnd.round_posts.get(pk=data["post"])
            try:
                services.apply(
                    user=request.user,
                    round=rnd,
                    round_post=rp,
                    preference=data["preference"],
                    staff=data["staff"],
                    name=data["name"],
                    id_number=data["id_number"],
                    education=data["education"],
                )
            except DomainError as exc:
                status = show_on_form(form, exc)
                return render(
                    request, "staffing/round.html", _round_context(request, rnd, application_form=form), status=status
                )
        elif action == "scores":
            for app in rnd.applications.filter(eligible=True):
                w = request.POST.get(f"written-{app.pk}")
                i = request.POST.get(f"interview-{app.pk}")
                if w is None and i is None:
                    continue
                services.enter_scores(
                    user=request.user, application=app, written=_decimal(w or ""), interview=_decimal(i or "")
                )
        elif action == "expire":
            services.expire_offers(user=request.user, round=rnd)
        elif action == "unplaced":
            uform = UnplacedForm(request.POST, prefix="u")
            row = (
                scoped(Unplaced.objects.all(), request.user).filter(round=rnd, pk=request.POST.get("row") or 0).first()
            )
            if row is None:
                raise Http404
            if not uform.is_valid():
                raise Invalid({"outcome": [_("请选择处置类别并填写处置结果。")]})
            services.handle_unplaced(user=request.user, row=row, **uform.cleaned_data)
        else:
            raise Http404
    except DomainError as exc:
        flash(request, exc)
    return redirect("staffing:round", rnd.pk)


OFFER_QUESTIONS = {
    "accept": gettext_lazy("确定记录 %(name)s 接受录用？"),
    "decline": gettext_lazy("确定记录 %(name)s 放弃录用？"),
    "contract": gettext_lazy("确定与 %(name)s 签订合同？"),
    "decide": gettext_lazy("确定处理对 %(name)s 的异议？"),
}
OFFER_CONSEQUENCES = {
    "accept": gettext_lazy("接受后该人员占用岗位员额，并通知开发区人事。"),
    "decline": gettext_lazy("放弃后录用通知失效，岗位员额释放，不能恢复。"),
    "contract": gettext_lazy("签订后该人员转为在岗，合同期按规则计算。"),
    "decide": gettext_lazy("异议成立将撤回录用通知，岗位员额释放。"),
}


@login_required
@require_POST
def offer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """An offer's buttons: accept, decline, contract, objection; and deciding an objection."""
    offer = scoped(Offer.objects.select_related("round__zone", "application"), request.user).filter(pk=pk).first()
    if offer is None:
        raise Http404
    _manage_or_403(request, offer.round.zone)
    if action in OFFER_QUESTIONS:
        asked = confirm_first(
            request,
            question=OFFER_QUESTIONS[action] % {"name": offer.application.name},
            consequence=str(OFFER_CONSEQUENCES[action]),
            cancel_url=reverse("staffing:round", args=[offer.round_id]),
        )
        if asked:
            return asked
    try:
        if action in ("accept", "decline"):
            services.respond(user=request.user, offer=offer, accept=action == "accept")
        elif action == "contract":
            cform = ContractForm(request.POST, prefix="c")
            if not cform.is_valid():
                raise Invalid({"start": [_("请填写合同开始日期。")]})
            services.sign_contract(user=request.user, offer=offer, start=cform.cleaned_data["start"])
        elif action == "objection":
            oform = ObjectionForm(request.POST, prefix="o")
            if not oform.is_valid():
                raise Invalid({"text": [_("请填写异议内容。")]})
            services.raise_objection(user=request.user, offer=offer, text=oform.cleaned_data["text"])
        elif action == "decide":
            dform = DecideObjectionForm(request.POST, prefix="d")
            objection = Objection.objects.filter(offer=offer, pk=request.POST.get("objection") or 0).first()
            if objection is None:
                raise Http404
            if not dform.is_valid():
                raise Invalid({"finding": [_("请填写核查意见。")]})
            services.decide_objection(user=request.user, objection=objection, **dform.cleaned_data)
        else:
            raise Http404
    except DomainError as exc:
        flash(request, exc)
    return redirect("staffing:round", offer.round_id)


@login_required
def renewals(request: HttpRequest, code: str) -> HttpResponse:
    """Staff whose term ends within half a year, with their last years' grades and the system's
    proposal; a person's decision with a reason (HR officers)."""
    zone = selectors.zone_in_scope(request.user, code)
    may = selectors.may_manage(request.user, zone)
    status = 200
    form = RenewalForm()
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        staff = selectors.staff_for(request.user).filter(zone=zone, pk=request.POST.get("staff") or 0).first()
        if staff is None:
            raise Http404
        form = RenewalForm(request.POST)
        if form.is_valid():
            try:
                services.decide_renewal(user=request.user, staff=staff, **form.cleaned_data)
                messages.success(request, _("决定已记录。"))
                return redirect("staffing:renewals", zone.code)
            except DomainError as exc:
                status = show_on_form(form, exc)
        else:
            status = 400
    decided = list(
        scoped(RenewalDecision.objects.all(), request.user)
        .filter(staff__zone=zone)
        .select_related("staff", "decided_by")
        .order_by("-decided_at")[:50]
    )
    return render(
        request,
        "staffing/renewals.html",
        {
            "zone": zone,
            "due": selectors.renewals_due(request.user, zone),
            "decided": decided,
            "form": form,
            "may_manage": may,
        },
        status=status,
    )

"""Every write of the delegated-power register (ADR 0201): catalogue, delegations and their
life-cycle, evaluations, the responsibility list. Keyword-only, atomic, the kit's errors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Invalid, NotAllowed, Step, Workflow, model_update, moves_from
from devzone.tenancy import can
from devzone.types import User
from zones.registry.models import Zone

from . import access, rules
from .grants import MANAGE_POWERS
from .models import (
    CaseRecord,
    Delegation,
    DelegationMode,
    DelegationStatus,
    DelegationTransition,
    Evaluation,
    PowerItem,
    Recommendation,
    Responsibility,
)

ITEM_FIELDS = ("code", "name", "type", "legal_basis", "granting_level", "granting_department", "domain", "stage")
DELEGATION_FIELDS = ("mode", "build_before_acceptance", "tolerance_approval", "notify_commitment", "duties", "note")
# Several items to several zones in one action: a bound so that one click cannot write a province.
MAX_PAIRS = 2000

MOVE_LABELS = {
    "delegate": gettext_lazy("赋权"),
    "take_on": gettext_lazy("承接"),
    "defer": gettext_lazy("缓放"),
    "withdraw": gettext_lazy("收回"),
}
FIELD_LABELS = {
    "document_no": gettext_lazy("文号"),
    "reason": gettext_lazy("理由"),
    "fallback_mode": gettext_lazy("替代方式"),
}


def _log(step: Step[Delegation]) -> None:
    DelegationTransition.objects.create(
        delegation=step.obj,
        action=step.action,
        from_state=step.source,
        to_state=step.target,
        effective_on=step.extra["effective_on"],
        document_no=step.extra.get("document_no", ""),
        reason=step.note,
        fallback_mode=step.extra.get("fallback_mode", ""),
        user=step.user if step.user is not None and step.user.is_authenticated else None,
    )


delegation_flow: Workflow[Delegation] = Workflow(
    Delegation,
    moves_from(rules.DELEGATION_TRANSITIONS, labels=MOVE_LABELS),
    log=_log,
    state_field="status",
    select_related=("zone", "item"),
)


# --- catalogue -----------------------------------------------------------------------------


def _require_keeper(user: User) -> None:
    if not access.may_keep_catalogue(user):
        raise NotAllowed(_("只有省、市工作人员可以维护赋权事项目录。"))


@transaction.atomic
def create_item(*, user: User, data: dict[str, Any]) -> PowerItem:
    _require_keeper(user)
    item = PowerItem(**{k: v for k, v in data.items() if k in ITEM_FIELDS})
    if PowerItem.objects.filter(code=item.code).exists():
        raise Invalid({"code": [_("事项编码“%(code)s”已存在。") % {"code": item.code}]})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def update_item(*, user: User, item: PowerItem, data: dict[str, Any]) -> PowerItem:
    _require_keeper(user)
    if "code" in data and data["code"] != item.code and PowerItem.objects.filter(code=data["code"]).exists():
        raise Invalid({"code": [_("事项编码“%(code)s”已存在。") % {"code": data["code"]}]})
    item, _changed = model_update(item, data, fields=list(ITEM_FIELDS), clean=True)
    return item


# --- delegations ---------------------------------------------------------------------------


def _require_granting(user: User, zone: Zone, item: PowerItem) -> None:
    if not access.is_granting_side(user, zone, item.granting_department):
        raise NotAllowed(_("只有该事项的赋权部门或省级管理员可以办理此操作。"))


def _require_zone_side(user: User, zone: Zone) -> None:
    if not access.is_zone_side(user, zone):
        raise NotAllowed(_("只有承接赋权的开发区可以办理此操作。"))


@transaction.atomic
def create_delegations(
    *,
    user: User,
    items: Iterable[PowerItem],
    zones: Iterable[Zone],
    mode: str,
    status: str = rules.PROPOSED,
    document_no: str = "",
    effective_from: date | None = None,
    effective_to: date | None = None,
    build_before_acceptance: bool = False,
    tolerance_approval: bool = False,
    notify_commitment: bool = False,
    duties: str = "",
    note: str = "",
) -> list[Delegation]:
    """Delegate each item to each zone in one action (one item → many zones, many items → one
    zone). ``status`` ``delegated`` proposes and delegates at once (文号 and date required).
    All or nothing: the first bad pair rejects the whole action."""
    items, zones = list(dict.fromkeys(items)), list(dict.fromkeys(zones))
    errors: dict[str, list[str]] = {}
    if not items:
        errors["item"] = [_("请选择至少一个事项。")]
    if not zones:
        errors["zone"] = [_("请选择至少一个开发区。")]
    if len(items) * len(zones) > MAX_PAIRS:
        errors["item"] = [_("一次最多办理 %(n)s 项赋权。") % {"n": MAX_PAIRS}]
    if mode not in DelegationMode.values:
        errors["mode"] = [_("未知的赋权方式“%(mode)s”。") % {"mode": mode}]
    if status not in (rules.PROPOSED, rules.DELEGATED):
        errors["status"] = [_("新建赋权的状态只能是“拟赋权”或“已赋权”。")]
    if rules.dates_problem(effective_from, effective_to):
        errors["effective_to"] = [_("终止日期不能早于生效日期。")]
    if status == rules.DELEGATED:
        if not document_no.strip():
            errors["document_no"] = [_("赋权必须填写文号。")]
        if effective_from is None:
            errors["effective_from"] = [_("赋权必须填写生效日期。")]
    if errors:
        raise Invalid(errors)
    for zone in zones:
        for item in items:
            _require_granting(user, zone, item)
    taken = set(
        Delegation.objects.filter(zone__in=zones, item__in=items, status__in=rules.ACTIVE_STATES).values_list(
            "zone__name", "item__code"
        )
    )
    if taken:
        zone_name, code = sorted(taken)[0]
        raise Invalid({"item": [_("事项 %(code)s 已赋予%(zone)s，不能重复赋权。") % {"code": code, "zone": zone_name}]})
    today = timezone.localdate()
    created = []
    for zone in zones:
        for item in items:
            delegation = Delegation(
                zone=zone,
                item=item,
                mode=mode,
                document_no=document_no.strip(),
                build_before_acceptance=build_before_acceptance,
                tolerance_approval=tolerance_approval,
                notify_commitment=notify_commitment,
                duties=duties,
                note=note,
                created_by=user if user.is_authenticated else None,
            )
            try:
                with transaction.atomic():
                    delegation.save()
            except IntegrityError:
                raise Invalid(
                    {"item": [_("事项 %(code)s 已赋予该开发区，不能重复赋权。") % {"code": item.code}]}
                ) from None
            DelegationTransition.objects.create(
                delegation=delegation,
                action="propose",
                from_state="",
                to_state=rules.PROPOSED,
                effective_on=min(today, effective_from) if effective_from else today,
                document_no=delegation.document_no,
                user=delegation.created_by,
            )
            if status == rules.DELEGATED:
                assert effective_from is not None
                delegation = move(
                    user=user,
                    delegation=delegation,
                    action="delegate",
                    document_no=document_no,
                    effective_on=effective_from,
                    effective_to=effective_to,
                )
            created.append(delegation)
    return created


@transaction.atomic
def update_delegation(*, user: User, delegation: Delegation, data: dict[str, Any]) -> Delegation:
    """Change what a delegation says (mode, innovations, duties, note); its status moves only by
    :func:`move`, its dates only with a move."""
    if "status" in data and data["status"] != delegation.status:
        allowed = delegation_flow.allowed(delegation.status)
        raise Invalid(
            {
                "status": [
                    _("状态只能通过流转操作变更（当前可以：%(moves)s）。")
                    % {"moves": "、".join(str(MOVE_LABELS[a]) for a in allowed) or _("无")}
                ]
            }
        )
    _require_granting(user, delegation.zone, delegation.item)
    if "mode" in data and data["mode"] not in DelegationMode.values:
        raise Invalid({"mode": [_("未知的赋权方式“%(mode)s”。") % {"mode": data["mode"]}]})
    delegation, _changed = model_update(delegation, data, fields=list(DELEGATION_FIELDS), clean=True)
    return delegation


def _move_problems(action: str, values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, code in rules.transition_problems(action, values).items():
        if code == "required":
            errors[name] = [
                _("%(move)s必须填写%(field)s。") % {"move": MOVE_LABELS[action], "field": FIELD_LABELS[name]}
            ]
        else:
            errors[name] = [_("缓放期间只能以加挂牌子或派驻人员方式替代。")]
    return errors


def move(
    *,
    user: User,
    delegation: Delegation,
    action: str,
    document_no: str = "",
    effective_on: date | None = None,
    reason: str = "",
    fallback_mode: str = "",
    effective_to: date | None = None,
) -> Delegation:
    """One life-cycle move with its log row (who, when, why, 文号). ``effective_on`` (default
    today) is the day the move takes effect: ``delegate`` opens the valid time on it, ``withdraw``
    closes it there. Illegal moves are :class:`Conflict` naming the moves allowed."""
    if action not in delegation_flow.moves:
        raise Invalid({"action": [_("未知的操作“%(action)s”。") % {"action": action}]})
    if not can(user, MANAGE_POWERS, delegation.zone) and not user.is_superuser:
        raise NotAllowed(_("您不能管理该开发区的赋权事项。"))
    if action in rules.GRANTING_MOVES:
        _require_granting(user, delegation.zone, delegation.item)
    else:
        _require_zone_side(user, delegation.zone)
    effective_on = effective_on or timezone.localdate()
    values = {"document_no": document_no, "reason": reason, "fallback_mode": fallback_mode}
    with delegation_flow.transition(delegation, action, user=user, note=reason.strip()) as step:
        errors = _move_problems(action, values)
        last = step.obj.transitions.order_by("-effective_on", "-id").values_list("effective_on", flat=True).first()
        if last is not None and effective_on < last:
            errors["effective_on"] = [
                _("生效日期不能早于上一次流转的生效日期（%(day)s）。") % {"day": last.isoformat()}
            ]
        if errors:
            raise Invalid(errors)
        obj = step.obj
        if action == "delegate":
            if rules.dates_problem(effective_on, effective_to):
                raise Invalid({"effective_to": [_("终止日期不能早于生效日期。")]})
            obj.effective_from = effective_on
            obj.effective_to = effective_to
            obj.document_no = document_no.strip()
        elif action == "defer":
            obj.fallback_mode = fallback_mode
        elif action == "take_on":
            obj.fallback_mode = ""
        elif (
            action == "withdraw"
            and obj.effective_from is not None
            and (obj.effective_to is None or obj.effective_to > effective_on)
        ):
            obj.effective_to = max(effective_on, obj.effective_from)
        step.extra.update(effective_on=effective_on, document_no=document_no.strip(), fallback_mode=fallback_mode)
    return step.obj


def _rules_in_force() -> rules.EvaluationRules:
    """The evaluation rule set in force today (the rule-set table; ADR 0203)."""
    from .selectors import evaluation_rules

    return evaluation_rules()


def _period_errors(delegation: Delegation, period: str, rule_set: rules.EvaluationRules) -> dict[str, list[str]]:
    """A period an evaluation or a case record may be about: well formed, begun, and one in which
    the delegation was in force."""
    if not rules.is_period(period, rule_set):
        example = rules.period_of(timezone.localdate(), rule_set)
        return {
            "period": [_("期间“%(period)s”格式不对（应如 %(example)s）。") % {"period": period, "example": example}]
        }
    if rules.period_bounds(period, rule_set)[0] > timezone.localdate():
        return {"period": [_("期间 %(period)s 尚未开始。") % {"period": period}]}
    if not rules.evaluation_owed(period, delegation.effective_from, delegation.effective_to, rule_set):
        return {"period": [_("该赋权在 %(period)s 内未生效。") % {"period": period}]}
    return {}


# --- evaluations ---------------------------------------------------------------------------


@transaction.atomic
def file_evaluation(
    *,
    user: User,
    delegation: Delegation,
    period: str,
    cases_handled: int,
    on_time_rate: Decimal,
    rating: str,
    recommendation: str,
    problems: str = "",
    rule_set: rules.EvaluationRules | None = None,
) -> Evaluation:
    """The granting department's evaluation of one delegation for one period. A ``withdraw``
    recommendation is a proposed withdrawal the department then confirms (:func:`move`)."""
    _require_granting(user, delegation.zone, delegation.item)
    errors = _period_errors(delegation, period, rule_set or _rules_in_force())
    if not errors:
        start, end = rules.label_bounds(period)
        # By dates, not labels: a yearly evaluation covers its half-years (ADR 0204).
        filed = (
            Evaluation.objects.filter(delegation=delegation, period_start__lte=end, period_end__gte=start)
            .values_list("period", flat=True)
            .first()
        )
        if filed is not None:
            errors["period"] = [_("该赋权 %(period)s 的评估已提交。") % {"period": filed}]
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [_("未知的建议“%(value)s”。") % {"value": recommendation}]
    if errors:
        raise Invalid(errors)
    evaluation = Evaluation(
        delegation=delegation,
        period=period,
        cases_handled=cases_handled,
        on_time_rate=on_time_rate,
        rating=rating,
        recommendation=recommendation,
        problems=problems,
        evaluated_by=user if user.is_authenticated else None,
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


# --- cases handled (the zone's own record) -----------------------------------------------------


@transaction.atomic
def record_cases(
    *,
    user: User,
    delegation: Delegation,
    period: str,
    cases_handled: int,
    on_time: int,
    note: str = "",
    rule_set: rules.EvaluationRules | None = None,
) -> CaseRecord:
    """The zone records (or corrects) the cases it handled under a delegation in a period."""
    _require_zone_side(user, delegation.zone)
    errors = _period_errors(delegation, period, rule_set or _rules_in_force())
    if on_time > cases_handled:
        errors["on_time"] = [_("按时办结件数不能多于办件量。")]
    if errors:
        raise Invalid(errors)
    row = CaseRecord.objects.filter(delegation=delegation, period=period).first() or CaseRecord(
        delegation=delegation, period=period
    )
    row.cases_handled, row.on_time, row.note = cases_handled, on_time, note
    row.recorded_by = user if user.is_authenticated else None
    row.full_clean()
    row.save()
    return row


# --- responsibility list --------------------------------------------------------------------


@transaction.atomic
def save_responsibility(
    *, user: User, zone: Zone, item: PowerItem, zone_duties: str, county_duties: str, handover: str = ""
) -> Responsibility:
    """Set the zone's and the county's duties for one item (the city edits, both sides read)."""
    if not access.may_edit_responsibilities(user, zone):
        raise NotAllowed(_("权责清单由市级编制。"))
    row = Responsibility.objects.filter(zone=zone, item=item).first() or Responsibility(zone=zone, item=item)
    row.zone_duties, row.county_duties, row.handover = zone_duties, county_duties, handover
    row.full_clean()
    row.save()
    return row


STATUS_LABELS = dict(DelegationStatus.choices)


# --- Excel: a register as people keep it today ------------------------------------------------

# The moves that bring a new delegation to each state an import may start it in.
IMPORT_PATHS: dict[str, tuple[str, ...]] = {
    rules.PROPOSED: (),
    rules.DELEGATED: ("delegate",),
    rules.TAKEN_ON: ("delegate", "take_on"),
    rules.DEFERRED: ("delegate", "defer"),
}


def import_problems(status: str, document_no: str, effective_from: date | None, fallback_mode: str) -> dict[str, str]:
    """What a new imported row lacks for the state it starts in (no query)."""
    problems: dict[str, str] = {}
    if status not in IMPORT_PATHS:
        problems["status"] = _("导入只能新建拟赋权、已赋权、已承接或缓放的赋权；收回请通过流转办理。")
        return problems
    if status != rules.PROPOSED:
        if not document_no.strip():
            problems["document_no"] = _("已生效的赋权必须填写文号。")
        if effective_from is None:
            problems["effective_from"] = _("已生效的赋权必须填写生效日期。")
    if status == rules.DEFERRED and fallback_mode not in rules.FALLBACK_MODES:
        problems["fallback_mode"] = _("缓放的赋权须注明替代方式（加挂牌子或派驻人员）。")
    if status != rules.DEFERRED and fallback_mode:
        problems["fallback_mode"] = _("只有缓放的赋权填写替代方式。")
    return problems


def import_delegation(*, user: User, zone: Zone, item: PowerItem, data: dict[str, Any]) -> Delegation:
    """A delegation from an import row, brought to its state with one log row per move, all
    dated on its ``effective_from`` (the import checked side and input: ``import_problems``)."""
    _require_granting(user, zone, item)
    delegation, log = new_imported_delegation(user=user, zone=zone, item=item, data=data)
    delegation.save()
    for row in log:
        row.delegation = delegation
    DelegationTransition.objects.bulk_create(log)
    return delegation


def check_delegation_update(delegation: Delegation, data: dict[str, Any]) -> None:
    """What :func:`update_delegation` checks of the values, without a query (a bulk import that
    checked the granting side for the file)."""
    if "mode" in data and data["mode"] not in DelegationMode.values:
        raise Invalid({"mode": [_("未知的赋权方式“%(mode)s”。") % {"mode": data["mode"]}]})


def new_imported_delegation(
    *, user: User, zone: Zone, item: PowerItem, data: dict[str, Any]
) -> tuple[Delegation, list[DelegationTransition]]:
    """The unsaved delegation of an import row and its unsaved log rows (no query): the caller
    checked the granting side, saves the delegation and then the log (one by one or in bulk)."""
    status = data["status"]
    since = data.get("effective_from")
    delegation = Delegation(
        zone=zone,
        item=item,
        mode=data["mode"],
        status=status,
        document_no=data.get("document_no", "").strip(),
        effective_from=since if status != rules.PROPOSED else None,
        fallback_mode=data.get("fallback_mode", "") if status == rules.DEFERRED else "",
        build_before_acceptance=data.get("build_before_acceptance", False),
        tolerance_approval=data.get("tolerance_approval", False),
        notify_commitment=data.get("notify_commitment", False),
        duties=data.get("duties", ""),
        created_by=user if user.is_authenticated else None,
    )
    on = since or timezone.localdate()
    log = [DelegationTransition(action="propose", from_state="", to_state=rules.PROPOSED)]
    source = rules.PROPOSED
    for action in IMPORT_PATHS[status]:
        target = rules.DELEGATION_TRANSITIONS[action][1]
        log.append(DelegationTransition(action=action, from_state=source, to_state=target))
        source = target
    for row in log:
        row.delegation = delegation
        row.effective_on = on
        row.document_no = delegation.document_no
        row.fallback_mode = delegation.fallback_mode if row.to_state == rules.DEFERRED else ""
        row.user = delegation.created_by
        row.reason = _("导入") if row.action != "propose" else ""
    return delegation, log

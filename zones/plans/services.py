"""Every write to 一区一策 plans: drafting, the workflow (submit, return, approve, revise) and the establishment."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Conflict, Invalid, Step, Workflow, model_update, moves_from
from devzone.domain.fields import length_of
from devzone.types import User
from zones.plans.grants import DRAFT_PLAN, REVIEW_PLAN
from zones.plans.hooks import run_approval_checks
from zones.registry.models import Zone
from zones.registry.services import account, require

from . import events, rules, selectors
from .models import (
    OPEN_PLAN_STATES,
    EstablishmentUnit,
    EstablishmentUnitKind,
    FinanceModel,
    Plan,
    PlanAgency,
    PlanBody,
    PlanBodyBound,
    PlanComment,
    PlanRuleSet,
    PlanSection,
    PlanSnapshot,
    PlanState,
    PlanTransition,
    ZoneEstablishment,
)

# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans: drafting, the workflow, the establishment (SPEC §1, ADR 0141)
# ---------------------------------------------------------------------------------------------


# Input limits (the serializer and the page form use the same figures). A text stored in a model
# field has its limit on the field (ADR 0011); a section's text (in ``Plan.sections``) has its own.
PLAN_TEXT_MAX = 20000
UNIT_NAME_MAX = length_of(PlanBody, "name")
UNIT_DUTIES_MAX = length_of(PlanBody, "duties")
UNITS_MAX = 50
COMMENT_MAX = length_of(PlanComment, "text")
DOCUMENT_NUMBER_MAX = length_of(PlanTransition, "document_number")
FIGURE_MAX = {"leadership_posts": 100, "headcount_cap": 100000, "contract_term_years": 10}
PLAN_TEXT_FIELDS = ("leadership_note", "hiring_mode", "exit_rule")
PLAN_TEXT_LIMITS = {name: length_of(Plan, name) for name in PLAN_TEXT_FIELDS}


def clean_plan_input(data: dict[str, Any]) -> dict[str, Any]:
    """Check the editable content of a plan (types, limits, unique names); ``ValidationError``
    by field, in Chinese. Completeness is not checked here: a draft may be unfinished; the rule
    set is applied at submission."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for name, top in FIGURE_MAX.items():
        if name not in data:
            continue
        value = data[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            errors.setdefault(name, []).append(_("请输入整数。"))
        elif value is not None and not 0 <= value <= top:
            errors.setdefault(name, []).append(_("应在 0 到 %(max)d 之间。") % {"max": top})
        else:
            out[name] = value
    for name in PLAN_TEXT_FIELDS:
        if name in data:
            value = data[name] or ""
            if not isinstance(value, str) or len(value) > PLAN_TEXT_LIMITS[name]:
                errors.setdefault(name, []).append(_("文字不能超过 %(max)d 字。") % {"max": PLAN_TEXT_LIMITS[name]})
            else:
                out[name] = value.strip()
    if "finance_model" in data:
        value = data["finance_model"] or ""
        if value and value not in FinanceModel.values:
            errors.setdefault("finance_model", []).append(_("财政管理方式无效。"))
        else:
            out["finance_model"] = value
    if "sections" in data:
        sections = data["sections"] or {}
        if not isinstance(sections, dict):
            errors.setdefault("sections", []).append(_("各部分正文应为“部分标识: 文字”的对象。"))
        else:
            for slug, text in sections.items():
                if slug not in PlanSection.values:
                    errors.setdefault("sections", []).append(_("未知的方案部分：%(slug)s。") % {"slug": slug})
                elif not isinstance(text, str) or len(text) > PLAN_TEXT_MAX:
                    errors.setdefault("sections", []).append(
                        _("“%(section)s”正文不能超过 %(max)d 字。")
                        % {"section": PlanSection(slug).label, "max": PLAN_TEXT_MAX}
                    )
            out["sections"] = {slug: (text or "").strip() for slug, text in sections.items()}
    for key, label in (("internal_bodies", _("内设机构")), ("dispatched_agencies", _("派驻机构"))):
        if key not in data:
            continue
        units = data[key] or []
        problems = _unit_problems(units, label)
        if problems:
            errors[key] = problems
        else:
            out[key] = [{"name": u["name"].strip(), "duties": (u.get("duties") or "").strip()} for u in units]
    if errors:
        raise Invalid(errors)
    return out


def _unit_problems(units: Any, label: str) -> list[str]:
    if not isinstance(units, list):
        return [_("%(label)s应为列表。") % {"label": label}]
    if len(units) > UNITS_MAX:
        return [_("%(label)s最多 %(max)d 个。") % {"label": label, "max": UNITS_MAX}]
    problems: list[str] = []
    seen: set[str] = set()
    for i, unit in enumerate(units, start=1):
        name = unit.get("name") if isinstance(unit, dict) else None
        duties = unit.get("duties", "") if isinstance(unit, dict) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(_("%(label)s第 %(n)d 项未填写名称。") % {"label": label, "n": i})
            continue
        name = name.strip()
        if len(name) > UNIT_NAME_MAX:
            problems.append(_("%(label)s“%(name)s”名称过长。") % {"label": label, "name": name[:20]})
        if duties is not None and (not isinstance(duties, str) or len(duties) > UNIT_DUTIES_MAX):
            problems.append(
                _("%(label)s“%(name)s”的职责不能超过 %(max)d 字。")
                % {"label": label, "name": name, "max": UNIT_DUTIES_MAX}
            )
        if name in seen:
            problems.append(_("%(label)s“%(name)s”重复。") % {"label": label, "name": name})
        seen.add(name)
    return problems


def _sync_units(plan: Plan, model: type[PlanBody] | type[PlanAgency], units: list[dict[str, str]]) -> None:
    """Make the plan's bodies (or agencies) exactly ``units``, matching rows by name."""
    existing: dict[str, PlanBody | PlanAgency] = {u.name: u for u in model.objects.filter(plan=plan)}
    wanted = {u["name"] for u in units}
    for name, stale in existing.items():
        if name not in wanted:
            stale.delete()
    for order, unit in enumerate(units, start=1):
        row = existing.get(unit["name"])
        if row is None:
            model.objects.create(plan=plan, name=unit["name"], duties=unit["duties"], order=order)
        else:
            model_update(row, {"duties": unit["duties"], "order": order}, fields=("duties", "order"))


def _apply_plan_input(plan: Plan, cleaned: dict[str, Any]) -> None:
    for name in (*FIGURE_MAX, *PLAN_TEXT_FIELDS, "finance_model"):
        if name in cleaned:
            setattr(plan, name, cleaned[name])
    if "sections" in cleaned:
        merged = {**(plan.sections or {}), **cleaned["sections"]}
        plan.sections = {slug: merged[slug] for slug in rules.SECTIONS if merged.get(slug)}
    plan.save()
    if "internal_bodies" in cleaned:
        _sync_units(plan, PlanBody, cleaned["internal_bodies"])
    if "dispatched_agencies" in cleaned:
        _sync_units(plan, PlanAgency, cleaned["dispatched_agencies"])


def _log_step(step: Step[Plan]) -> None:
    PlanTransition.objects.create(
        plan=step.obj,
        from_state=step.source,
        to_state=step.target,
        user=account(step.user) if step.user is not None else None,
        note=step.note,
        opinion=step.extra.get("opinion", ""),
        document_number=step.extra.get("document_number", ""),
        snapshot=step.extra.get("snapshot"),
    )


# The workflow (ADR 0141, 0008): the moves are data in ``rules.PLAN_TRANSITIONS``; a move locks the
# plan, checks its state, sets the new one and writes a ``PlanTransition`` row.
plan_flow: Workflow[Plan] = Workflow(
    Plan,
    moves_from(
        rules.PLAN_TRANSITIONS,
        labels={
            "submit": gettext_lazy("报送"),
            "return": gettext_lazy("退回"),
            "approve": gettext_lazy("批准"),
            "supersede": gettext_lazy("替代"),
        },
        permissions={"submit": DRAFT_PLAN, "return": REVIEW_PLAN, "approve": REVIEW_PLAN},
        refusals={
            "submit": gettext_lazy("方案当前状态为“%(state)s”，不能报送（只有草稿或已退回的方案可以报送）。"),
            "return": gettext_lazy("方案当前状态为“%(state)s”，不能退回（只有已报送的方案可以退回）。"),
            "approve": gettext_lazy("方案当前状态为“%(state)s”，不能批准（只有已报送的方案可以批准）。"),
        },
    ),
    log=_log_step,
    select_related=("zone",),
)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > COMMENT_MAX:
        raise Invalid({"note": [_("说明不能超过 %(max)d 字。") % {"max": COMMENT_MAX}]})
    return note


def _clean_decision(opinion: str, document_number: str) -> tuple[str, str]:
    """A reviewer's 审批意见 and 文号, checked (both optional here; the page asks for them)."""
    opinion = (opinion or "").strip()
    document_number = " ".join((document_number or "").split())
    errors: dict[str, list[str]] = {}
    if len(opinion) > COMMENT_MAX:
        errors["opinion"] = [_("审批意见不能超过 %(max)d 字。") % {"max": COMMENT_MAX}]
    if len(document_number) > DOCUMENT_NUMBER_MAX:
        errors["document_number"] = [_("文号不能超过 %(max)d 字。") % {"max": DOCUMENT_NUMBER_MAX}]
    if errors:
        raise Invalid(errors)
    return opinion, document_number


def check_editable(plan: Plan) -> None:
    """``Conflict`` unless ``plan`` is a draft or returned (the edit page asks before showing the form)."""
    if not plan.editable:
        raise Conflict(
            _("方案当前状态为“%(state)s”，不能修改（只有草稿或已退回的方案可以修改）。")
            % {"state": plan.get_state_display()},
            state=plan.state,
            allowed=plan_flow.allowed(plan.state),
        )


@transaction.atomic
def create_plan(*, user: User, zone: Zone, data: dict[str, Any], based_on: Plan | None = None) -> Plan:
    """A city officer starts a new version of a zone's plan (a draft). One plan in progress per zone."""
    require(user, DRAFT_PLAN, zone, _("您无权为该开发区编制一区一策方案。"))
    cleaned = clean_plan_input(data)
    zone = Zone.objects.select_for_update().get(pk=zone.pk)  # serialises version numbers per zone
    open_plan = Plan.objects.filter(zone=zone, state__in=OPEN_PLAN_STATES).first()
    if open_plan is not None:
        raise Conflict(
            _("该开发区已有未办结的方案（第 %(version)d 版，%(state)s），请在该方案上继续修改。")
            % {"version": open_plan.version, "state": open_plan.get_state_display()},
            state=open_plan.state,
        )
    last = Plan.objects.filter(zone=zone).order_by("-version").values_list("version", flat=True).first() or 0
    if based_on is None:
        based_on = Plan.objects.filter(zone=zone, state=PlanState.APPROVED).first()
    plan = Plan(zone=zone, version=last + 1, state=PlanState.DRAFT, created_by=account(user), based_on=based_on)
    _apply_plan_input(plan, cleaned)
    PlanTransition.objects.create(
        plan=plan,
        from_state="",
        to_state=plan.state,
        user=account(user),
        note=_("起草第 %(version)d 版。") % {"version": plan.version},
    )
    return plan


@transaction.atomic
def update_plan(*, user: User, plan: Plan, data: dict[str, Any]) -> Plan:
    """Change a draft or returned plan; a submitted, approved or superseded one is locked (409)."""
    require(user, DRAFT_PLAN, plan, _("您无权修改该方案。"))
    plan = plan_flow.lock(plan)
    check_editable(plan)
    _apply_plan_input(plan, clean_plan_input(data))
    return plan


@transaction.atomic
def revise_plan(*, user: User, plan: Plan) -> Plan:
    """Start the next version from an approved (or superseded) one: a draft with its content."""
    if plan.state not in rules.REVISABLE_STATES:
        require(user, DRAFT_PLAN, plan, _("您无权为该开发区编制一区一策方案。"))
        raise Conflict(
            _("只能在已批准或已被替代的方案基础上起草新版本，该方案当前状态为“%(state)s”。")
            % {"state": plan.get_state_display()},
            state=plan.state,
            allowed=plan_flow.allowed(plan.state),
        )
    return create_plan(user=user, zone=plan.zone, data=selectors.plan_input(plan), based_on=plan)


def plan_violations(plan: Plan, *, year: int | None = None) -> list[rules.Violation]:
    """The rule set in force checked against the plan as it stands now."""
    rule_set = selectors.plan_rule_set(year or timezone.localdate().year)
    if rule_set is None:
        raise Invalid({"non_field_errors": [_("没有适用于本年度的方案审核规则，请联系省级管理员。")]})
    return rules.validate_plan(selectors.plan_figures(selectors.plan_data(plan)), selectors.rules_of(rule_set))


@transaction.atomic
def submit_plan(*, user: User, plan: Plan, note: str = "") -> Plan:
    """Draft/returned → submitted, if the plan passes the province's rule set. Freezes a snapshot.

    Rule violations are an ``Invalid`` keyed by section slug, messages in Chinese.
    """
    denied = _("您无权报送该方案。")
    plan_flow.require(user, "submit", plan, denied)  # before the note is checked, as the move itself does
    note = _clean_note(note)
    with plan_flow.transition(plan, "submit", user=user, note=note, denied=denied) as step:
        plan = step.obj
        violations = plan_violations(plan)
        if violations:
            raise Invalid(selectors.violation_messages(violations))
        number = PlanSnapshot.objects.filter(plan=plan).count() + 1
        step.extra["snapshot"] = PlanSnapshot.objects.create(
            plan=plan, number=number, data=selectors.plan_data(plan), created_by=account(user)
        )
        plan.submitted_at = timezone.now()
    events.plan_submitted(step.obj, by=user)
    return step.obj


def _latest_snapshot(plan: Plan) -> PlanSnapshot | None:
    return PlanSnapshot.objects.filter(plan=plan).order_by("-number").first()


@transaction.atomic
def return_plan(
    *,
    user: User,
    plan: Plan,
    comments: list[dict[str, str]],
    note: str = "",
    opinion: str = "",
    document_number: str = "",
) -> Plan:
    """Submitted → returned, with the reviewer's comments on the sections to rework, and the
    reviewer's overall 审批意见 and 文号 (optional) on the log."""
    denied = _("您无权审核该方案。")
    plan_flow.require(user, "return", plan, denied)
    note = _clean_note(note)
    opinion, document_number = _clean_decision(opinion, document_number)
    errors: list[str] = []
    cleaned: list[tuple[str, str]] = []
    for item in comments or []:
        section, text = (item or {}).get("section") or "", ((item or {}).get("text") or "").strip()
        if section not in PlanSection.values:
            errors.append(_("未知的方案部分：%(slug)s。") % {"slug": section})
        elif len(text) > COMMENT_MAX:
            errors.append(_("意见不能超过 %(max)d 字。") % {"max": COMMENT_MAX})
        elif text:
            cleaned.append((section, text))
    if not errors and not cleaned:
        errors.append(_("退回时请至少对一个部分提出意见。"))
    if errors:
        raise Invalid({"comments": errors})
    with plan_flow.transition(plan, "return", user=user, note=note, denied=denied) as step:
        snapshot = step.extra["snapshot"] = _latest_snapshot(step.obj)
        step.extra.update(opinion=opinion, document_number=document_number)
        PlanComment.objects.bulk_create(
            PlanComment(plan=step.obj, snapshot=snapshot, section=section, text=text, author=account(user))
            for section, text in cleaned
        )
    events.plan_returned(step.obj, by=user)
    return step.obj


@transaction.atomic
def approve_plan(*, user: User, plan: Plan, note: str = "", opinion: str = "", document_number: str = "") -> Plan:
    """Submitted → approved, with the approver, the 审批意见 and the 文号 on the plan and its log.
    The plan in force before it is superseded, and the approved figures become the zone's
    establishment, on record with the version they came from."""
    denied = _("您无权审核该方案。")
    plan_flow.require(user, "approve", plan, denied)
    note = _clean_note(note)
    opinion, document_number = _clean_decision(opinion, document_number)
    Zone.objects.select_for_update().filter(pk=plan.zone_id).first()  # one approval per zone at a time
    with plan_flow.transition(plan, "approve", user=user, note=note, denied=denied) as step:
        plan = step.obj
        for previous in Plan.objects.filter(zone_id=plan.zone_id, state=PlanState.APPROVED):
            plan_flow.run(
                previous, "supersede", user=user, note=_("被第 %(version)d 版替代。") % {"version": plan.version}
            )
        step.extra["snapshot"] = _latest_snapshot(plan)
        step.extra.update(opinion=opinion, document_number=document_number)
        plan.approved_at = timezone.now()
        plan.approved_by = account(user)
        plan.approval_opinion = opinion
        plan.approval_number = document_number
    _write_establishment(step.obj, step.extra["snapshot"])
    events.plan_approved(step.obj, by=user)
    return step.obj


def _write_establishment(plan: Plan, snapshot: PlanSnapshot | None) -> ZoneEstablishment:
    """The approved submission's figures become the zone's establishment (staffing reads it)."""
    data = snapshot.data if snapshot is not None else {}
    missing = [name for name in ("headcount_cap", "leadership_posts") if not data.get(name)]
    if missing or snapshot is None:
        raise Invalid(
            {
                name: [_("方案未载明该数字，不能据此核定机构编制。")] for name in missing
            }  # the rule set may not require it
        )
    establishment = ZoneEstablishment.objects.select_for_update().filter(zone_id=plan.zone_id).first()
    run_approval_checks(plan.zone, data)  # e.g. staffing: posts in a dropped body, cap below serving + reserved
    if establishment is None:
        establishment = ZoneEstablishment(zone_id=plan.zone_id)
    establishment.headcount_cap = data["headcount_cap"]
    establishment.leadership_posts = data["leadership_posts"]
    establishment.contract_term_years = data.get("contract_term_years")
    establishment.source_plan = plan
    establishment.source_version = plan.version
    establishment.source_submission = snapshot.number
    establishment.approved_at = plan.approved_at or timezone.now()  # set by the approval just made
    establishment.save()
    for kind, key in (
        (EstablishmentUnitKind.INTERNAL, "internal_bodies"),
        (EstablishmentUnitKind.DISPATCHED, "dispatched_agencies"),
    ):
        units = data.get(key) or []
        existing = {u.name: u for u in EstablishmentUnit.objects.filter(establishment=establishment, kind=kind)}
        wanted = {u["name"] for u in units}
        for name, stale in existing.items():
            if name not in wanted:
                stale.delete()
        for order, unit in enumerate(units, start=1):
            row = existing.get(unit["name"])
            if row is None:
                EstablishmentUnit.objects.create(
                    establishment=establishment, kind=kind, name=unit["name"], duties=unit["duties"], order=order
                )
            else:
                model_update(row, {"duties": unit["duties"], "order": order}, fields=("duties", "order"))
    return establishment


@transaction.atomic
def ensure_default_plan_rules() -> PlanRuleSet:
    """The shipped default rule set, created if missing; existing rows are left as the province set them."""
    from zones import rule_defaults

    rule_set = rule_defaults.load(PlanRuleSet, PlanBodyBound)
    assert isinstance(rule_set, PlanRuleSet)  # load() also serves the migration's historical models
    return rule_set

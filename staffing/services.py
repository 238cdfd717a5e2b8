"""Every write of staffing (ADR 0301): posts, staff, rounds and their moves, offers through the
one locked ledger path, publicity, contracts, unplaced staff, renewal decisions.

The ledger: the zone's establishment row and the post row are locked (``SELECT … FOR UPDATE``,
always in that order: establishment, round, post) in the transaction that writes an offer, a
contract, a serving staff record or a post's places; the sums are read under the lock, so
serving + reserved never exceed the cap nor a post's places, whoever acts at the same moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Conflict, Invalid, NotAllowed, NotFound, Step, Workflow, model_update, moves_from
from devzone.tenancy import can
from devzone.types import User
from devzone.workdays.services import add_working_days
from zones.plans.models import EstablishmentUnit, EstablishmentUnitKind, ZoneEstablishment
from zones.registry.models import Zone

from . import events, rules
from .grants import MANAGE_STAFFING
from .models import (
    COUNTED,
    Application,
    ApplicationStatus,
    FileIdentity,
    IndividualGrade,
    Objection,
    ObjectionOutcome,
    Offer,
    OfferState,
    Post,
    RenewalDecision,
    RenewalDecisionKind,
    Round,
    RoundEvent,
    RoundKind,
    RoundPost,
    RoundState,
    Staff,
    StaffingRuleSet,
    StaffStatus,
    Unplaced,
    UnplacedCategory,
)


def _account(user: User | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def require_manage(user: User, zone: Zone) -> None:
    if not can(user, MANAGE_STAFFING, zone):
        raise NotAllowed(_("您无权管理该开发区的岗位与人员。"))


# --- The rule set ---------------------------------------------------------------------------


def rule_set(year: int | None = None) -> rules.StaffingRules:
    """The rule set in force in ``year`` (default this year): the latest ``effective_year`` not
    after it; the shipped defaults when there is none."""
    year = year or timezone.localdate().year
    row = StaffingRuleSet.objects.filter(effective_year__lte=year).order_by("-effective_year").first()
    if row is None:
        row = StaffingRuleSet.objects.order_by("effective_year").first()
    return row.as_rules() if row is not None else rules.StaffingRules()


def load_default_rules(model: Any = StaffingRuleSet) -> None:
    """Create the shipped rule set if missing (migration and ``seed_demo``; idempotent). An early
    migration's model lacks the later fields: they take their column defaults."""
    known = {f.name for f in model._meta.get_fields()}
    fields = {k: v for k, v in rules.DEFAULT_RULES.items() if k != "effective_year" and k in known}
    model._default_manager.get_or_create(effective_year=rules.DEFAULT_RULES["effective_year"], defaults=fields)


# --- The ledger -----------------------------------------------------------------------------


def establishment_of(zone: Zone | int, *, lock: bool = False) -> ZoneEstablishment:
    zone_id = zone if isinstance(zone, int) else zone.pk
    qs = ZoneEstablishment.objects.all()
    if lock:
        qs = qs.select_for_update()
    est = qs.filter(zone_id=zone_id).first()
    if est is None:
        raise Conflict(_("该开发区尚无经批准的一区一策方案核定的机构编制，不能设岗或聘任。"))
    return est


def zone_ledger(zone_id: int, cap: int) -> rules.Ledger:
    serving = Staff.objects.filter(zone_id=zone_id, status__in=COUNTED).count()
    reserved = Offer.objects.filter(round__zone_id=zone_id, state__in=rules.HOLDING, takes_zone_place=True).count()
    return rules.Ledger(cap=cap, serving=serving, reserved=reserved)


def post_ledger(post: Post) -> rules.Ledger:
    serving = Staff.objects.filter(post=post, status__in=COUNTED).count()
    reserved = Offer.objects.filter(post=post, state__in=rules.HOLDING).count()
    return rules.Ledger(cap=post.places, serving=serving, reserved=reserved)


def _no_zone_place(ledger: rules.Ledger) -> Conflict:
    return Conflict(
        _("员额已满：员额总数 %(cap)d，在聘 %(serving)d，已发录用通知 %(reserved)d，空余 %(free)d。")
        % {"cap": ledger.cap, "serving": ledger.serving, "reserved": ledger.reserved, "free": ledger.free}
    )


def _no_post_place(post: Post, ledger: rules.Ledger) -> Conflict:
    return Conflict(
        _("岗位“%(post)s”已无空余：岗位数额 %(cap)d，在岗 %(serving)d，已发录用通知 %(reserved)d。")
        % {"post": post.title, "cap": ledger.cap, "serving": ledger.serving, "reserved": ledger.reserved}
    )


def check_revised_plan(zone: Zone, figures: Mapping[str, Any]) -> None:
    """Registered with ``zones.plans.hooks``: refuse an approval whose figures would cut the cap
    below serving + reserved, or drop an internal body still holding posts (with the numbers)."""
    est = ZoneEstablishment.objects.filter(zone=zone).first()
    if est is None:
        return
    ledger = zone_ledger(zone.pk, est.headcount_cap)
    kept = {u["name"] for u in figures.get("internal_bodies") or []}
    with_posts = dict(
        Post.objects.filter(zone=zone, department__isnull=False, department__kind=EstablishmentUnitKind.INTERNAL)
        .values_list("department__name")
        .annotate(n=Count("id"))
    )
    problems = rules.plan_problems(
        int(figures.get("headcount_cap") or 0), ledger.serving, ledger.reserved, kept, with_posts
    )
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message, numbers in problems:
            errors.setdefault(field, []).append(_(message) % numbers)
        raise Invalid(errors)


# --- Posts ----------------------------------------------------------------------------------

POST_FIELDS = (
    "department",
    "title",
    "post_rank",
    "places",
    "leadership",
    "requirements",
    "min_education",
    "max_age",
    "internal_only",
)


def _check_department(zone: Zone, department: EstablishmentUnit | None, est: ZoneEstablishment) -> None:
    if department is not None and (
        department.establishment_id != est.pk or department.kind != EstablishmentUnitKind.INTERNAL
    ):
        raise Invalid({"department": [_("部门应为本开发区核定的内设机构。")]})


def _check_posts_sum(est: ZoneEstablishment, zone: Zone, post: Post) -> None:
    others = Post.objects.filter(zone=zone).exclude(pk=post.pk).values_list("places", "leadership")
    problems = rules.posts_problems(est.headcount_cap, est.leadership_posts, [*others, (post.places, post.leadership)])
    if problems:
        raise Invalid({"places": [_(message) % numbers for _f, message, numbers in problems]})


@transaction.atomic
def save_post(*, user: User, zone: Zone, data: Mapping[str, Any], post: Post | None = None) -> Post:
    """Create or change a post; Σ places ≤ cap and leadership places ≤ leadership posts, under
    the establishment's lock; places never below the post's serving + reserved."""
    require_manage(user, zone)
    est = establishment_of(zone, lock=True)
    post = Post(zone=zone) if post is None else Post.objects.select_for_update().get(pk=post.pk)
    for name in POST_FIELDS:
        if name in data:
            setattr(post, name, data[name])
    _check_department(zone, post.department, est)
    post.full_clean(validate_unique=False)
    _check_posts_sum(est, zone, post)
    if post.pk:
        ledger = post_ledger(post)
        if post.places < ledger.serving + ledger.reserved:
            raise Invalid(
                {
                    "places": [
                        _("岗位现有在岗 %(serving)d 人、已发录用通知 %(reserved)d 个，数额不能少于 %(total)d。")
                        % {
                            "serving": ledger.serving,
                            "reserved": ledger.reserved,
                            "total": ledger.serving + ledger.reserved,
                        }
                    ]
                }
            )
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError:
        raise Invalid({"title": [_("该部门已有同名岗位。")]}) from None
    return post


# --- Staff ----------------------------------------------------------------------------------

STAFF_FIELDS = (
    "name",
    "education",
    "file_identity",
    "file_rank",
    "post_rank",
    "department",
    "post",
    "status",
    "contract_start",
    "contract_end",
    "leadership_mode",
    "approval_record",
)


def _check_id(value: str, field: str = "id_number") -> str:
    value = rules.normalise_id(value)
    problem = rules.id_problem(value)
    if problem:
        raise Invalid({field: [_(problem)]})
    return value


@transaction.atomic
def save_staff(*, user: User, zone: Zone, data: Mapping[str, Any], staff: Staff | None = None) -> Staff:
    """Create or change a staff record. A record that starts counting against the cap (new and
    serving, or back to serving) or moves onto a post goes through the ledger's lock."""
    require_manage(user, zone)
    est = establishment_of(zone, lock=True)
    before_counted = False
    before_post = None
    if staff is None:
        staff = Staff(zone=zone)
        if not data.get("id_number"):
            raise Invalid({"id_number": [_("请填写身份证号。")]})
    else:
        staff = Staff.objects.select_for_update().get(pk=staff.pk)
        before_counted = staff.status in COUNTED
        before_post = staff.post_id
    if data.get("id_number"):
        staff.id_number = _check_id(str(data["id_number"]))
    for name in STAFF_FIELDS:
        if name in data:
            setattr(staff, name, data[name])
    if staff.post is not None and staff.post.zone_id != zone.pk:
        raise Invalid({"post": [_("岗位不属于本开发区。")]})
    if staff.post is not None and staff.department_id is None:
        staff.department_id = staff.post.department_id
    _check_department(zone, staff.department, est)
    if staff.leadership_mode and not staff.approval_record:
        raise Invalid({"approval_record": [_("领导人员须载明任用批准文号。")]})
    staff.full_clean(validate_unique=False)
    counted = staff.status in COUNTED
    if counted and not before_counted:
        ledger = zone_ledger(zone.pk, est.headcount_cap)
        if not ledger.can_take():
            raise _no_zone_place(ledger)
    if counted and staff.post_id and (staff.post_id != before_post or not before_counted):
        post = Post.objects.select_for_update().get(pk=staff.post_id)
        ledger = post_ledger(post)
        if not ledger.can_take():
            raise _no_post_place(post, ledger)
    try:
        with transaction.atomic():
            staff.save()
    except IntegrityError:
        raise Invalid({"id_number": [_("该身份证号已有人员记录。")]}) from None
    return staff


class RosterWriter:
    """Many staff rows in one transaction (the roster import): each zone's establishment is
    locked once and its ledger counted once, then kept up to date row by row, so a 2 000-row
    file writes in seconds and still never passes the cap."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.ledgers: dict[int, rules.Ledger] = {}

    def _ledger(self, zone: Zone) -> rules.Ledger:
        if zone.pk not in self.ledgers:
            require_manage(self.user, zone)
            est = establishment_of(zone, lock=True)
            self.ledgers[zone.pk] = zone_ledger(zone.pk, est.headcount_cap)
        return self.ledgers[zone.pk]

    def _take(self, zone: Zone) -> None:
        ledger = self._ledger(zone)
        if not ledger.can_take():
            raise _no_zone_place(ledger)
        self.ledgers[zone.pk] = rules.Ledger(ledger.cap, ledger.serving + 1, ledger.reserved)

    def _give(self, zone: Zone) -> None:
        ledger = self._ledger(zone)
        self.ledgers[zone.pk] = rules.Ledger(ledger.cap, ledger.serving - 1, ledger.reserved)

    def create(self, *, zone: Zone, data: Mapping[str, Any]) -> Staff:
        self._ledger(zone)
        staff = Staff(zone=zone, **{k: v for k, v in data.items() if k in (*STAFF_FIELDS, "id_number")})
        if staff.status in COUNTED:
            self._take(zone)
        staff.save()
        return staff

    def update(self, *, staff: Staff, data: Mapping[str, Any]) -> Staff:
        zone = staff.zone
        self._ledger(zone)
        was = staff.status in COUNTED
        for k, v in data.items():
            if k in STAFF_FIELDS:
                setattr(staff, k, v)
        now = staff.status in COUNTED
        if now and not was:
            self._take(zone)
        elif was and not now:
            self._give(zone)
        if staff.contract_start and staff.contract_end and staff.contract_end < staff.contract_start:
            raise Invalid({"contract_end": [_("聘期结束不能早于开始。")]})
        staff.save()
        return staff


# --- Rounds ---------------------------------------------------------------------------------


def _log(step: Step[Round]) -> None:
    RoundEvent.objects.create(
        round=step.obj,
        action=step.action,
        from_state=step.source,
        to_state=step.target,
        note=step.note,
        user=_account(step.user),
    )


ROUND_LABELS = {
    "open": gettext_lazy("开始报名"),
    "start_scoring": gettext_lazy("截止报名、开始评分"),
    "publish": gettext_lazy("公布排名"),
    "start_offers": gettext_lazy("发出录用通知"),
    "start_publicity": gettext_lazy("开始公示"),
    "end_publicity": gettext_lazy("结束公示"),
    "close": gettext_lazy("结束本轮"),
}

round_flow = Workflow(
    Round,
    moves_from(
        rules.ROUND_TRANSITIONS,
        labels=ROUND_LABELS,
        permissions=dict.fromkeys(rules.ROUND_TRANSITIONS, MANAGE_STAFFING),
    ),
    log=_log,
    select_related=("zone",),
)


def event(
    round: Round, action: str, *, user: User | None, application: Application | None = None, note: str = ""
) -> None:
    RoundEvent.objects.create(round=round, action=action, application=application, note=note, user=_account(user))


@transaction.atomic
def create_round(
    *,
    user: User,
    zone: Zone,
    title: str,
    kind: str = RoundKind.INTERNAL,
    posts: list[tuple[Post, int]],
    written_weight: Decimal = Decimal("0.4"),
    interview_weight: Decimal = Decimal("0.6"),
    apply_from: date | None = None,
    apply_to: date | None = None,
) -> Round:
    """A draft round opening ``posts`` with their places (≤ each post's places)."""
    require_manage(user, zone)
    establishment_of(zone)
    problem = rules.weights_problem(written_weight, interview_weight)
    if problem:
        raise Invalid({"written_weight": [_(problem)]})
    if not posts:
        raise Invalid({"posts": [_("请至少选择一个岗位。")]})
    if apply_from and apply_to and apply_to < apply_from:
        raise Invalid({"apply_to": [_("报名截止日期不能早于开始日期。")]})
    seen: set[int] = set()
    for post, places in posts:
        if post.zone_id != zone.pk:
            raise Invalid({"posts": [_("岗位不属于本开发区。")]})
        if post.pk in seen:
            raise Invalid({"posts": [_("岗位“%(post)s”重复。") % {"post": post.title}]})
        seen.add(post.pk)
        if places < 1 or places > post.places:
            raise Invalid(
                {
                    "posts": [
                        _("岗位“%(post)s”本轮数额应在 1 至 %(max)d 之间。") % {"post": post.title, "max": post.places}
                    ]
                }
            )
    rnd = Round(
        zone=zone,
        title=title,
        kind=kind,
        written_weight=written_weight,
        interview_weight=interview_weight,
        apply_from=apply_from,
        apply_to=apply_to,
        created_by=_account(user),
    )
    rnd.full_clean()
    rnd.save()
    RoundPost.objects.bulk_create(RoundPost(round=rnd, post=post, places=places) for post, places in posts)
    event(rnd, "create", user=user, note=title)
    return rnd


def move_round(*, user: User, round: Round, action: str, note: str = "", on: date | None = None) -> Round:
    """One move of the round's life-cycle; the move's own work runs under the round's lock."""
    if action not in rules.ROUND_TRANSITIONS:
        raise NotFound()
    if action == "publish":
        return publish_ranking(user=user, round=round)
    with round_flow.transition(round, action, user=user, note=note) as step:
        rnd = step.obj
        if action == "start_publicity":
            _expire(rnd, user=user)
            if rnd.offers.filter(state=OfferState.OPEN).exists():
                raise Conflict(_("尚有录用通知未答复，不能开始公示。"), state=rnd.state)
            if not rnd.offers.filter(state=OfferState.ACCEPTED).exists():
                raise Conflict(_("没有已接受的录用通知，不能开始公示。"), state=rnd.state)
            start = on or timezone.localdate()
            rnd.publicity_start = start
            rnd.publicity_end = add_working_days(start, rule_set(start.year).publicity_working_days)
        elif action == "end_publicity":
            today = timezone.localdate()
            if rnd.publicity_end is None or today <= rnd.publicity_end:
                raise Conflict(
                    _("公示期至 %(end)s，期满后方可结束公示。") % {"end": rnd.publicity_end}, state=rnd.state
                )
            if rnd.objections.filter(outcome=ObjectionOutcome.PENDING).exists():
                raise Conflict(_("尚有公示异议未处理。"), state=rnd.state)
            if rnd.offers.filter(state=OfferState.OPEN).exists():
                raise Conflict(_("尚有录用通知未答复。"), state=rnd.state)
        elif action == "close":
            if rnd.offers.filter(state=OfferState.ACCEPTED).exists():
                raise Conflict(_("尚有已接受录用的人员未签订合同。"), state=rnd.state)
            _list_unplaced(rnd)
    if action == "start_offers":
        offer_next(user=user, round=step.obj)
    return step.obj


def _list_unplaced(rnd: Round) -> None:
    placed = set(
        rnd.applications.filter(status=ApplicationStatus.CONTRACTED, staff__isnull=False).values_list(
            "staff_id", flat=True
        )
    )
    staff_ids = set(rnd.applications.filter(staff__isnull=False).values_list("staff_id", flat=True)) - placed
    Unplaced.objects.bulk_create([Unplaced(round=rnd, staff_id=pk) for pk in sorted(staff_ids)], ignore_conflicts=True)


# --- Applications and scores ----------------------------------------------------------------


@transaction.atomic
def apply(
    *,
    user: User,
    round: Round,
    round_post: RoundPost,
    preference: int = 1,
    staff: Staff | None = None,
    name: str = "",
    id_number: str = "",
    education: str = "",
) -> Application:
    """An application while the round is open. Staff apply for up to N posts in order of
    preference (rule set); outside candidates in a market round. Eligibility is checked against
    the post's requirements and the reasons are recorded."""
    require_manage(user, round.zone)
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if rnd.state != RoundState.OPEN:
        raise Conflict(_("本轮当前为“%(state)s”，不能报名。") % {"state": rnd.get_state_display()}, state=rnd.state)
    if round_post.round_id != rnd.pk:
        raise Invalid({"post": [_("岗位不在本轮。")]})
    rs = rule_set()
    if preference < 1 or preference > rs.max_preferences:
        raise Invalid({"preference": [_("志愿应在 1 至 %(n)d 之间。") % {"n": rs.max_preferences}]})
    if staff is not None:
        if staff.zone_id != rnd.zone_id or staff.status not in COUNTED:
            raise Invalid({"staff": [_("只有本开发区在聘人员可以参加内部竞聘。")]})
        if rnd.kind == RoundKind.MARKET:
            raise Invalid({"staff": [_("市场化选聘轮次面向外部人员。")]})
        name, ident, education, identity = staff.name, staff.id_number, staff.education, staff.file_identity
    else:
        if rnd.kind == RoundKind.INTERNAL:
            raise Invalid({"staff": [_("全员竞聘轮次只接受本单位在聘人员报名。")]})
        if not name.strip():
            raise Invalid({"name": [_("请填写姓名。")]})
        ident = _check_id(id_number)
        if Staff.objects.filter(id_number=ident, zone=rnd.zone, status__in=COUNTED).exists():
            raise Invalid({"id_number": [_("此人为本开发区在聘人员，请按内部人员报名。")]})
        identity = ""
        if not education:
            raise Invalid({"education": [_("请选择学历。")]})
    existing = rnd.applications.filter(id_number=ident)
    if existing.count() >= rs.max_preferences:
        raise Invalid({"preference": [_("每人最多报 %(n)d 个岗位。") % {"n": rs.max_preferences}]})
    if existing.filter(preference=preference).exists():
        raise Invalid({"preference": [_("该志愿已报其他岗位。")]})
    if existing.filter(round_post=round_post).exists():
        raise Invalid({"post": [_("已报名该岗位。")]})
    post = round_post.post
    reasons = rules.eligibility(
        post.requirement_rules(),
        rules.Candidate(
            education=education, birth=rules.birth_date(ident), internal=staff is not None, file_identity=identity
        ),
        timezone.localdate(),
    )
    text = "；".join(_(msg) % params if params else _(msg) for msg, params in reasons)
    app = Application.objects.create(
        round=rnd,
        round_post=round_post,
        staff=staff,
        name=name.strip(),
        id_number=ident,
        education=education,
        file_identity=identity,
        preference=preference,
        applied_at=timezone.now(),
        eligible=not reasons,
        eligibility_reasons=text,
        status=ApplicationStatus.APPLIED if not reasons else ApplicationStatus.INELIGIBLE,
    )
    event(rnd, "apply", user=user, application=app, note=text)
    return app


@transaction.atomic
def enter_scores(
    *, user: User, application: Application, written: Decimal | None, interview: Decimal | None
) -> Application:
    """Scores while the round is in scoring; outside the scale refused; the weighted total kept."""
    rnd = application.round
    require_manage(user, rnd.zone)
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if rnd.state != RoundState.SCORING:
        raise Conflict(_("只有评分阶段可以录入成绩。"), state=rnd.state)
    app = Application.objects.select_for_update().get(pk=application.pk)
    if not app.eligible:
        raise Invalid({"written_score": [_("资格审查未通过，不能录入成绩。")]})
    rs = rule_set()
    errors: dict[str, list[str]] = {}
    for field, value in (("written_score", written), ("interview_score", interview)):
        problem = rules.score_problem(value, rs.score_max)
        if problem:
            errors[field] = [_(problem) % {"max": rs.score_max}]
    if errors:
        raise Invalid(errors)
    app.written_score, app.interview_score = written, interview
    app.total_score = (
        rules.weighted_total(written, interview, rnd.written_weight, rnd.interview_weight)
        if written is not None and interview is not None
        else None
    )
    app.save(update_fields=["written_score", "interview_score", "total_score"])
    return app


def compute_ranking(rnd: Round, tie_break: tuple[str, ...]) -> dict[int, int]:
    """``{application id: rank}`` per post, from the stored scores (reproducible)."""
    out: dict[int, int] = {}
    rows: dict[int, list[rules.Scored]] = {}
    for a in rnd.applications.filter(eligible=True).order_by("id"):
        if a.written_score is None or a.interview_score is None:
            continue
        total = rules.weighted_total(a.written_score, a.interview_score, rnd.written_weight, rnd.interview_weight)
        rows.setdefault(a.round_post_id, []).append(
            rules.Scored(a.pk, a.written_score, a.interview_score, a.applied_at, total)
        )
    for group in rows.values():
        out.update(dict(rules.ranking(group, tie_break)))
    return out


def publish_ranking(*, user: User, round: Round) -> Round:
    """Scoring → ranking published: every eligible application must have both scores; the ranks
    are computed with the rule set's tie-break and frozen on the applications."""
    with round_flow.transition(round, "publish", user=user) as step:
        rnd = step.obj
        missing = rnd.applications.filter(eligible=True).filter(
            Q(written_score__isnull=True) | Q(interview_score__isnull=True)
        )
        if missing.exists():
            raise Conflict(_("尚有 %(n)d 份报名未录入完整成绩。") % {"n": missing.count()}, state=rnd.state)
        ranks = compute_ranking(rnd, rule_set().tie_break)
        for app in rnd.applications.filter(pk__in=ranks):
            app.rank = ranks[app.pk]
            app.save(update_fields=["rank"])
        rnd.published_at = timezone.now()
    return step.obj


# --- Offers: the one locked path -------------------------------------------------------------


def _bids(rnd: Round) -> tuple[list[rules.Bid], dict[int, int], set[int]]:
    apps = list(rnd.applications.filter(eligible=True, rank__isnull=False))
    bids = [rules.Bid(a.pk, a.id_number, a.round_post_id, a.preference, a.rank or 0) for a in apps]
    places = dict(rnd.round_posts.values_list("id", "places"))
    excluded = {
        a.pk
        for a in apps
        if a.status
        in (
            ApplicationStatus.DECLINED,
            ApplicationStatus.EXPIRED,
            ApplicationStatus.WITHDRAWN,
            ApplicationStatus.PLACED_ELSEWHERE,
        )
    }
    return bids, places, excluded


def due_applications(rnd: Round) -> list[int]:
    """The applications holding a place in the allocation that have no live offer yet, best rank
    first: who is to be offered next."""
    bids, places, excluded = _bids(rnd)
    matched = rules.allocate(bids, places, excluded)
    live = set(
        Offer.objects.filter(round=rnd, state__in=[*rules.HOLDING, rules.OFFER_CONTRACTED]).values_list(
            "application_id", flat=True
        )
    )
    ranks = {b.key: b.rank for b in bids}
    return sorted((k for k in matched if k not in live), key=lambda k: (ranks[k], k))


def make_offer(*, user: User | None, round: Round, application: Application | int, scheduled: bool = False) -> Offer:
    """One offer through the ledger: lock the establishment, the round and the post; the
    application must be due (its rank and preferences give it a place); the round post, the post
    and — for someone not already serving — the zone's cap must have a place. 409 otherwise.
    ``scheduled``: made by the scheduled expiry passing a place on (no user; change path "task")."""
    app_id = application if isinstance(application, int) else application.pk
    with transaction.atomic():
        if not scheduled:
            require_manage(user, round.zone)  # type: ignore[arg-type]
        est = establishment_of(round.zone_id, lock=True)
        rnd = Round.objects.select_for_update().get(pk=round.pk)
        if rnd.state not in (RoundState.OFFERS, RoundState.PUBLICITY):
            raise Conflict(
                _("本轮当前为“%(state)s”，不能发出录用通知。") % {"state": rnd.get_state_display()},
                state=rnd.state,
            )
        try:
            app = Application.objects.select_related("round_post__post", "staff").get(pk=app_id, round=rnd)
        except Application.DoesNotExist:
            raise Invalid({"application": [_("报名不在本轮。")]}) from None
        post = Post.objects.select_for_update().get(pk=app.round_post.post_id)
        if app.status != ApplicationStatus.APPLIED or app.rank is None:
            raise Conflict(
                _("该报名当前为“%(state)s”，不能发出录用通知。") % {"state": app.get_status_display()},
                state=app.status,
            )
        if app.pk not in due_applications(rnd):
            raise Conflict(_("按排名和志愿，该岗位的名额不应由此人取得（或名额已满）。"))
        held = Offer.objects.filter(application__round_post=app.round_post, state__in=rules.HOLDING).count()
        contracted = Offer.objects.filter(application__round_post=app.round_post, state=OfferState.CONTRACTED).count()
        if held + contracted >= app.round_post.places:
            raise Conflict(_("本轮该岗位的数额已满。"))
        pl = post_ledger(post)
        if not pl.can_take():
            raise _no_post_place(post, pl)
        serving_here = app.staff is not None and app.staff.status in COUNTED and app.staff.zone_id == rnd.zone_id
        if not serving_here:
            zl = zone_ledger(rnd.zone_id, est.headcount_cap)
            if not zl.can_take():
                raise _no_zone_place(zl)
        offer = Offer.objects.create(
            round=rnd,
            application=app,
            post=post,
            takes_zone_place=not serving_here,
            respond_by=timezone.localdate() + timedelta(days=rule_set().offer_response_days),
            made_by=_account(user),
        )
        app.status = ApplicationStatus.OFFERED
        app.save(update_fields=["status"])
        event(rnd, "offer", user=user, application=app, note=post.title)
        return offer


def offer_next(*, user: User | None, round: Round, scheduled: bool = False) -> list[Offer]:
    """Offers to every due application in rank order, as far as places allow (each through
    :func:`make_offer`; a refusal for want of a place stops that application, not the others)."""
    made: list[Offer] = []
    for app_id in due_applications(round):
        try:
            made.append(make_offer(user=user, round=round, application=app_id, scheduled=scheduled))
        except Conflict:
            continue
    return made


def respond(*, user: User, offer: Offer, accept: bool, note: str = "") -> Offer:
    """The applicant's answer. Accepting drops the person out of their lower preferences (their
    places pass on); declining passes this place on to the next in rank."""
    with transaction.atomic():
        require_manage(user, offer.round.zone)
        establishment_of(offer.round.zone_id, lock=True)
        rnd = Round.objects.select_for_update().get(pk=offer.round_id)
        locked = Offer.objects.select_for_update().select_related("application").get(pk=offer.pk)
        if locked.state != OfferState.OPEN:
            raise Conflict(
                _("录用通知当前为“%(state)s”，不能再答复。") % {"state": locked.get_state_display()},
                state=locked.state,
            )
        app = locked.application
        locked.responded_at = timezone.now()
        if accept:
            locked.state = OfferState.ACCEPTED
            app.status = ApplicationStatus.ACCEPTED
            lower = rnd.applications.filter(id_number=app.id_number, preference__gt=app.preference).exclude(
                status__in=[ApplicationStatus.INELIGIBLE]
            )
            for other in lower:
                Offer.objects.filter(application=other, state__in=rules.HOLDING).update(
                    state=OfferState.DECLINED, responded_at=timezone.now()
                )
                other.status = ApplicationStatus.PLACED_ELSEWHERE
                other.save(update_fields=["status"])
                event(rnd, "placed_elsewhere", user=user, application=other)
        else:
            locked.state = OfferState.DECLINED
            app.status = ApplicationStatus.DECLINED
        locked.save(update_fields=["state", "responded_at"])
        app.save(update_fields=["status"])
        event(rnd, "accept" if accept else "decline", user=user, application=app, note=note)
        events.offer_answered(locked, accepted=accept, by=user)
    if rnd.state in (RoundState.OFFERS, RoundState.PUBLICITY):
        offer_next(user=user, round=rnd)
    return locked


def _expire(rnd: Round, *, user: User | None) -> int:
    today = timezone.localdate()
    n = 0
    names: list[str] = []
    for offer in rnd.offers.filter(state=OfferState.OPEN, respond_by__lt=today).select_related("application"):
        offer.state = OfferState.EXPIRED
        offer.save(update_fields=["state"])
        offer.application.status = ApplicationStatus.EXPIRED
        offer.application.save(update_fields=["status"])
        event(rnd, "expire", user=user, application=offer.application)
        names.append(offer.application.name)
        n += 1
    events.offers_expired(rnd, names, by=user)
    return n


def expire_offers(*, user: User, round: Round) -> int:
    """Open offers past their answer date expire; their places pass on."""
    require_manage(user, round.zone)
    with transaction.atomic():
        establishment_of(round.zone_id, lock=True)
        rnd = Round.objects.select_for_update().get(pk=round.pk)
        n = _expire(rnd, user=user)
    if n and rnd.state in (RoundState.OFFERS, RoundState.PUBLICITY):
        offer_next(user=user, round=rnd)
    return n


def expire_due_offers() -> int:
    """The scheduled expiry (``staffing.tasks.expire_offers``, on the beat): in every round
    making offers or in publicity, open offers past their answer date expire and their places
    pass on, exactly as when an officer presses 逾期处理 — recorded as the system's, through the
    "task" change path. Idempotent; returns how many offers expired."""
    today = timezone.localdate()
    rounds = (
        Offer.objects.filter(
            state=OfferState.OPEN,
            respond_by__lt=today,
            round__state__in=(RoundState.OFFERS, RoundState.PUBLICITY),
        )
        .values_list("round_id", "round__zone_id")
        .distinct()
        .order_by("round_id")
    )
    total = 0
    for round_id, zone_id in rounds:
        with transaction.atomic():
            establishment_of(zone_id, lock=True)  # the ledger's lock order: establishment, round
            rnd = Round.objects.select_for_update().select_related("zone").get(pk=round_id)
            n = _expire(rnd, user=None)
        if n and rnd.state in (RoundState.OFFERS, RoundState.PUBLICITY):
            offer_next(user=None, round=rnd, scheduled=True)
        total += n
    return total


# --- Publicity ------------------------------------------------------------------------------


@transaction.atomic
def raise_objection(*, user: User, offer: Offer, text: str) -> Objection:
    require_manage(user, offer.round.zone)
    rnd = Round.objects.select_for_update().get(pk=offer.round_id)
    if rnd.state != RoundState.PUBLICITY:
        raise Conflict(_("只有公示期间可以登记异议。"), state=rnd.state)
    offer = Offer.objects.select_for_update().select_related("application").get(pk=offer.pk)
    if offer.state != OfferState.ACCEPTED:
        raise Conflict(_("只能对公示中的拟聘人员登记异议。"))
    if not text.strip():
        raise Invalid({"text": [_("请填写异议内容。")]})
    obj = Objection.objects.create(round=rnd, offer=offer, text=text.strip())
    event(rnd, "objection", user=user, application=offer.application, note=text.strip())
    return obj


def decide_objection(*, user: User, objection: Objection, upheld: bool, finding: str) -> Objection:
    """An objection's outcome; upheld: the offer is withdrawn and its place passes on."""
    with transaction.atomic():
        require_manage(user, objection.round.zone)
        establishment_of(objection.round.zone_id, lock=True)
        rnd = Round.objects.select_for_update().get(pk=objection.round_id)
        obj = Objection.objects.select_for_update().get(pk=objection.pk)
        if obj.outcome != ObjectionOutcome.PENDING:
            raise Conflict(_("该异议已处理。"))
        if not finding.strip():
            raise Invalid({"finding": [_("请填写核查意见。")]})
        obj.outcome = ObjectionOutcome.UPHELD if upheld else ObjectionOutcome.REJECTED
        obj.finding = finding.strip()
        obj.decided_at = timezone.now()
        obj.save()
        if upheld:
            offer = Offer.objects.select_for_update().select_related("application").get(pk=obj.offer_id)
            offer.state = OfferState.WITHDRAWN
            offer.save(update_fields=["state"])
            offer.application.status = ApplicationStatus.WITHDRAWN
            offer.application.save(update_fields=["status"])
        event(rnd, "objection_upheld" if upheld else "objection_rejected", user=user, note=finding.strip())
    if upheld:
        offer_next(user=user, round=rnd)
    return obj


# --- Contracts ------------------------------------------------------------------------------


def sign_contract(*, user: User, offer: Offer, start: date) -> Staff:
    """After publicity: the accepted offer becomes a contract for the rule set's term. The reserved
    place becomes a serving one (a new staff record, or the staff member's new post), under the
    ledger's lock."""
    with transaction.atomic():
        require_manage(user, offer.round.zone)
        establishment_of(offer.round.zone_id, lock=True)
        rnd = Round.objects.select_for_update().get(pk=offer.round_id)
        if rnd.state != RoundState.CONTRACTS:
            raise Conflict(_("公示结束后方可签订聘任合同。"), state=rnd.state)
        locked = Offer.objects.select_for_update(of=("self",)).select_related("application__staff").get(pk=offer.pk)
        post = Post.objects.select_for_update().get(pk=locked.post_id)
        if locked.state != OfferState.ACCEPTED:
            raise Conflict(_("只有已接受的录用通知可以签订合同。"), state=locked.state)
        end = rules.contract_end(start, rule_set(start.year).contract_term_years)
        app = locked.application
        staff = app.staff
        fields = {
            "post": post,
            "department_id": post.department_id,
            "post_rank": post.post_rank,
            "contract_start": start,
            "contract_end": end,
            "status": StaffStatus.SERVING,
        }
        if staff is None:
            staff = Staff.objects.filter(id_number=app.id_number).first()
            if staff is not None and (staff.zone_id != rnd.zone_id or staff.status in COUNTED):
                raise Conflict(_("此人已在其他开发区或本开发区在聘，不能重复聘任。"))
            if staff is None:
                staff = Staff(
                    zone_id=rnd.zone_id,
                    name=app.name,
                    id_number=app.id_number,
                    education=app.education,
                    file_identity=FileIdentity.SOCIETY,
                )
        else:
            staff = Staff.objects.select_for_update().get(pk=staff.pk)
        for k, v in fields.items():
            setattr(staff, k, v)
        staff.save()
        locked.state = OfferState.CONTRACTED
        locked.contract_start, locked.contract_end = start, end
        locked.save(update_fields=["state", "contract_start", "contract_end"])
        app.status = ApplicationStatus.CONTRACTED
        app.save(update_fields=["status"])
        event(rnd, "contract", user=user, application=app, note=f"{start}–{end}")
        return staff


@transaction.atomic
def handle_unplaced(*, user: User, row: Unplaced, category: str, outcome: str) -> Unplaced:
    require_manage(user, row.round.zone)
    if category not in UnplacedCategory.values or category == UnplacedCategory.PENDING:
        raise Invalid({"category": [_("请选择处置类别。")]})
    if not outcome.strip():
        raise Invalid({"outcome": [_("请填写处置结果。")]})
    row, _changed = model_update(
        row,
        {"category": category, "outcome": outcome.strip(), "decided_by": _account(user), "decided_at": timezone.now()},
        fields=("category", "outcome", "decided_by", "decided_at"),
    )
    return row


# --- Renewal and exit -----------------------------------------------------------------------


@transaction.atomic
def enter_grade(
    *, user: User, staff: Staff, year: int, grade: str, rank: int | None = None, ranked_of: int | None = None
) -> IndividualGrade:
    require_manage(user, staff.zone)
    row = IndividualGrade.objects.filter(staff=staff, year=year).first() or IndividualGrade(staff=staff, year=year)
    row.grade, row.rank, row.ranked_of = grade, rank, ranked_of
    row.full_clean(validate_unique=False)
    if rank is not None and ranked_of is not None and rank > ranked_of:
        raise Invalid({"rank": [_("排名不能大于参加排名人数。")]})
    row.save()
    return row


@transaction.atomic
def decide_renewal(*, user: User, staff: Staff, decision: str, reason: str) -> RenewalDecision:
    """A person decides on a staff member due for renewal, with a reason; the system's proposal
    and the grades it read are kept beside the decision. Not renewing ends the record as
    dismissed and records the placement by file identity."""
    from . import sources

    require_manage(user, staff.zone)
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.contract_end is None:
        raise Conflict(_("该人员没有聘期记录。"))
    if decision not in RenewalDecisionKind.values:
        raise Invalid({"decision": [_("请选择决定。")]})
    if not reason.strip():
        raise Invalid({"reason": [_("请填写理由。")]})
    if RenewalDecision.objects.filter(staff=staff, term_end=staff.contract_end).exists():
        raise Conflict(_("该聘期已作出决定。"))
    rs = rule_set()
    grades = sources.last_grades([staff], years=rs.renewal_grade_years, term_end_year=staff.contract_end.year).get(
        staff.pk, []
    )
    proposal = rules.renewal_proposal(grades, rs)
    row = RenewalDecision(
        staff=staff,
        term_end=staff.contract_end,
        proposal=proposal,
        grades=[{"year": g.year, "grade": g.grade, "rank": g.rank, "of": g.of} for g in grades],
        decision=decision,
        reason=reason.strip(),
        decided_by=_account(user),
    )
    if decision == rules.NOT_RENEW:
        row.placement = str(_(rules.placement_for(staff.file_identity)))
        staff.status = StaffStatus.DISMISSED
        staff.post = None
    elif decision in (rules.RENEW, rules.MOVE_POST, rules.WARN):
        start = staff.contract_end + timedelta(days=1)
        row.new_contract_end = rules.contract_end(start, rs.contract_term_years)
        staff.contract_start, staff.contract_end = start, row.new_contract_end
    row.save()
    staff.save()
    events.renewal_decided(row, staff, by=user)
    return row

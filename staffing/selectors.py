"""Reads of staffing: scoped, at a fixed number of queries (ADR 0301)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from devzone.domain import NotFound
from devzone.domain.filters import filtered
from devzone.tenancy import can, scoped, visible_zones
from devzone.tenancy.models import Membership
from devzone.types import User
from zones.plans.models import EstablishmentUnitKind, ZoneEstablishment
from zones.registry.models import Zone

from . import rules, sources
from .grants import MANAGE_STAFFING
from .models import COUNTED, Application, Offer, Post, RenewalDecision, Round, Staff, Unplaced


def zone_in_scope(user: User, code: str) -> Zone:
    try:
        return visible_zones(user).select_related("city").get(code=code)
    except Zone.DoesNotExist:
        raise NotFound() from None


def may_manage(user: User, zone: Zone) -> bool:
    return can(user, MANAGE_STAFFING, zone)


def sees_full_ids(user: User, zone: Zone) -> bool:
    """Whether ``user`` may read whole ID numbers in ``zone``: a role the rule set names."""
    from .services import rule_set

    roles = rule_set().full_id_roles
    if not roles or not user.is_authenticated:
        return False
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return bool(held & roles) and can(user, "view_zone", zone)


def shown_id(value: str, full: bool) -> str:
    return value if full else rules.mask_id(value)


# --- Establishment --------------------------------------------------------------------------


@dataclass
class Figures:
    label: str
    cap: int
    serving: int = 0
    reserved: int = 0

    @property
    def free(self) -> int:
        return self.cap - self.serving - self.reserved


@dataclass
class EstablishmentView:
    zone: Zone
    establishment: ZoneEstablishment
    overall: Figures
    leadership: Figures
    departments: list[Figures] = field(default_factory=list)
    internal_bodies: list[str] = field(default_factory=list)
    dispatched_agencies: list[str] = field(default_factory=list)
    posts_places: int = 0


def establishment(user: User, code: str) -> EstablishmentView:
    """Cap / serving / reserved / free, overall, per internal body (its posts' places) and for
    leadership posts — a fixed number of queries whatever the staff count."""
    zone = zone_in_scope(user, code)
    est = ZoneEstablishment.objects.filter(zone=zone).prefetch_related("units").first()
    if est is None:
        raise NotFound()
    units = list(est.units.all())
    bodies = [u for u in units if u.kind == EstablishmentUnitKind.INTERNAL]
    serving_by_dept = dict(
        Staff.objects.filter(zone=zone, status__in=COUNTED)
        .values_list("department_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    serving_leaders = Staff.objects.filter(zone=zone, status__in=COUNTED, post__leadership=True).count()
    reserved_rows = list(
        Offer.objects.filter(round__zone=zone, state__in=rules.HOLDING)
        .values_list("post__department_id", "post__leadership", "takes_zone_place")
        .order_by()
    )
    places = list(Post.objects.filter(zone=zone).values_list("department_id", "leadership", "places").order_by())
    serving = sum(serving_by_dept.values())
    overall = Figures(str(zone.name), est.headcount_cap, serving, sum(1 for _d, _l, takes in reserved_rows if takes))
    leadership = Figures(
        "leadership",
        est.leadership_posts,
        serving_leaders,
        sum(1 for _d, lead, _t in reserved_rows if lead),
    )
    departments = []
    for body in bodies:
        departments.append(
            Figures(
                body.name,
                sum(p for d, lead, p in places if d == body.pk and not lead),
                serving_by_dept.get(body.pk, 0),
                sum(1 for d, lead, _t in reserved_rows if d == body.pk and not lead),
            )
        )
    return EstablishmentView(
        zone=zone,
        establishment=est,
        overall=overall,
        leadership=leadership,
        departments=departments,
        internal_bodies=[u.name for u in bodies],
        dispatched_agencies=[u.name for u in units if u.kind == EstablishmentUnitKind.DISPATCHED],
        posts_places=sum(p for _d, _l, p in places),
    )


def posts_of(zone: Zone) -> QuerySet[Post]:
    return (
        Post.objects.filter(zone=zone)
        .select_related("department")
        .annotate(
            serving=Count("holders", filter=Q(holders__status__in=COUNTED), distinct=True),
            reserved=Count("offers", filter=Q(offers__state__in=rules.HOLDING), distinct=True),
        )
        .order_by("-leadership", "department__order", "title", "id")
    )


# --- Staff ----------------------------------------------------------------------------------


def staff_for(user: User) -> QuerySet[Staff]:
    return scoped(Staff.objects.all(), user)


def staff_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Staff]:
    from .filters import StaffFilter

    qs = filtered(StaffFilter, filters, staff_for(user))
    return qs.select_related("zone", "department", "post").order_by("zone__code", "department__order", "name", "id")


def get_staff(user: User, pk: Any) -> Staff:
    try:
        return staff_for(user).select_related("zone", "department", "post").get(pk=pk)
    except (Staff.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# --- Rounds ---------------------------------------------------------------------------------


def rounds_for(user: User) -> QuerySet[Round]:
    return scoped(Round.objects.all(), user)


def round_list(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Round]:
    from .filters import RoundFilter

    qs = filtered(RoundFilter, filters, rounds_for(user))
    return (
        qs.select_related("zone")
        .prefetch_related("round_posts__post")
        .annotate(n_applications=Count("applications", distinct=True))
        .order_by("-created_at", "-id")
    )


def get_round(user: User, pk: Any) -> Round:
    try:
        return rounds_for(user).select_related("zone").get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def applications_of(rnd: Round) -> QuerySet[Application]:
    return (
        rnd.applications.select_related("round_post__post", "staff")
        .prefetch_related("offers")
        .order_by("round_post__post__title", "rank", "applied_at", "id")
    )


def offers_of(rnd: Round) -> QuerySet[Offer]:
    return rnd.offers.select_related("application", "post").order_by("post__title", "application__rank", "id")


def round_record(rnd: Round) -> dict[str, Any]:
    """Everything the round's page and PDF show: posts with their ranked applicants and cut-off,
    offers, objections, the log and the unplaced."""
    apps = list(applications_of(rnd))
    posts = []
    for rp in rnd.round_posts.select_related("post__department").order_by("post__title"):
        rows = [a for a in apps if a.round_post_id == rp.pk]
        rows.sort(key=lambda a: (a.rank is None, a.rank or 0, a.applied_at, a.pk))
        posts.append({"round_post": rp, "applications": rows})
    return {
        "round": rnd,
        "posts": posts,
        "offers": list(offers_of(rnd)),
        "objections": list(rnd.objections.select_related("offer__application").order_by("raised_at")),
        "events": list(rnd.events.select_related("application", "user").order_by("at", "id")),
        "unplaced": list(rnd.unplaced.select_related("staff").order_by("staff__name")),
    }


def unplaced_for(user: User) -> QuerySet[Unplaced]:
    return scoped(Unplaced.objects.all(), user).select_related("staff", "round")


# --- Renewal --------------------------------------------------------------------------------


@dataclass
class Due:
    staff: Staff
    grades: list[rules.YearGrade]
    proposal: str


def renewals_due(user: User, zone: Zone, within_days: int | None = None, today: date | None = None) -> list[Due]:
    """Serving staff whose term ends within ``within_days`` (default: the rule set's renewal
    horizon) and who have no decision for it, with their last years' individual grades
    (``staffing.sources``) and the system's proposal."""
    from .services import rule_set

    today = today or timezone.localdate()
    rs = rule_set(today.year)
    if within_days is None:
        within_days = rs.renewal_horizon_days
    decided = RenewalDecision.objects.filter(staff__zone=zone).values_list("staff_id", "term_end")
    done = set(decided)
    people = [
        s
        for s in staff_for(user)
        .filter(zone=zone, status__in=COUNTED, contract_end__isnull=False)
        .filter(contract_end__lte=date.fromordinal(today.toordinal() + within_days))
        .select_related("department", "post")
        .order_by("contract_end", "name")
        if (s.pk, s.contract_end) not in done
    ]
    out = []
    by_year: dict[int, list[Staff]] = {}
    for s in people:
        assert s.contract_end is not None
        by_year.setdefault(s.contract_end.year, []).append(s)
    grades: dict[int, list[rules.YearGrade]] = {}
    for year, group in by_year.items():
        grades.update(sources.last_grades(group, years=rs.renewal_grade_years, term_end_year=year))
    for s in people:
        g = grades.get(s.pk, [])
        out.append(Due(s, g, rules.renewal_proposal(g, rs)))
    return out


# --- Home -----------------------------------------------------------------------------------


def home_figures(user: User) -> dict[str, Any] | None:
    """The establishment panel on a role home: cap / serving / reserved / free per zone the user
    sees (at most 20 zones listed), in three queries."""
    if not user.is_authenticated:
        return None
    zones = visible_zones(user)
    ests = list(
        ZoneEstablishment.objects.filter(zone__in=zones.values("pk")).select_related("zone").order_by("zone__code")[:20]
    )
    if not ests:
        return None
    ids = [e.zone_id for e in ests]
    serving = dict(
        Staff.objects.filter(zone_id__in=ids, status__in=COUNTED)
        .values_list("zone_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    reserved = dict(
        Offer.objects.filter(round__zone_id__in=ids, state__in=rules.HOLDING, takes_zone_place=True)
        .values_list("round__zone_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [
        Figures(str(e.zone.name), e.headcount_cap, serving.get(e.zone_id, 0), reserved.get(e.zone_id, 0)) for e in ests
    ]
    return {"staffing_rows": list(zip(ests, rows, strict=True))}

"""What staffing tells people (ADR 0021): an offer answered or expired and a renewal decided reach
the zone's HR officers' inbox (not the person who recorded it). Called from the services, after
the write, inside their transaction: the e-mail waits for the commit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.inbox.kinds import register_kind
from devzone.inbox.recipients import holders
from devzone.inbox.services import in_portal_language, notify
from devzone.tenancy.roles import Role
from devzone.types import User

from .grants import MANAGE_STAFFING
from .models import Offer, RenewalDecision, Round, Staff

OFFER_ACCEPTED = "staffing.offer_accepted"
OFFER_DECLINED = "staffing.offer_declined"
OFFERS_EXPIRED = "staffing.offers_expired"
RENEWAL_DECIDED = "staffing.renewal_decided"

register_kind(OFFER_ACCEPTED, gettext_lazy("录用通知已接受"))
register_kind(OFFER_DECLINED, gettext_lazy("录用通知被放弃"))
register_kind(OFFERS_EXPIRED, gettext_lazy("录用通知逾期未答复"))
register_kind(RENEWAL_DECIDED, gettext_lazy("续聘决定已作出"))


def hr_officers(zone: Any) -> QuerySet[Any]:
    """The zone's HR officers: zone officers holding ``manage_staffing`` on it."""
    return holders(zone, MANAGE_STAFFING, roles={Role.ZONE_OFFICER})


@in_portal_language
def offer_answered(offer: Offer, *, accepted: bool, by: User | None) -> None:
    rnd = offer.round
    values = {"name": offer.application.name, "post": offer.post.title, "round": rnd.title}
    if accepted:
        title = _("%(name)s 已接受“%(post)s”录用通知（%(round)s）") % values
    else:
        title = _("%(name)s 放弃了“%(post)s”录用通知（%(round)s），岗位顺延") % values
    notify(
        hr_officers(rnd.zone),
        kind=OFFER_ACCEPTED if accepted else OFFER_DECLINED,
        title=title,
        url=reverse("staffing:round", args=[rnd.pk]),
        obj=offer,
        exclude=by,
    )


@in_portal_language
def offers_expired(rnd: Round, names: list[str], *, by: User | None) -> None:
    if not names:
        return
    notify(
        hr_officers(rnd.zone),
        kind=OFFERS_EXPIRED,
        title=_("%(round)s：%(n)d 份录用通知逾期未答复（%(names)s），岗位顺延")
        % {"round": rnd.title, "n": len(names), "names": "、".join(names)},
        url=reverse("staffing:round", args=[rnd.pk]),
        obj=rnd,
        exclude=by,
    )


@in_portal_language
def renewal_decided(row: RenewalDecision, staff: Staff, *, by: User | None) -> None:
    notify(
        hr_officers(staff.zone),
        kind=RENEWAL_DECIDED,
        title=_("%(name)s 聘期（至 %(end)s）续聘决定：%(decision)s")
        % {"name": staff.name, "end": row.term_end, "decision": row.get_decision_display()},
        url=reverse("staffing:staff", args=[staff.pk]),
        obj=row,
        exclude=by,
    )

"""What the register tells people (ADR 0021): when an evaluation period's evaluations fall due,
the granting side (department staff, the province admin) gets one inbox message per period and
state (due, then overdue) — the 待办 lists the same; the message reaches someone who does not
open the portal (it is e-mailed too). Sent by the beat (``powers.tasks.evaluations_due``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.inbox.kinds import register_kind
from devzone.inbox.models import Notification
from devzone.inbox.services import in_portal_language, notify
from devzone.tenancy.roles import Role

from . import selectors

EVALUATIONS_DUE = "powers.evaluations_due"
register_kind(EVALUATIONS_DUE, gettext_lazy("赋权事项评估到期"))

GRANTING = (Role.DEPARTMENT, Role.PROVINCE_ADMIN)


@in_portal_language
def evaluations_due() -> int:
    """Tell each active user of the granting side how many evaluations they owe for the last
    period, once per period and state; returns how many messages were sent."""
    today = timezone.localdate()
    sent = 0
    users = get_user_model().objects.filter(is_active=True, memberships__role__in=GRANTING).distinct()
    for user in users.order_by("pk"):
        owed = selectors.owed_counts(user, today=today)
        key = "overdue" if owed["overdue"] else "due" if owed["due"] else None
        if key is None:
            continue
        url = f"{reverse('powers:evaluations')}?period={owed['period']}&state={key}"
        if Notification.objects.filter(recipient=user, kind=EVALUATIONS_DUE, url=url).exists():
            continue
        values = {"n": owed[key], "period": owed["period"], "day": owed["due_on"]}
        title = (
            _("%(n)d 项赋权事项 %(period)s 评估期的评估已逾期（截止 %(day)s）")
            if key == "overdue"
            else _("%(n)d 项赋权事项 %(period)s 评估期的评估待提交（截止 %(day)s）")
        ) % values
        sent += len(notify([user], kind=EVALUATIONS_DUE, title=title, url=url))
    return sent

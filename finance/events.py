"""What finance tells people (ADR 0021): a project stage reported reached reaches the city's
finance officers (a payment is due); a stage paid and an agreement created or revised reach the
zone's own officers. Called from the services after the write, inside their transaction."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.inbox.kinds import register_kind
from devzone.inbox.recipients import holders
from devzone.inbox.services import in_portal_language, notify
from devzone.tenancy.roles import VIEW, Role
from devzone.types import User
from devzone.web.templatetags.formatting import amount

from .grants import MANAGE_FINANCE
from .models import Agreement, ProjectStage

STAGE_REACHED = "finance.stage_reached"
STAGE_PAID = "finance.stage_paid"
AGREEMENT_CREATED = "finance.agreement_created"
AGREEMENT_REVISED = "finance.agreement_revised"

register_kind(STAGE_REACHED, gettext_lazy("项目阶段已达到，待支付激励"))
register_kind(STAGE_PAID, gettext_lazy("项目阶段激励已支付"))
register_kind(AGREEMENT_CREATED, gettext_lazy("财力分成协议已签订"))
register_kind(AGREEMENT_REVISED, gettext_lazy("财力分成协议已修订"))


@in_portal_language
def stage_reached(row: ProjectStage, *, by: User | None) -> None:
    """The city's finance officers (who pay): the stage's incentive is now due."""
    project = row.project
    notify(
        holders(project.zone, MANAGE_FINANCE, roles={Role.CITY_OFFICER}),
        kind=STAGE_REACHED,
        title=_("%(zone)s“%(project)s”已达到“%(stage)s”阶段（%(day)s），应付激励 %(amount)s 元")
        % {
            "zone": project.zone.name,
            "project": project.name,
            "stage": row.get_stage_display(),
            "day": row.reached_on,
            "amount": amount(row.due_amount),
        },
        url=reverse("finance:project", args=[project.pk]),
        obj=row,
        exclude=by,
    )


@in_portal_language
def stage_paid(row: ProjectStage, *, by: User | None) -> None:
    """The zone's own officers: the stage's incentive was paid."""
    project = row.project
    notify(
        holders(project.zone, VIEW, roles={Role.ZONE_OFFICER}),
        kind=STAGE_PAID,
        title=_("“%(project)s”“%(stage)s”阶段激励 %(amount)s 元已于 %(day)s 支付")
        % {
            "project": project.name,
            "stage": row.get_stage_display(),
            "amount": amount(row.paid_amount),
            "day": row.paid_on,
        },
        url=reverse("finance:project", args=[project.pk]),
        obj=row,
        exclude=by,
    )


def _years(agreement: Agreement) -> str:
    if agreement.effective_to is None:
        return _("%(start)s 年起") % {"start": agreement.effective_from}
    return _("%(start)s—%(end)s 年") % {"start": agreement.effective_from, "end": agreement.effective_to}


@in_portal_language
def agreement_saved(agreement: Agreement, *, revised: bool, by: User | None) -> None:
    """The zone's own officers: the agreement their revenue is shared under."""
    values = {"zone": agreement.zone.name, "name": agreement.name, "years": _years(agreement)}
    if revised:
        values["version"] = str(agreement.version)
        title = _("%(zone)s《%(name)s》已修订为第 %(version)s 版（%(years)s）") % values
    else:
        title = _("%(zone)s《%(name)s》已签订（%(years)s）") % values
    notify(
        holders(agreement.zone, VIEW, roles={Role.ZONE_OFFICER}),
        kind=AGREEMENT_REVISED if revised else AGREEMENT_CREATED,
        title=title,
        url=reverse("finance:zone", args=[agreement.zone.code]),
        obj=agreement,
        exclude=by,
    )

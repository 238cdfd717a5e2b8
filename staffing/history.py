"""Browsable change history of staffing (devzone/audit; ADR 0103). ID numbers are not kept in
history rows at all (``excluded_fields``), so no change list can show one."""

from __future__ import annotations

from django.utils.translation import gettext as _

from devzone.audit.registry import register
from zones.registry.history import _with_zone

from .models import (
    Application,
    IndividualGrade,
    Objection,
    Offer,
    Post,
    RenewalDecision,
    Round,
    RoundPost,
    Staff,
    Unplaced,
)

register(
    Post, label=lambda o: _with_zone(o, _("岗位 %(t)s") % {"t": o.title}), related=("zone",), exclude=("updated_at",)
)
register(
    Staff, label=lambda o: _with_zone(o, _("人员 %(n)s") % {"n": o.name}), related=("zone",), exclude=("updated_at",)
)
register(Round, label=lambda o: _with_zone(o, _("招聘轮次 %(t)s") % {"t": o.title}), related=("zone",))
register(RoundPost, label=lambda o: _("招聘轮次岗位 %(id)s") % {"id": o.pk}, related=("round__zone",))
register(Application, label=lambda o: _("报名 %(n)s") % {"n": o.name}, related=("round__zone",))
register(Offer, label=lambda o: _("录用通知 %(id)s") % {"id": o.pk}, related=("round__zone",))
register(Objection, label=lambda o: _("公示异议 %(id)s") % {"id": o.pk}, related=("round__zone",))
register(Unplaced, label=lambda o: _("未聘人员处置 %(id)s") % {"id": o.pk}, related=("round__zone",))
register(IndividualGrade, label=lambda o: _("个人考核 %(y)s") % {"y": o.year}, related=("staff__zone",))
register(RenewalDecision, label=lambda o: _("续聘决定 %(id)s") % {"id": o.pk}, related=("staff__zone",))

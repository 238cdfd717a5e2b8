"""Staffing's PDFs on devzone/reports (ADR 0303): a round's whole record, the roster (filtered
like the roster page) and the establishment. ID numbers are always masked in a PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Invalid, NotFound
from devzone.reports.registry import OutOfScope, Report, ReportParams, list_params, register, zone_choices

from . import selectors
from .filters import StaffFilter


def round_choices(user: Any) -> list[tuple[Any, str]]:
    """The rounds the user sees, newest first, named by zone and title."""
    rounds = selectors.rounds_for(user).select_related("zone").order_by("-pk")
    return [(r.pk, f"{r.zone.name} · {r.title}") for r in rounds]


class RoundParams(ReportParams):
    page_choices = {"round": round_choices}

    round = forms.IntegerField(label=gettext_lazy("轮次"), min_value=1)

    def clean_round(self) -> Any:
        try:
            return selectors.get_round(self.user, self.cleaned_data["round"])
        except NotFound as exc:
            raise OutOfScope(str(self.cleaned_data["round"])) from exc


class ZoneParams(ReportParams):
    page_choices = {"zone": zone_choices}

    zone = forms.CharField(label=gettext_lazy("开发区代码"), max_length=64)

    def clean_zone(self) -> Any:
        try:
            return selectors.zone_in_scope(self.user, self.cleaned_data["zone"])
        except NotFound as exc:
            raise OutOfScope(self.cleaned_data["zone"]) from exc


class EstablishmentParams(ZoneParams):
    def clean_zone(self) -> Any:
        zone = super().clean_zone()
        if not hasattr(zone, "establishment"):
            raise OutOfScope(zone.code)
        return zone


def _round_context(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    record = selectors.round_record(params["round"])
    for block in record["posts"]:
        for a in block["applications"]:
            a.shown_id = a.masked_id
    return record


ROUND = register(
    Report(
        slug="staffing-round",
        title=gettext_lazy("招聘轮次记录"),
        template="staffing/reports/round.html",
        params=RoundParams,
        context=_round_context,
        count=lambda user, params: params["round"].applications.count() + params["round"].events.count(),
        scope=lambda user, params: f"{params['round'].zone.name} · {params['round'].title}",
        description=gettext_lazy(
            "一个招聘轮次的完整记录：岗位、报名人员（身份证号脱敏）、成绩、排名、录用、公示和结果"
        ),
        rows_per_page=30,
    )
)


def _clean_roster_zone(self: Any) -> Any:
    code = self.cleaned_data.get("zone")
    if not code:
        raise forms.ValidationError(_("请指定开发区。"))
    try:
        selectors.zone_in_scope(self.user, code)
    except NotFound as exc:
        raise OutOfScope(code) from exc
    return code


def _roster_rows(user: Any, params: dict[str, Any]) -> Any:
    try:
        return selectors.staff_list(user, {k: v for k, v in params.items() if v not in (None, "")})
    except Invalid as exc:
        raise forms.ValidationError(exc.detail) from exc


ROSTER = register(
    Report(
        slug="staffing-roster",
        title=gettext_lazy("人员名册"),
        template="staffing/reports/roster.html",
        params=list_params(StaffFilter, clean_zone=_clean_roster_zone, page_choices={"zone": zone_choices}),
        context=lambda user, params: {"rows": list(_roster_rows(user, params))},
        count=lambda user, params: _roster_rows(user, params).count(),
        scope=lambda user, params: selectors.zone_in_scope(user, params["zone"]).name,
        description=gettext_lazy("开发区人员名册：档案身份、档案职务/职级与岗位职务并列（身份证号脱敏）"),
        rows_per_page=35,
    )
)


ESTABLISHMENT = register(
    Report(
        slug="staffing-establishment",
        title=gettext_lazy("机构编制与员额台账"),
        template="staffing/reports/establishment.html",
        params=EstablishmentParams,
        context=lambda user, params: {
            "view": selectors.establishment(user, params["zone"].code),
            "posts": list(selectors.posts_of(params["zone"])),
        },
        count=lambda user, params: selectors.posts_of(params["zone"]).count() + 10,
        scope=lambda user, params: params["zone"].name,
        description=gettext_lazy("员额总数、在聘、已发录用通知、空余（总体、各部门、领导职数）与岗位"),
    )
)

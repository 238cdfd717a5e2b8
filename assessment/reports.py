"""PDFs of assessment and pay (SPEC §6) on devzone/reports: the annual ranking with grades and
consequences of a group; a zone's assessment sheet (every indicator's value, score and source);
the pay-pool computation (benchmark, coefficient, uncapped, cap, pool)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import NotFound
from devzone.reports.registry import OutOfScope, Report, ReportParams, register, zone_choices

from . import selectors
from .models import Group


class YearParams(ReportParams):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)


class RankingParams(YearParams):
    group = forms.ChoiceField(label=gettext_lazy("考核组别"), choices=Group.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            data["rows"] = list(selectors.result_list(self.user, {"year": data["year"], "group": data["group"]}))
            data["stale"] = selectors.is_stale(data["group"], data["year"])
        return data


class ZoneYearParams(YearParams):
    page_choices = {"zone": zone_choices}

    zone = forms.CharField(label=gettext_lazy("开发区代码"), max_length=64)

    def clean_zone(self) -> Any:
        try:
            return selectors.zone_in_scope(self.user, self.cleaned_data["zone"])
        except NotFound as exc:
            raise OutOfScope(self.cleaned_data["zone"]) from exc


class PoolParams(YearParams):
    page_choices = {"zone": zone_choices}

    zone = forms.CharField(label=gettext_lazy("开发区代码"), max_length=64, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        code = data.get("zone") or ""
        if code:
            try:
                data["zone_obj"] = selectors.zone_in_scope(self.user, code)
            except NotFound as exc:
                raise OutOfScope(code) from exc
        filters = {"year": data["year"], **({"zone": code} if code else {})}
        data["rows"] = list(selectors.pool_list(self.user, filters))
        return data


RANKING = register(
    Report(
        slug="assessment-ranking",
        title=gettext_lazy("开发区年度考核排名"),
        template="assessment/reports/ranking.html",
        params=RankingParams,
        context=lambda user, p: {
            "rows": p["rows"],
            "year": p["year"],
            "group": Group(p["group"]).label,
            "stale": p["stale"],
            "result_set": p["rows"][0].result_set if p["rows"] else None,
        },
        count=lambda user, p: len(p["rows"]),
        scope=lambda user, p: _("%(year)s 年度 · %(group)s") % {"year": p["year"], "group": Group(p["group"]).label},
        description=gettext_lazy("一个考核组别的年度得分、名次、等次和结果运用（约谈、通报、摘牌、表扬）"),
    )
)

SHEET = register(
    Report(
        slug="assessment-sheet",
        title=gettext_lazy("开发区考核表"),
        template="assessment/reports/sheet.html",
        params=ZoneYearParams,
        context=lambda user, p: selectors.zone_sheet(user, p["zone"], p["year"]),
        count=lambda user, p: 30,
        scope=lambda user, p: _("%(zone)s · %(year)s 年度") % {"zone": p["zone"].name, "year": p["year"]},
        description=gettext_lazy("一个开发区一年的每项指标数值、得分和来源，名次、等次、结果运用与绩效薪酬"),
    )
)

POOLS = register(
    Report(
        slug="assessment-pools",
        title=gettext_lazy("绩效薪酬总量核定表"),
        template="assessment/reports/pools.html",
        params=PoolParams,
        context=lambda user, p: {"rows": p["rows"], "year": p["year"]},
        count=lambda user, p: len(p["rows"]),
        scope=lambda user, p: (
            _("%(zone)s · %(year)s 年度") % {"zone": p["zone_obj"].name, "year": p["year"]}
            if p.get("zone_obj")
            else _("%(year)s 年度") % {"year": p["year"]}
        ),
        description=gettext_lazy("基准、等次系数、按系数核定额、5倍上限与核定总量，注明是否封顶"),
    )
)


class PlanParams(YearParams):
    page_choices = {"zone": zone_choices}

    zone = forms.CharField(label=gettext_lazy("开发区代码"), max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            zone = selectors.zone_in_scope(self.user, data["zone"])
        except NotFound as exc:
            raise OutOfScope(data["zone"]) from exc
        plan = selectors.plan_list(self.user, {"zone": zone.code, "year": data["year"]}).first()
        if plan is None:
            raise forms.ValidationError(_("该开发区本年度尚无分配方案。"))
        data["zone_obj"], data["plan"], data["lines"] = zone, plan, selectors.plan_lines(plan)
        return data


PLAN = register(
    Report(
        slug="assessment-distribution-plan",
        title=gettext_lazy("绩效薪酬分配方案"),
        template="assessment/reports/plan.html",
        params=PlanParams,
        context=lambda user, p: {"plan": p["plan"], "lines": p["lines"]},
        count=lambda user, p: len(p["lines"]),
        scope=lambda user, p: _("%(zone)s · %(year)s 年度") % {"zone": p["zone_obj"].name, "year": p["year"]},
        description=gettext_lazy("开发区绩效薪酬总量按部门和个人考核等次系数的分配，备案状态"),
    )
)

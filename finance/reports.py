"""The revenue-sharing statement of SPEC §6 as a PDF (devzone/reports): a zone's shares per
party and tax type for a year, base and increment parts, totals, months, the agreement version in
force and its shortfall rule, and the above-plan reward with its working."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Invalid, NotFound
from devzone.reports.registry import OutOfScope, Report, ReportParams, register, zone_choices

from . import selectors


class StatementParams(ReportParams):
    page_choices = {"zone": zone_choices}

    zone = forms.CharField(label=gettext_lazy("开发区代码"), max_length=64)
    year = forms.IntegerField(label=gettext_lazy("年度"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["statement"] = selectors.statement_for(self.user, data["zone"], data["year"])
        except NotFound as exc:
            raise OutOfScope(data["zone"]) from exc
        except Invalid as exc:
            raise forms.ValidationError(exc.detail) from exc
        data["reward"] = selectors.reward(data["statement"].zone, data["statement"].year, data["statement"])
        return data


STATEMENT = register(
    Report(
        slug="finance-statement",
        title=gettext_lazy("财力分成结算表"),
        template="finance/reports/statement.html",
        params=StatementParams,
        context=lambda user, params: {"st": params["statement"], "reward": params["reward"], "months": range(1, 13)},
        count=lambda user, params: len(params["statement"].rows),
        scope=lambda user, params: (
            _("%(zone)s · %(year)s年度") % {"zone": params["statement"].zone.name, "year": params["statement"].year}
        ),
        description=gettext_lazy(
            "一个开发区一个年度的财力分成：各方按税种的基数部分、增量部分与合计，逐月分成，超计划增量奖励"
        ),
        rows_per_page=20,
    )
)

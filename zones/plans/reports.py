"""The 一区一策 plan PDFs (a plan, a comparison), on the devzone/reports framework."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.reports.registry import OutOfScope, Report, ReportParams, register
from devzone.types import User

from . import selectors
from .models import Plan, PlanSnapshot

# --- 一区一策 plans: one version (or one of its submissions), and a comparison of two -----------


def _revision(user: User, plan_id: int, submission: int | None) -> selectors.PlanRevision:
    try:
        return selectors.plan_revision(user=user, plan_id=plan_id, submission=submission)
    except (Plan.DoesNotExist, PlanSnapshot.DoesNotExist) as exc:  # unknown or out of scope: 404
        raise OutOfScope(str(plan_id)) from exc


def plan_choices(user: User) -> list[tuple[Any, str]]:
    """The plans the user sees, for the parameter page: "zone · 第 N 版（state）"."""
    return [
        (
            p.pk,
            _("%(zone)s · 第 %(v)d 版（%(state)s）")
            % {"zone": p.zone.name, "v": p.version, "state": p.get_state_display()},
        )
        for p in selectors.plan_list(user=user)
    ]


class PlanParams(ReportParams):
    page_choices = {"plan": plan_choices}

    plan = forms.IntegerField(label=gettext_lazy("方案编号"), min_value=1)
    submission = forms.IntegerField(label=gettext_lazy("报送次数"), min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not self.errors:
            data["revision"] = _revision(self.user, data["plan"], data.get("submission"))
        return data


def plan_context(user: User, params: dict[str, Any]) -> dict[str, Any]:
    revision: selectors.PlanRevision = params["revision"]
    plan = revision.plan
    return {
        "plan": plan,
        "revision": revision,
        "sections": selectors.plan_sections(revision.data),
        "transitions": list(plan.transitions.all()),
    }


PLAN = register(
    Report(
        slug="plan",
        title=gettext_lazy("一区一策改革方案"),
        template="zones/reports/plan.html",
        params=PlanParams,
        context=plan_context,
        count=lambda user, params: len(selectors.plan_sections(params["revision"].data)),
        scope=lambda user, params: f"{params['revision'].plan.zone.name} · {params['revision'].label}",
        description=gettext_lazy("一区一策方案的一个版本（或其某次报送）：各部分内容、审核流转记录"),
        rows_per_page=4,
    )
)


class PlanCompareParams(ReportParams):
    page_choices = {"a": plan_choices, "b": plan_choices}

    a = forms.IntegerField(label=gettext_lazy("原方案编号"), min_value=1)
    a_submission = forms.IntegerField(label=gettext_lazy("原方案报送次数"), min_value=1, required=False)
    b = forms.IntegerField(label=gettext_lazy("新方案编号"), min_value=1)
    b_submission = forms.IntegerField(label=gettext_lazy("新方案报送次数"), min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if self.errors:
            return data
        first = _revision(self.user, data["a"], data.get("a_submission"))
        second = _revision(self.user, data["b"], data.get("b_submission"))
        if first.plan.zone_id != second.plan.zone_id:
            raise forms.ValidationError(_("只能对比同一开发区的方案版本。"))
        data["comparison"] = selectors.compare_plans(first, second)
        data["zone_name"] = first.plan.zone.name
        return data


PLAN_COMPARE = register(
    Report(
        slug="plan-compare",
        title=gettext_lazy("一区一策方案版本对比"),
        template="zones/reports/plan_compare.html",
        params=PlanCompareParams,
        context=lambda user, params: {"comparison": params["comparison"], "zone_name": params["zone_name"]},
        count=lambda user, params: len(params["comparison"]["sections"]),
        scope=lambda user, params: (
            _("%(zone)s：%(a)s → %(b)s")
            % {
                "zone": params["zone_name"],
                "a": params["comparison"]["a"]["label"],
                "b": params["comparison"]["b"]["label"],
            }
        ),
        description=gettext_lazy("同一开发区两个方案版本（或报送）逐部分的差异"),
        rows_per_page=4,
    )
)

"""Forms of the assessment pages: entering a value, a benchmark, weights, reopening a year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator, InternalGrade
from .services import PERIODS

PART: dict[str, Any] = {
    "required": False, "max_digits": 5, "decimal_places": 2, "min_value": Decimal(0), "max_value": Decimal(100),
}  # fmt: skip


class ValueForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), label=_("指标"))
    period = forms.ChoiceField(choices=[(p, p) for p in PERIODS], initial="Y", label=_("期间"))
    value = forms.DecimalField(label=_("数值"), max_digits=20, decimal_places=4)
    third_party = forms.BooleanField(label=_("第三方评估数据"), required=False)
    evidence = forms.FileField(label=_("佐证材料"), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args: Any, indicators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if indicators is not None:
            self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]


class BenchmarkForm(forms.Form):
    zone = forms.ChoiceField(label=_("开发区"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    benchmark_per_capita = forms.DecimalField(
        label=_("人均绩效薪酬基准(元)"), max_digits=16, decimal_places=2, min_value=Decimal(0)
    )
    headcount = forms.IntegerField(
        label=_("人数"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("不填时取开发区在聘人数（人员聘任）。"),
    )
    base_pay_per_person = forms.DecimalField(
        label=_("人均基础薪酬(元)"), max_digits=16, decimal_places=2, min_value=Decimal(0), required=False
    )

    def __init__(self, *args: Any, zones: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(z.code, z.name) for z in zones]  # type: ignore[attr-defined]


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新开启事由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class WeightsForm(forms.Form):
    """One field per dimension (``dim:<order>``) and indicator (its code), prefilled."""

    def __init__(self, *args: Any, system: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dim in system.dimensions.all():
            self.fields[f"dim:{dim.order}"] = forms.DecimalField(
                label=dim.name, initial=dim.weight, max_digits=8, decimal_places=2, min_value=Decimal(0)
            )
            for ind in dim.indicators.all():
                self.fields[ind.code] = forms.DecimalField(
                    label=f"{ind.code} {ind.name}", initial=ind.weight, max_digits=8, decimal_places=2,
                    min_value=Decimal(0),
                )  # fmt: skip


class InternalGradeForm(forms.Form):
    """One department's or one person's internal grade: the grade, and either the five part scores
    (the total is computed from the rule set's weights) or a total alone (ADR 0504)."""

    target = forms.TypedChoiceField(coerce=int, label=_("对象"))
    grade = forms.ChoiceField(choices=InternalGrade.choices, label=_("等次"))
    task_score = forms.DecimalField(label=_("任务绩效"), **PART)
    management_score = forms.DecimalField(label=_("管理绩效"), **PART)
    investment_score = forms.DecimalField(label=_("综合评价·招商引资"), **PART)
    economy_score = forms.DecimalField(label=_("综合评价·经济指标"), **PART)
    core_score = forms.DecimalField(label=_("综合评价·部门主责主业"), **PART)
    score = forms.DecimalField(
        label=_("总分"), required=False, max_digits=7, decimal_places=2, min_value=Decimal(0),
        help_text=_("填写五项分项得分时总分按考核规则的权重自动计算，不必填写。"),
    )  # fmt: skip

    def __init__(self, *args: Any, targets: Any = (), target_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)  # type: ignore[attr-defined]
        if target_label:
            self.fields["target"].label = target_label

"""Forms of the finance pages; the services check the rules (Chinese messages by field)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.domain.fields import BoundedDateField

from .models import FiscalModel, IncentiveScheme, RankingScope, SchemeBasis, SchemeKind, ShortfallRule, TaxType

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}
PERCENT: dict[str, Any] = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal(0), "required": False}


class AgreementForm(forms.Form):
    name = forms.CharField(label=_("协议名称"), max_length=200, required=False)
    document_no = forms.CharField(label=_("文号"), max_length=100, required=False)
    tax_types = forms.MultipleChoiceField(
        label=_("分成税种"), choices=TaxType.choices, widget=forms.CheckboxSelectMultiple
    )
    base_year = forms.IntegerField(label=_("基数年度"))
    base_amount = forms.DecimalField(label=_("基数(元)"), min_value=Decimal(0), **MONEY)
    base_city = forms.DecimalField(label=_("基数：市级(%)"), **PERCENT)
    base_county = forms.DecimalField(label=_("基数：县(市、区)(%)"), **PERCENT)
    base_zone = forms.DecimalField(label=_("基数：开发区(%)"), **PERCENT)
    increment_city = forms.DecimalField(label=_("增量：市级(%)"), **PERCENT)
    increment_county = forms.DecimalField(label=_("增量：县(市、区)(%)"), **PERCENT)
    increment_zone = forms.DecimalField(label=_("增量：开发区(%)"), **PERCENT)
    shortfall_rule = forms.ChoiceField(label=_("收入不足基数时"), choices=ShortfallRule.choices)
    effective_from = forms.IntegerField(label=_("起始年度"))
    effective_to = forms.IntegerField(label=_("终止年度"), required=False)

    def terms(self) -> dict[str, Any]:
        data = self.cleaned_data

        def ratios(prefix: str) -> dict[str, str]:
            return {
                party: str(data[f"{prefix}_{party}"])
                for party in ("city", "county", "zone")
                if data.get(f"{prefix}_{party}") is not None
            }

        return {
            "name": data["name"],
            "document_no": data["document_no"],
            "tax_types": data["tax_types"],
            "base_year": data["base_year"],
            "base_amount": data["base_amount"],
            "base_ratios": ratios("base"),
            "increment_ratios": ratios("increment"),
            "shortfall_rule": data["shortfall_rule"],
            "effective_from": data["effective_from"],
            "effective_to": data["effective_to"],
        }


class RevenueForm(forms.Form):
    year = forms.IntegerField(label=_("年度"))
    month = forms.IntegerField(label=_("月份"))
    tax_type = forms.ChoiceField(label=_("税种"), choices=TaxType.choices)
    amount = forms.DecimalField(label=_("收入(元)"), **MONEY)
    note = forms.CharField(label=_("更正说明"), max_length=200, required=False)


class FiscalForm(forms.Form):
    model = forms.ChoiceField(label=_("财政管理模式"), choices=FiscalModel.choices)
    finance_office = forms.CharField(label=_("财政管理机构"), max_length=100, required=False)
    treasury = forms.CharField(label=_("金库"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReachForm(forms.Form):
    reached_on = BoundedDateField(label=_("达到日期"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.CharField(label=_("佐证材料"), max_length=2000)


class PayForm(forms.Form):
    paid_on = BoundedDateField(label=_("支付日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


PARTIES = ("city", "county", "zone")


class ReviseForm(AgreementForm):
    """A new version of an agreement from a year: the current version's terms, changed where
    the agreement was revised (the service keeps what the form leaves as it was)."""

    effective_from = forms.IntegerField(label=_("新版本起始年度"))

    @classmethod
    def for_version(cls, current: Any, *, start: int) -> ReviseForm:
        initial: dict[str, Any] = {
            "name": current.name,
            "tax_types": list(current.tax_types),
            "base_year": current.base_year,
            "base_amount": current.base_amount,
            "shortfall_rule": current.shortfall_rule,
            "effective_from": start,
            "effective_to": current.effective_to,
        }
        for prefix, ratios in (("base", current.base_ratios), ("increment", current.increment_ratios)):
            for party in PARTIES:
                if party in ratios:
                    initial[f"{prefix}_{party}"] = Decimal(str(ratios[party]))
        return cls(initial=initial)

    def revision(self, current: Any) -> dict[str, Any]:
        """The terms for ``services.revise_agreement`` (without ``effective_from``). Per-tax-type
        bases are kept unless the base or the tax types change (then the base is one total)."""
        terms = self.terms()
        terms.pop("effective_from")
        if terms["base_amount"] != current.base_amount or set(terms["tax_types"]) != set(current.tax_types):
            terms["base_amounts"] = None
        else:
            terms.pop("base_amount")
        return terms


class CityPlanForm(forms.Form):
    city: Any = forms.ModelChoiceField(label=_("市"), queryset=None, to_field_name="code", empty_label=None)
    year = forms.IntegerField(label=_("年度"))
    planned_growth_percent = forms.DecimalField(label=_("市级税收计划增速(%)"), max_digits=6, decimal_places=2)

    def __init__(self, *args: Any, cities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]


class SchemeForm(forms.Form):
    """An incentive scheme: the share (按比例) or the amount (按金额) paid at each stage."""

    name = forms.CharField(label=_("方案名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=SchemeKind.choices)
    basis = forms.ChoiceField(label=_("分段方式"), choices=SchemeBasis.choices)
    landed = forms.DecimalField(label=_("落地"), required=False, **MONEY)
    started = forms.DecimalField(label=_("开工"), required=False, **MONEY)
    structure_done = forms.DecimalField(label=_("主体完工"), required=False, **MONEY)
    completed = forms.DecimalField(label=_("竣工"), required=False, **MONEY)
    includes_costs = forms.BooleanField(label=_("激励包含招商经费"), required=False, initial=True)
    source = forms.CharField(label=_("依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    STAGE_FIELDS = ("landed", "started", "structure_done", "completed")

    def scheme(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "basis": data["basis"],
            "stage_values": {s: str(data[s]) for s in self.STAGE_FIELDS if data.get(s) is not None},
            "includes_costs": data["includes_costs"],
            "source": data["source"],
        }


class DesignationForm(forms.Form):
    zone: Any = forms.ModelChoiceField(label=_("开发区"), queryset=None, to_field_name="code")
    ranking_year = forms.IntegerField(label=_("排名年度"))
    scope = forms.ChoiceField(label=_("排名范围"), choices=RankingScope.choices)
    rank = forms.IntegerField(label=_("名次"))
    out_of = forms.IntegerField(label=_("参评总数"))
    ranking = forms.CharField(
        label=_("排名依据"), max_length=200, help_text=_("如：2025年度国家级经开区综合发展水平考核")
    )
    document_no = forms.CharField(label=_("文号"), max_length=100, required=False)

    def __init__(self, *args: Any, zones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    investor = forms.CharField(label=_("投资方"), max_length=200)
    amount = forms.DecimalField(label=_("投资额(元)"), **MONEY)
    leading_industry = forms.CharField(label=_("主导产业"), max_length=100, required=False)
    scheme = forms.ModelChoiceField(label=_("激励方案"), queryset=IncentiveScheme.objects.order_by("name"))
    award = forms.DecimalField(
        label=_("激励总额(元)"),
        required=False,
        help_text=_("按比例分段的方案必填；按金额的方案为各阶段金额之和。"),
        **MONEY,
    )
    attraction_costs = forms.DecimalField(label=_("其中招商经费(元)"), required=False, **MONEY)

"""Forms of the finance pages; the services check the rules (Chinese messages by field)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.domain.fields import BoundedDateField

from .models import FiscalModel, ShortfallRule, TaxType

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

"""Forms of the register's pages (labels in Chinese; errors next to fields)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.domain.fields import length_of
from devzone.tenancy import visible_zones

from .models import (
    CaseRecord,
    Delegation,
    DelegationMode,
    DelegationTransition,
    Evaluation,
    PowerItem,
    Rating,
    Recommendation,
    Responsibility,
)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class DelegateForm(forms.Form):
    """One item to many zones, or many items to one zone (all or nothing)."""

    items = forms.ModelMultipleChoiceField(
        label=_("事项"),
        queryset=PowerItem.objects.none(),
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    zones = forms.MultipleChoiceField(label=_("开发区"), widget=forms.SelectMultiple(attrs={"size": 8}))
    mode = forms.ChoiceField(label=_("赋权方式"), choices=DelegationMode.choices)
    document_no = forms.CharField(label=_("文号"), max_length=length_of(Delegation, "document_no"), required=False)
    effective_from = forms.DateField(label=_("生效日期"), required=False, widget=_date())
    propose_only = forms.BooleanField(label=_("仅拟赋权（暂不生效）"), required=False)
    build_before_acceptance = forms.BooleanField(label=_("先建后验"), required=False)
    tolerance_approval = forms.BooleanField(label=_("容缺审批"), required=False)
    notify_commitment = forms.BooleanField(label=_("告知承诺制"), required=False)
    duties = forms.CharField(
        label=_("开发区承接职责"),
        max_length=length_of(Delegation, "duties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, user: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items_field = self.fields["items"]
        zones_field = self.fields["zones"]
        assert isinstance(items_field, forms.ModelMultipleChoiceField)
        assert isinstance(zones_field, forms.MultipleChoiceField)
        items_field.queryset = items
        # django-stubs types label_from_instance as a method; an instance attribute replaces it here
        items_field.label_from_instance = lambda i: f"{i.code} {i.name}（{i.granting_department}）"  # type: ignore[method-assign,assignment]
        zones_field.choices = list(visible_zones(user).order_by("city__code", "code").values_list("code", "name"))


class MoveForm(forms.Form):
    document_no = forms.CharField(label=_("文号"), max_length=length_of(Delegation, "document_no"), required=False)
    effective_on = forms.DateField(label=_("生效日期"), required=False, widget=_date())
    reason = forms.CharField(label=_("理由"), max_length=length_of(DelegationTransition, "reason"), required=False)
    fallback_mode = forms.ChoiceField(
        label=_("替代方式"),
        required=False,
        choices=[
            ("", "—"),
            (DelegationMode.DUAL_PLATE.value, DelegationMode.DUAL_PLATE.label),
            (DelegationMode.STATIONED.value, DelegationMode.STATIONED.label),
        ],
    )


class EvaluationForm(forms.Form):
    period = forms.CharField(label=_("评估期"), max_length=8)
    cases_handled = forms.IntegerField(label=_("办件量"), min_value=0, max_value=10_000_000)
    on_time_rate = forms.DecimalField(
        label=_("按时办结率(%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    rating = forms.ChoiceField(label=_("评价等次"), choices=Rating.choices)
    recommendation = forms.ChoiceField(label=_("建议"), choices=Recommendation.choices)
    problems = forms.CharField(
        label=_("发现的问题"),
        max_length=length_of(Evaluation, "problems"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CaseRecordForm(forms.Form):
    period = forms.CharField(label=_("期间"), max_length=8)
    cases_handled = forms.IntegerField(label=_("办件量"), min_value=0, max_value=10_000_000)
    on_time = forms.IntegerField(label=_("按时办结件数"), min_value=0, max_value=10_000_000)
    note = forms.CharField(label=_("说明"), max_length=length_of(CaseRecord, "note"), required=False)


class ResponsibilityForm(forms.Form):
    item = forms.ModelChoiceField(label=_("事项"), queryset=PowerItem.objects.order_by("code"), to_field_name="code")
    zone_duties = forms.CharField(
        label=_("开发区职责"),
        max_length=length_of(Responsibility, "zone_duties"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    county_duties = forms.CharField(
        label=_("县(市、区)职责"),
        max_length=length_of(Responsibility, "county_duties"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    handover = forms.CharField(
        label=_("交接程序"),
        max_length=length_of(Responsibility, "handover"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=_date())


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in the portal's time zone: the register as it stood that evening."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59, 999999)))


class RecordedForm(forms.Form):
    """What the register said on ``recorded_on`` (as recorded by that evening) about ``as_of``."""

    recorded_on = forms.DateField(label=_("登记日期"), widget=_date(), help_text=_("当日系统中记载的清单"))
    as_of = forms.DateField(label=_("有效日期"), required=False, widget=_date(), help_text=_("缺省为登记日期"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recorded_on") and data["recorded_on"] > timezone.localdate():
            self.add_error("recorded_on", _("登记日期不能晚于今天。"))
        return data

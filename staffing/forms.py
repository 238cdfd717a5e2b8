"""Forms of staffing's pages (the services check everything again)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zones.plans.models import EstablishmentUnit

from .models import (
    Education,
    FileIdentity,
    Grade,
    LeadershipMode,
    Post,
    RenewalDecisionKind,
    RoundKind,
    Staff,
    StaffStatus,
    UnplacedCategory,
)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


def _departments(zone: Any) -> Any:
    return EstablishmentUnit.objects.filter(establishment__zone=zone, kind="internal").order_by("order")


class PostForm(forms.Form):
    department = forms.ModelChoiceField(queryset=EstablishmentUnit.objects.none(), label=_("部门"), required=False)
    title = forms.CharField(label=_("岗位名称"), max_length=100)
    post_rank = forms.CharField(label=_("岗位职务"), max_length=64, required=False)
    places = forms.IntegerField(label=_("岗位数额"), min_value=1, max_value=100000)
    leadership = forms.BooleanField(label=_("领导岗位"), required=False)
    min_education = forms.ChoiceField(label=_("最低学历"), choices=[("", "—"), *Education.choices], required=False)
    max_age = forms.IntegerField(label=_("年龄上限"), min_value=16, max_value=70, required=False)
    internal_only = forms.BooleanField(label=_("仅限内部竞聘"), required=False)
    requirements = forms.CharField(label=_("任职条件"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, zone: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(zone)  # type: ignore[attr-defined]


class StaffForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, required=False, help_text=_("新建时必填；修改时留空表示不变")
    )
    education = forms.ChoiceField(label=_("学历"), choices=Education.choices, initial=Education.BACHELOR)
    file_identity = forms.ChoiceField(label=_("档案身份"), choices=FileIdentity.choices)
    file_rank = forms.CharField(label=_("档案职务/职级"), max_length=64, required=False)
    post_rank = forms.CharField(label=_("岗位职务"), max_length=64, required=False)
    department = forms.ModelChoiceField(queryset=EstablishmentUnit.objects.none(), label=_("部门"), required=False)
    post = forms.ModelChoiceField(queryset=Post.objects.none(), label=_("岗位"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=StaffStatus.choices, initial=StaffStatus.SERVING)
    contract_start = forms.DateField(label=_("聘期开始"), required=False, widget=_date())
    contract_end = forms.DateField(label=_("聘期结束"), required=False, widget=_date())
    leadership_mode = forms.ChoiceField(
        label=_("领导任用方式"), choices=[("", "—"), *LeadershipMode.choices], required=False
    )
    approval_record = forms.CharField(label=_("任用批准文号"), max_length=100, required=False)

    def __init__(self, *args: Any, zone: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(zone)  # type: ignore[attr-defined]
        self.fields["post"].queryset = Post.objects.filter(zone=zone)  # type: ignore[attr-defined]


class RoundForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=128)
    kind = forms.ChoiceField(label=_("类型"), choices=RoundKind.choices)
    written_weight = forms.DecimalField(label=_("笔试权重"), max_digits=4, decimal_places=3, initial=Decimal("0.4"))
    interview_weight = forms.DecimalField(label=_("面试权重"), max_digits=4, decimal_places=3, initial=Decimal("0.6"))
    apply_from = forms.DateField(label=_("报名开始"), required=False, widget=_date())
    apply_to = forms.DateField(label=_("报名截止"), required=False, widget=_date())


class ApplicationForm(forms.Form):
    post = forms.ChoiceField(label=_("岗位"))
    preference = forms.IntegerField(label=_("志愿"), min_value=1, max_value=20, initial=1)
    staff = forms.ModelChoiceField(queryset=Staff.objects.none(), label=_("本单位人员"), required=False)
    name = forms.CharField(label=_("姓名（外部人员）"), max_length=64, required=False)
    id_number = forms.CharField(label=_("身份证号（外部人员）"), max_length=18, required=False)
    education = forms.ChoiceField(label=_("学历（外部人员）"), choices=[("", "—"), *Education.choices], required=False)

    def __init__(self, *args: Any, round: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [  # type: ignore[attr-defined]
            # a ChoiceField: choices set per round
            (rp.pk, rp.post.title)
            for rp in round.round_posts.select_related("post")
        ]
        self.fields["staff"].queryset = Staff.objects.filter(  # type: ignore[attr-defined]
            zone=round.zone, status__in=["serving", "on_leave"]
        ).order_by("name")
        self.fields["staff"].label_from_instance = lambda s: f"{s.name}（{s.masked_id}）"  # type: ignore[attr-defined]


class PublicityForm(forms.Form):
    on = forms.DateField(label=_("公示开始日期"), initial=timezone.localdate, widget=_date())


class ContractForm(forms.Form):
    start = forms.DateField(label=_("合同开始日期"), initial=timezone.localdate, widget=_date())


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideObjectionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("处理结果"), choices=[("1", _("异议成立")), ("0", _("异议不成立"))], coerce=lambda v: v == "1"
    )
    finding = forms.CharField(label=_("核查意见"), widget=forms.Textarea(attrs={"rows": 2}))


class UnplacedForm(forms.Form):
    category = forms.ChoiceField(
        label=_("处置类别"), choices=[c for c in UnplacedCategory.choices if c[0] != UnplacedCategory.PENDING]
    )
    outcome = forms.CharField(label=_("处置结果"), max_length=500)


class GradeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(label=_("等次"), choices=Grade.choices)
    rank = forms.IntegerField(label=_("年度排名"), min_value=1, required=False)
    ranked_of = forms.IntegerField(label=_("参加排名人数"), min_value=1, required=False)


class RenewalForm(forms.Form):
    decision = forms.ChoiceField(label=_("决定"), choices=RenewalDecisionKind.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

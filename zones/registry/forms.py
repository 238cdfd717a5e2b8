"""Browser forms of the registry's edit pages (the zone list's filter form is ``filters.ZoneFilterSet``)."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from devzone.domain.fields import length_of

from .models import (
    CompanySpecialty,
    CompanyTier,
    ManagementModel,
    ManagingAuthority,
    PlatformCompany,
    SocialFunction,
    SocialFunctionKind,
    SocialFunctionState,
    Zone,
    ZoneKind,
    ZoneLevel,
    ZoneMerge,
    ZoneStatus,
    ZoneStatusChange,
)


def _blank(choices: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("全部")), *choices]


# ---------------------------------------------------------------------------------------------
# Registry forms: zone facts, status change, merge, platform companies, social functions, plots.
# The services validate (and speak Chinese); the forms only shape the input.
# ---------------------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"


def _zone_choices(zones: Any) -> list[tuple[str, str]]:
    return [(z.code, f"{z.name}（{z.code}）") for z in zones]


class ZoneEditForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=128)
    kind = forms.ChoiceField(label=_("类型"), choices=ZoneKind.choices)
    level = forms.ChoiceField(label=_("级别"), choices=ZoneLevel.choices)
    managing_authority = forms.ChoiceField(label=_("管理主体"), choices=ManagingAuthority.choices)
    management_model = forms.ChoiceField(label=_("管理模式"), choices=ManagementModel.choices)
    founded_year = forms.IntegerField(label=_("成立年份"), required=False, min_value=1949, max_value=2100)
    leading_industries = forms.CharField(label=_("主导产业"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    parent_zone = forms.ChoiceField(label=_("上级园区"), required=False)

    def __init__(self, *args: Any, user: Any, zone: Zone, **kwargs: Any) -> None:
        from .selectors import parent_zone_choices

        super().__init__(*args, **kwargs)
        choices = _zone_choices(parent_zone_choices(user=user, zone=zone))
        if zone.parent_zone is not None and zone.parent_zone.code not in dict(choices):
            choices.append((zone.parent_zone.code, zone.parent_zone.name))
        cast(forms.ChoiceField, self.fields["parent_zone"]).choices = [("", _("无（独立开发区）")), *choices]

    @staticmethod
    def initial_for(zone: Zone) -> dict[str, Any]:
        return {
            "name": zone.name,
            "kind": zone.kind,
            "level": zone.level,
            "managing_authority": zone.managing_authority,
            "management_model": zone.management_model,
            "founded_year": zone.founded_year,
            "leading_industries": zone.leading_industries,
            "parent_zone": zone.parent_zone.code if zone.parent_zone else "",
        }

    def clean_parent_zone(self) -> Zone | None:
        code = self.cleaned_data.get("parent_zone")
        return Zone.objects.filter(code=code).first() if code else None


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("新状态"))
    effective_date = forms.DateField(label=_("生效日期"), widget=DateInput)
    reason = forms.CharField(
        label=_("事由"),
        required=False,
        max_length=length_of(ZoneStatusChange, "reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document_no = forms.CharField(
        label=_("文号"), required=False, max_length=length_of(ZoneStatusChange, "document_no")
    )

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        from . import rules

        super().__init__(*args, **kwargs)
        allowed = rules.STATUS_TRANSITIONS.get(zone.status, frozenset())
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (v, label) for v, label in ZoneStatus.choices if v in allowed
        ]


class MergeForm(forms.Form):
    merged = forms.MultipleChoiceField(label=_("被整合的开发区"), widget=forms.CheckboxSelectMultiple)
    effective_date = forms.DateField(label=_("生效日期"), widget=DateInput)
    document_no = forms.CharField(label=_("文号"), required=False, max_length=length_of(ZoneMerge, "document_no"))
    reason = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=length_of(ZoneMerge, "reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: Any, zone: Zone, **kwargs: Any) -> None:
        from .selectors import mergeable_zones

        super().__init__(*args, **kwargs)
        self.candidates = {z.code: z for z in mergeable_zones(user=user, surviving=zone)}
        cast(forms.ChoiceField, self.fields["merged"]).choices = _zone_choices(self.candidates.values())

    def clean_merged(self) -> list[Zone]:
        return [self.candidates[code] for code in self.cleaned_data["merged"]]


class PlatformCompanyForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=128)
    tier = forms.ChoiceField(label=_("层级"), choices=CompanyTier.choices)
    specialty = forms.ChoiceField(label=_("业务板块"), required=False, choices=_blank(CompanySpecialty.choices))
    parent = forms.ChoiceField(label=_("上级(出资)单位"), required=False)
    shareholding_pct = forms.DecimalField(label=_("持股比例(%)"), required=False, max_digits=7, decimal_places=2)
    business_scope = forms.CharField(label=_("经营范围"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, zone: Zone, company: PlatformCompany | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = PlatformCompany.objects.filter(zone=zone).order_by("tier", "name")
        if company is not None:
            others = others.exclude(pk=company.pk)
        cast(forms.ChoiceField, self.fields["parent"]).choices = [("", _("无")), *[(str(c.pk), c.name) for c in others]]
        cast(forms.ChoiceField, self.fields["specialty"]).choices = [
            ("", _("（非专业化公司不填）")),
            *CompanySpecialty.choices,
        ]

    @staticmethod
    def initial_for(company: PlatformCompany) -> dict[str, Any]:
        return {
            "name": company.name,
            "tier": company.tier,
            "specialty": company.specialty,
            "parent": str(company.parent_id or ""),
            "shareholding_pct": company.shareholding_pct,
            "business_scope": company.business_scope,
        }

    def clean_parent(self) -> int | None:
        value = self.cleaned_data.get("parent")
        return int(value) if value else None


class SocialFunctionForm(forms.Form):
    function = forms.ChoiceField(label=_("社会事务职能"), choices=SocialFunctionKind.choices)
    state = forms.ChoiceField(label=_("状态"), choices=SocialFunctionState.choices)
    receiving_body = forms.CharField(label=_("承接单位"), required=False, max_length=128)
    effective_date = forms.DateField(label=_("日期"), required=False, widget=DateInput)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def initial_for(item: SocialFunction) -> dict[str, Any]:
        return {
            "function": item.function,
            "state": item.state,
            "receiving_body": item.receiving_body,
            "effective_date": item.effective_date,
            "note": item.note,
        }


class ZoneCodeInput(forms.TextInput):
    """A zone code typed with suggestions from ``zones:suggest`` (static/js/zonesuggest.js), in
    place of a select listing every zone in scope (issue 9: thousands of zones nationwide)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "autocomplete": "off",
            "data-zone-suggest": reverse_lazy("zones:suggest"),
            "placeholder": _("输入开发区代码或名称"),
            "maxlength": "64",
        }
        super().__init__({**defaults, **(attrs or {})})

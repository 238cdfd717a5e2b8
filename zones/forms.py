from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.tenancy import visible_zones
from devzone.tenancy.roles import DRAFT_PLAN

from .models import (
    CompanySpecialty,
    CompanyTier,
    FinanceModel,
    LandPlot,
    ManagementModel,
    ManagingAuthority,
    PlanSection,
    PlanState,
    PlatformCompany,
    PlotUse,
    Region,
    RegionLevel,
    SocialFunction,
    SocialFunctionKind,
    SocialFunctionState,
    Zone,
    ZoneKind,
    ZoneLevel,
    ZoneStatus,
)
from .rules import SECTION_FIELDS
from .services import COMMENT_MAX, FIGURE_MAX, PLAN_TEXT_MAX, UNIT_DUTIES_MAX, UNIT_NAME_MAX, UNITS_MAX


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _("全部")), *choices]


class ZoneFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=64)
    kind = forms.ChoiceField(label=_("类型"), choices=_blank(ZoneKind.choices), required=False)
    level = forms.ChoiceField(label=_("级别"), choices=_blank(ZoneLevel.choices), required=False)
    city = forms.ChoiceField(label=_("所在市"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=_blank(ZoneStatus.choices), required=False)
    management_model = forms.ChoiceField(label=_("管理模式"), choices=_blank(ManagementModel.choices), required=False)
    parent_zone = forms.ChoiceField(label=_("上级园区"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # On a page, only the cities the user has zones in: the filter reveals nothing beyond the
        # scope. Without a user (report parameters), every city; the report checks the scope.
        cities = Region.objects.filter(level=RegionLevel.CITY)
        if user is not None:
            cities = cities.filter(city_zones__in=visible_zones(user)).distinct()
        cities = cities.order_by("code").values_list("code", "name")
        self.fields["city"].choices = _blank(list(cities))
        # Zones with sub-parks (一区多园) the user sees.
        parents = (
            Zone.objects.filter(pk__in=visible_zones(user), sub_parks__isnull=False)
            .distinct()
            .order_by("code")
            .values_list("code", "name")
        )
        self.fields["parent_zone"].choices = _blank(list(parents))


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
        self.fields["parent_zone"].choices = [("", _("无（独立开发区）")), *choices]

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
    reason = forms.CharField(label=_("事由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    document_no = forms.CharField(label=_("文号"), required=False, max_length=64)

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        from . import rules

        super().__init__(*args, **kwargs)
        allowed = rules.STATUS_TRANSITIONS.get(zone.status, frozenset())
        self.fields["to_status"].choices = [(v, label) for v, label in ZoneStatus.choices if v in allowed]


class MergeForm(forms.Form):
    merged = forms.MultipleChoiceField(label=_("被整合的开发区"), widget=forms.CheckboxSelectMultiple)
    effective_date = forms.DateField(label=_("生效日期"), widget=DateInput)
    document_no = forms.CharField(label=_("文号"), required=False, max_length=64)
    reason = forms.CharField(label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, zone: Zone, **kwargs: Any) -> None:
        from .selectors import mergeable_zones

        super().__init__(*args, **kwargs)
        self.candidates = {z.code: z for z in mergeable_zones(user=user, surviving=zone)}
        self.fields["merged"].choices = _zone_choices(self.candidates.values())

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
        self.fields["parent"].choices = [("", _("无")), *[(str(c.pk), c.name) for c in others]]
        self.fields["specialty"].choices = [("", _("（非专业化公司不填）")), *CompanySpecialty.choices]

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


class LandPlotForm(forms.Form):
    code = forms.CharField(label=_("地块编号"), max_length=64)
    use = forms.ChoiceField(label=_("用地性质"), choices=PlotUse.choices)
    area = forms.ChoiceField(label=_("所在区域"), required=False)
    area_mu = forms.DecimalField(label=_("面积(亩)"), max_digits=12, decimal_places=2)
    enterprise = forms.CharField(label=_("企业"), required=False, max_length=128)
    annual_tax = forms.DecimalField(label=_("年度税收(元)"), required=False, max_digits=16, decimal_places=2)
    annual_output = forms.DecimalField(label=_("年度产值(元)"), required=False, max_digits=18, decimal_places=2)
    figures_year = forms.IntegerField(label=_("数据年度"), required=False, min_value=0, max_value=9999)
    needed_supporting = forms.BooleanField(label=_("必要配套(配套用地不调出)"), required=False)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = zone.areas.order_by("kind", "slug")
        self.fields["area"].choices = [("", _("未指定")), *[(a.slug, a.name or a.get_kind_display()) for a in areas]]

    @staticmethod
    def initial_for(plot: LandPlot) -> dict[str, Any]:
        return {
            "code": plot.code,
            "use": plot.use,
            "area": plot.area.slug if plot.area else "",
            "area_mu": plot.area_mu,
            "enterprise": plot.enterprise,
            "annual_tax": plot.annual_tax,
            "annual_output": plot.annual_output,
            "figures_year": plot.figures_year,
            "needed_supporting": plot.needed_supporting,
            "note": plot.note,
        }


# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans: list filters, the drafting form with its repeatable rows, the return form
# ---------------------------------------------------------------------------------------------


class PlanFilterForm(forms.Form):
    zone = forms.ChoiceField(label=_("开发区"), required=False)
    state = forms.ChoiceField(label=_("状态"), choices=_blank(PlanState.choices), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = visible_zones(user).order_by("city__code", "code").values_list("code", "name")
        self.fields["zone"].choices = _blank(list(zones))


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(forms.Form):
    """The structured figures and the prose of every section (bodies and agencies: formsets)."""

    leadership_posts = forms.IntegerField(
        label=_("领导职数"), min_value=0, max_value=FIGURE_MAX["leadership_posts"], required=False
    )
    leadership_note = forms.CharField(
        label=_("领导职数说明"), max_length=PLAN_TEXT_MAX, required=False, widget=_textarea(2)
    )
    headcount_cap = forms.IntegerField(
        label=_("员额总数"), min_value=0, max_value=FIGURE_MAX["headcount_cap"], required=False
    )
    hiring_mode = forms.CharField(
        label=_("选人用人方式"), max_length=PLAN_TEXT_MAX, required=False, widget=_textarea(2)
    )
    contract_term_years = forms.IntegerField(
        label=_("聘期（年）"), min_value=0, max_value=FIGURE_MAX["contract_term_years"], required=False
    )
    exit_rule = forms.CharField(label=_("退出机制"), max_length=PLAN_TEXT_MAX, required=False, widget=_textarea(2))
    finance_model = forms.ChoiceField(
        label=_("财政管理方式"), choices=[("", _("（未选择）")), *FinanceModel.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slug, title in PlanSection.choices:
            self.fields[f"text_{slug}"] = forms.CharField(
                label=_("%(section)s（正文）") % {"section": title},
                max_length=PLAN_TEXT_MAX,
                required=False,
                widget=_textarea(4),
            )

    @staticmethod
    def initial_for(data: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in data.items() if k not in ("sections", "internal_bodies", "dispatched_agencies")}
        for slug, text in (data.get("sections") or {}).items():
            initial[f"text_{slug}"] = text
        return initial

    def plan_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in PLAN_FORM_FIGURES}
        data["sections"] = {slug: self.cleaned_data.get(f"text_{slug}") or "" for slug in PlanSection.values}
        return data

    def section_fields(self, slug: str) -> list[Any]:
        """The bound fields of one section, structured ones first, then its prose."""
        names = [*SECTION_FIELDS.get(slug, ()), f"text_{slug}"]
        return [self[name] for name in names]


PLAN_FORM_FIGURES = (
    "leadership_posts",
    "leadership_note",
    "headcount_cap",
    "hiring_mode",
    "contract_term_years",
    "exit_rule",
    "finance_model",
)


class PlanCreateForm(PlanForm):
    zone = forms.ChoiceField(label=_("开发区"))

    field_order = ["zone"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = visible_zones(user, DRAFT_PLAN).order_by("city__code", "code").values_list("code", "name")
        self.fields["zone"].choices = [("", _("请选择")), *zones]


class PlanUnitForm(forms.Form):
    """One internal body or dispatched agency; a row left blank is ignored."""

    name = forms.CharField(label=_("名称"), max_length=UNIT_NAME_MAX, required=False)
    duties = forms.CharField(label=_("职责"), max_length=UNIT_DUTIES_MAX, required=False, widget=_textarea(2))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("duties") and not cleaned.get("name"):
            self.add_error("name", _("请填写名称。"))
        return cleaned


class BasePlanUnitFormSet(forms.BaseFormSet):
    def units(self) -> list[dict[str, str]]:
        """The rows kept, in order: not deleted and not blank."""
        out = []
        for form in self.forms:
            if not form.cleaned_data or (self.can_delete and self._should_delete_form(form)):
                continue
            if form.cleaned_data.get("name"):
                out.append({"name": form.cleaned_data["name"], "duties": form.cleaned_data.get("duties") or ""})
        return out


PlanUnitFormSet = forms.formset_factory(
    PlanUnitForm,
    formset=BasePlanUnitFormSet,
    extra=1,
    can_delete=True,
    max_num=UNITS_MAX,
    validate_max=True,
    absolute_max=UNITS_MAX + 10,
)


class PlanReturnForm(forms.Form):
    """The reviewer's comment on each section (at least one) and a general note."""

    note = forms.CharField(label=_("退回说明"), max_length=COMMENT_MAX, required=False, widget=_textarea(2))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slug, title in PlanSection.choices:
            self.fields[f"comment_{slug}"] = forms.CharField(
                label=_("对“%(section)s”的意见") % {"section": title},
                max_length=COMMENT_MAX,
                required=False,
                # shown beside each section, outside the <form> element: tie it to the form
                widget=forms.Textarea(attrs={"rows": 2, "form": "plan-return"}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not any((cleaned.get(f"comment_{slug}") or "").strip() for slug in PlanSection.values):
            raise forms.ValidationError(_("退回时请至少对一个部分提出意见。"))
        return cleaned

    def comments(self) -> list[dict[str, str]]:
        return [
            {"section": slug, "text": self.cleaned_data[f"comment_{slug}"]}
            for slug in PlanSection.values
            if (self.cleaned_data.get(f"comment_{slug}") or "").strip()
        ]


class PlanCompareForm(forms.Form):
    a = forms.ChoiceField(label=_("对比版本"))
    b = forms.ChoiceField(label=_("与"))

    def __init__(self, *args: Any, revisions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.key, r.label) for r in revisions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

"""Browser forms of the 一区一策 plans."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.tenancy.scope import visible_zones
from zones.plans.grants import DRAFT_PLAN
from zones.registry.forms import ZoneCodeInput

from .models import FinanceModel, PlanSection
from .rules import SECTION_FIELDS
from .services import (
    COMMENT_MAX,
    DOCUMENT_NUMBER_MAX,
    FIGURE_MAX,
    PLAN_TEXT_LIMITS,
    PLAN_TEXT_MAX,
    UNIT_DUTIES_MAX,
    UNIT_NAME_MAX,
    UNITS_MAX,
)

# ---------------------------------------------------------------------------------------------
# 一区一策 reform plans: the drafting form with its repeatable rows, the return form
# ---------------------------------------------------------------------------------------------


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(forms.Form):
    """The structured figures and the prose of every section (bodies and agencies: formsets)."""

    leadership_posts = forms.IntegerField(
        label=_("领导职数"), min_value=0, max_value=FIGURE_MAX["leadership_posts"], required=False
    )
    leadership_note = forms.CharField(
        label=_("领导职数说明"), max_length=PLAN_TEXT_LIMITS["leadership_note"], required=False, widget=_textarea(2)
    )
    headcount_cap = forms.IntegerField(
        label=_("员额总数"), min_value=0, max_value=FIGURE_MAX["headcount_cap"], required=False
    )
    hiring_mode = forms.CharField(
        label=_("选人用人方式"), max_length=PLAN_TEXT_LIMITS["hiring_mode"], required=False, widget=_textarea(2)
    )
    contract_term_years = forms.IntegerField(
        label=_("聘期（年）"), min_value=0, max_value=FIGURE_MAX["contract_term_years"], required=False
    )
    exit_rule = forms.CharField(
        label=_("退出机制"), max_length=PLAN_TEXT_LIMITS["exit_rule"], required=False, widget=_textarea(2)
    )
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
    # typed with suggestions, not a select of every zone in scope (issue 9)
    zone = forms.CharField(label=_("开发区"), max_length=64, widget=ZoneCodeInput())

    field_order = ["zone"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_zone(self) -> str:
        code = self.cleaned_data["zone"].strip()
        if not visible_zones(self.user, DRAFT_PLAN).filter(code=code).exists():
            raise forms.ValidationError(_("没有您可以起草方案的开发区“%(code)s”：请从提示中选择。") % {"code": code})
        return code


class PlanUnitForm(forms.Form):
    """One internal body or dispatched agency; a row left blank is ignored."""

    name = forms.CharField(label=_("名称"), max_length=UNIT_NAME_MAX, required=False)
    duties = forms.CharField(label=_("职责"), max_length=UNIT_DUTIES_MAX, required=False, widget=_textarea(2))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("duties") and not cleaned.get("name"):
            self.add_error("name", _("请填写名称。"))
        return cleaned


class BasePlanUnitFormSet(forms.BaseFormSet):
    def units(self) -> list[dict[str, str]]:
        """The rows kept, in order: not deleted and not blank."""
        out = []
        for form in self.forms:
            if not form.cleaned_data or (self.can_delete and form.cleaned_data.get("DELETE")):
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


class PlanApproveForm(forms.Form):
    """The approval, on its confirmation page: the 审批意见 and the 文号 it is issued under."""

    opinion = forms.CharField(
        label=_("审批意见"),
        max_length=COMMENT_MAX,
        widget=_textarea(3),
        error_messages={"required": _("请填写审批意见。")},
    )
    document_number = forms.CharField(
        label=_("批复文号"),
        max_length=DOCUMENT_NUMBER_MAX,
        help_text=_("例如：辽编办〔2026〕12号"),
        error_messages={"required": _("请填写批复文号。")},
    )


class PlanReturnForm(forms.Form):
    """The reviewer's comment on each section (at least one), the 审批意见, 文号 and a note."""

    opinion = forms.CharField(label=_("审批意见"), max_length=COMMENT_MAX, required=False, widget=_textarea(2))
    document_number = forms.CharField(label=_("文号"), max_length=DOCUMENT_NUMBER_MAX, required=False)
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
        cleaned = super().clean() or self.cleaned_data
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
        cast(forms.ChoiceField, self.fields["a"]).choices = choices
        cast(forms.ChoiceField, self.fields["b"]).choices = choices

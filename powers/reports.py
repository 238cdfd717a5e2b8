"""The delegated-power list of a zone as of a date (SPEC §6 "delegated-power list as of a
date"), and the zone–county responsibility list, as PDFs on devzone/reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.domain import Invalid, NotFound
from devzone.reports.registry import OutOfScope, Report, ReportParams, register, zone_choices

from . import selectors
from .forms import end_of_day


class ZoneParams(ReportParams):
    page_choices = {"zone": zone_choices}

    zone = forms.CharField(label=gettext_lazy("开发区代码"), max_length=64)

    def clean_zone(self) -> Any:
        try:
            return selectors.zone_in_scope(self.user, self.cleaned_data["zone"])
        except NotFound as exc:
            raise OutOfScope(self.cleaned_data["zone"]) from exc


class RegisterParams(ZoneParams):
    page_fields = ("zone", "as_of")

    as_of = forms.DateField(label=gettext_lazy("截至日期"), required=False)
    status = forms.CharField(required=False)
    domain = forms.CharField(required=False)
    granting_department = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        day = data.get("as_of") or timezone.localdate()
        data["day"] = day
        filters = {k: data[k] for k in ("status", "domain", "granting_department") if data.get(k)}
        try:
            data["rows"] = selectors.labelled(selectors.register(self.user, data["zone"], day, filters))
        except Invalid as exc:
            raise forms.ValidationError(exc.detail) from exc
        return data


REGISTER = register(
    Report(
        slug="power-register",
        title=gettext_lazy("开发区赋权清单"),
        template="powers/reports/register.html",
        params=RegisterParams,
        context=lambda user, params: {"zone": params["zone"], "day": params["day"], "rows": params["rows"]},
        count=lambda user, params: len(params["rows"]),
        scope=lambda user, params: (
            _("%(zone)s · 截至 %(day)s") % {"zone": params["zone"].name, "day": params["day"].isoformat()}
        ),
        description=gettext_lazy("一个开发区在某一日期有效的赋权事项：方式、状态、文号、有效期、服务创新"),
    )
)


class RecordedParams(ZoneParams):
    page_fields = ("zone", "recorded_on", "as_of")

    recorded_on = forms.DateField(label=gettext_lazy("登记日期"))
    as_of = forms.DateField(label=gettext_lazy("有效日期"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data["recorded_on"] > timezone.localdate():
            raise forms.ValidationError({"recorded_on": _("登记日期不能晚于今天。")})
        data["day"] = data.get("as_of") or data["recorded_on"]
        data["rows"] = selectors.recorded_register(
            self.user, data["zone"], end_of_day(data["recorded_on"]), data["day"]
        )
        return data


RECORDED = register(
    Report(
        slug="power-register-recorded",
        title=gettext_lazy("开发区赋权清单（按登记日期）"),
        template="powers/reports/register.html",
        params=RecordedParams,
        context=lambda user, params: {
            "zone": params["zone"],
            "day": params["day"],
            "recorded_on": params["recorded_on"],
            "rows": params["rows"],
        },
        count=lambda user, params: len(params["rows"]),
        scope=lambda user, params: (
            _("%(zone)s · %(recorded)s 登记 · %(day)s 有效")
            % {
                "zone": params["zone"].name,
                "recorded": params["recorded_on"].isoformat(),
                "day": params["day"].isoformat(),
            }
        ),
        description=gettext_lazy("某一登记日期系统中记载的、某一日期有效的赋权事项（之后的更正不在其中）"),
    )
)


RESPONSIBILITIES = register(
    Report(
        slug="power-responsibilities",
        title=gettext_lazy("开发区与县(市、区)权责清单"),
        template="powers/reports/responsibilities.html",
        params=ZoneParams,
        context=lambda user, params: {
            "zone": params["zone"],
            "rows": list(selectors.responsibilities_for(user).filter(zone=params["zone"])),
        },
        count=lambda user, params: selectors.responsibilities_for(user).filter(zone=params["zone"]).count(),
        scope=lambda user, params: params["zone"].name,
        description=gettext_lazy("开发区与所在县(市、区)的事项职责划分与交接程序"),
        rows_per_page=8,
    )
)

"""The change history of one record as a PDF (SPEC §6), on the devzone/reports framework."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.reports.registry import OutOfScope, Report, ReportParams, register
from devzone.types import User

from . import selectors


def _record_types(user: User) -> list[tuple[Any, str]]:
    from .registry import registrations

    return sorted(((r.key, r.verbose_name) for r in registrations()), key=lambda c: c[0])


class RecordHistoryParams(ReportParams):
    page_choices = {"model": _record_types}

    model = forms.CharField(label=gettext_lazy("记录类型"), max_length=100)
    record_id = forms.IntegerField(label=gettext_lazy("记录编号"), min_value=1)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        try:
            data["changes"] = selectors.record_history(self.user, data["model"], data["record_id"])
        except Http404 as exc:  # unknown type, no such record, or nothing of it in scope
            raise OutOfScope(data["model"]) from exc
        return data


def _first(params: dict[str, Any]) -> Any:
    return params["changes"][0]


def _scope(user: User, params: dict[str, Any]) -> str:
    row = _first(params)
    parts = [row.model_name, row.record_label]
    if row.zone_name and row.zone_name != row.record_label:
        parts.insert(0, row.zone_name)
    return _("%(record)s 的全部变更") % {"record": " · ".join(parts)}


RECORD_HISTORY = register(
    Report(
        slug="record-history",
        title=gettext_lazy("变更记录"),
        template="audit/reports/record_history.html",
        params=RecordHistoryParams,
        context=lambda user, params: {"record": _first(params), "changes": list(params["changes"])},
        count=lambda user, params: params["changes"].count(),
        scope=_scope,
        description=gettext_lazy("一条记录的全部变更：操作人、时间、途径、各字段变更前后的值"),
        rows_per_page=8,
    )
)

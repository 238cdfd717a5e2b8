"""The change-history filters, shared by the page and the API (query parameters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.domain.fields import BoundedDateField

from . import registry
from .context import ChangePath
from .selectors import ChangeType

ALL = ("", _("全部"))


class HistoryFilterForm(forms.Form):
    zone = forms.SlugField(label=_("开发区"), required=False, max_length=64)
    model = forms.ChoiceField(label=_("记录类型"), required=False)
    record_id = forms.IntegerField(label=_("记录编号"), required=False, min_value=1, max_value=2**63 - 1)
    user = forms.CharField(label=_("操作人"), required=False, max_length=150)
    date_from = BoundedDateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1900, max_value=9998)
    change_type = forms.ChoiceField(label=_("变更类型"), required=False, choices=[ALL, *ChangeType.choices])
    path = forms.ChoiceField(label=_("变更途径"), required=False, choices=[ALL, *ChangePath.choices])

    def __init__(self, *args: Any, zones: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field = self.fields["model"]
        assert isinstance(model_field, forms.ChoiceField)
        model_field.choices = [ALL, *((r.key, r.verbose_name) for r in registry.registrations())]
        if zones is not None:
            # The page offers the user's zones; any other code is answered 404 by the selector.
            self.fields["zone"].widget = forms.Select(choices=[ALL, *zones])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def error_dict(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}


class RecordFilterForm(HistoryFilterForm):
    """One record's history: the record is in the URL; the rest filters its versions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("zone", "model", "record_id"):
            del self.fields[name]

"""The 一区一策 plan list's filters, declared once (ADR 0010): applied inside
``selectors.plan_list`` and shared by the API (schema included) and the page (``filterset.form``)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from devzone.types import User
from zones.registry.filters import ALL
from zones.registry.forms import ZoneCodeInput

from .models import Plan, PlanState


class PlanFilterSet(django_filters.FilterSet):
    """A zone code outside the user's scope lists nothing; on a page (``user`` given) the zone
    is typed with suggestions from the user's zones (no select of every zone: issue 9)."""

    zone = django_filters.CharFilter(field_name="zone__code", label=_("开发区"), help_text="开发区代码")
    state = django_filters.ChoiceFilter(choices=PlanState.choices, label=_("状态"), empty_label=ALL)

    class Meta:
        model = Plan
        fields = ["zone", "state"]

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.form.fields["zone"].widget = ZoneCodeInput()

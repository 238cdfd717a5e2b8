"""The plans' panel on the role homes: plans by state, each a link to the filtered list (one query)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from devzone.tenancy import scoped
from devzone.types import User
from devzone.web.figures import FigureGroup, count_figures, panel

from .models import Plan, PlanState


def plan_figures(user: User) -> dict[str, Any] | None:
    """Cards and a chart of the plans in the user's zones by state; None when there are none."""
    if not user.is_authenticated:
        return None
    counts = {
        row["state"]: row["n"]
        for row in scoped(Plan.objects.all(), user).values("state").annotate(n=Count("pk")).order_by()
    }
    if not counts:
        return None
    url = reverse("plans:list")
    figures = count_figures(counts, PlanState.choices, lambda v: f"{url}?{urlencode({'state': v})}")
    return panel(
        _("一区一策方案"),
        "home-plan-figures",
        [FigureGroup(_("按状态"), figures, chart="bar", key="plan-state")],
        url=url,
    )

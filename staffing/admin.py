"""Operator tools: the staffing rule set (SPEC: configurable rule sets, seed 002 as defaults; ADR 0303)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import StaffingRuleSet


@admin.register(StaffingRuleSet)
class StaffingRuleSetAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "effective_year",
        "max_preferences",
        "tie_break",
        "publicity_working_days",
        "contract_term_years",
        "bottom_share_percent",
        "full_id_roles",
    ]

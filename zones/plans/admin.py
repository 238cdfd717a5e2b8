"""Operator tools: the province's plan rule sets (SPEC: configurable rule sets, seeds as defaults; ADR 0142)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PlanBodyBound, PlanRuleSet


class PlanBodyBoundInline(admin.TabularInline):
    model = PlanBodyBound
    extra = 0
    fields = ["management_model", "min_bodies", "max_bodies", "max_agencies", "source"]


@admin.register(PlanRuleSet)
class PlanRuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "effective_year", "require_headcount_cap", "require_leadership_posts", "duties_required"]
    inlines = [PlanBodyBoundInline]

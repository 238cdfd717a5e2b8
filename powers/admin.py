"""Operator tools: the evaluation rule set (period and due days; ADR 0203), on history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EvaluationRuleSet


@admin.register(EvaluationRuleSet)
class EvaluationRuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "effective_year", "months", "grace_days"]

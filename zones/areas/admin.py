"""Operator tools: the province's area rule sets (declared-vs-computed tolerance; ADR 0161)."""

from django.contrib import admin

from .models import AreaRuleSet


@admin.register(AreaRuleSet)
class AreaRuleSetAdmin(admin.ModelAdmin):
    list_display = ("effective_year", "declared_tolerance_pct", "note")
    ordering = ("-effective_year",)

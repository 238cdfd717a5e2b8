"""Operators can see what is owed and why a run failed; they change nothing here."""

from typing import Any

from django.contrib import admin

from .models import Outbox


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ["kind", "scope", "year", "requested_version", "done_version", "pending_since", "attempts"]
    list_filter = ["kind"]
    search_fields = ["scope"]
    readonly_fields = [f.name for f in Outbox._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

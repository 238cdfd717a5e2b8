"""The province keeps the calendar: each year's State Council notice entered as days."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["day", "working", "name"]
    list_filter = ["working"]
    date_hierarchy = "day"

from django.contrib import admin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Operators can see who imported what and how it went; runs are never edited by hand."""

    list_display = ["created_at", "user", "importer", "file_name", "state", "created_count", "updated_count"]
    list_filter = ["importer", "state"]
    search_fields = ["file_name", "user__username"]
    exclude = ["payload"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

"""Purge runs hold counts and dates only, no person data: the technical administrator reads them."""

from django.contrib import admin

from relais.retention.models import PurgeRun


@admin.register(PurgeRun)
class PurgeRunAdmin(admin.ModelAdmin):
    list_display = ["ran_at", "today", "category", "outcome", "rows", "older_than"]
    list_filter = ["category", "outcome"]
    date_hierarchy = "ran_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from relais.ops.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Read-only: the scheduler writes these rows, nobody edits them."""

    list_display = ["job_name", "slot_start", "outcome", "started_at", "finished_at", "duration", "error_summary"]
    list_filter = ["job_name", "outcome"]
    date_hierarchy = "slot_start"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

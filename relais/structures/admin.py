from django.contrib import admin

from relais.structures.live import availability_refresh
from relais.structures.models import CapacityTarget, FreshnessRule, Programme, Structure


@admin.register(FreshnessRule)
class FreshnessRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "hours"]


class CapacityTargetInline(admin.TabularInline):
    model = CapacityTarget
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "operator"]
    inlines = [CapacityTargetInline]


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "operator", "cog", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "finess_et"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        availability_refresh(structures=[obj])  # its mode may have changed: the live row follows

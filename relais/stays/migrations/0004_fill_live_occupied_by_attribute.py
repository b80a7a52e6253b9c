"""Fills the live rows' new counts of open stays by place attribute (computed-mode structures), in one
set-based UPDATE: what `availability_refresh` would write, without recomputing every other figure."""

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

ATTRIBUTES = ["women_only", "accessible", "pets", "couple"]


def fill(apps, schema_editor):
    StructureAvailability = apps.get_model("structures", "StructureAvailability")
    Stay = apps.get_model("stays", "Stay")

    def open_stays_with(attribute):
        stays = Stay.objects.filter(
            structure=OuterRef("structure"), exited_at__isnull=True, **{f"place__{attribute}": True}
        )
        counts = stays.order_by().values("structure").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counts, output_field=IntegerField()), 0)

    StructureAvailability.objects.filter(structure__availability_mode="computed").update(
        **{f"occupied_{a}": open_stays_with(a) for a in ATTRIBUTES}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stays", "0003_fill_live_availability"),
        ("structures", "0009_live_occupied_by_attribute"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

"""Fills the live availability rows of the structures already recorded (computed from the history,
open stays included: hence here, once both apps' tables exist)."""

from django.db import migrations


def fill(apps, schema_editor):
    # The current code on purpose: the rows are what `availability_refresh` writes. On an empty
    # database (every fresh install) it reads no structure at all.
    from relais.structures.live import availability_rollover

    availability_rollover()


class Migration(migrations.Migration):
    dependencies = [
        ("stays", "0002_capacity_triggers"),
        ("structures", "0005_live_availability"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

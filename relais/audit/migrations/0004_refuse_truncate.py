from django.db import migrations

from relais.audit import triggers


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(triggers.POSTGRES_CREATE[-1])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(triggers.POSTGRES_DROP[0])


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_retention_checkpoint")]

    operations = [migrations.RunPython(forwards, backwards)]

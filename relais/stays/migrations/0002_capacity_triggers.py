from django.db import migrations

from relais.stays import triggers


def forwards(apps, schema_editor):
    triggers.create(schema_editor.connection)


def backwards(apps, schema_editor):
    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("stays", "0001_initial"), ("structures", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

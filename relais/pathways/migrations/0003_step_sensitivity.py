from django.db import migrations, models
from django.db.models import Q

# Frozen here: the care kinds at the time of this migration.
HEALTH_KINDS = ["csapa", "psy_assessment", "psy_hospitalisation", "somatic", "substitution"]


def set_sensitivity(apps, schema_editor):
    PathwayStep = apps.get_model("pathways", "PathwayStep")
    PathwayStep.objects.filter(kind__in=HEALTH_KINDS).update(sensitivity="health")


class Migration(migrations.Migration):
    dependencies = [("pathways", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="pathwaystep",
            name="sensitivity",
            field=models.CharField(
                choices=[("social", "Étape sociale ou d'insertion"), ("health", "Étape de soins")],
                default="social",
                max_length=10,
                verbose_name="sensibilité",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(set_sensitivity, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="pathwaystep",
            constraint=models.CheckConstraint(
                condition=Q(kind__in=HEALTH_KINDS, sensitivity="health")
                | (~Q(kind__in=HEALTH_KINDS) & Q(sensitivity="social")),
                name="pathway_step_sensitivity_of_kind",
            ),
        ),
    ]

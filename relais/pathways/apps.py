from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "relais.pathways"
    label = "pathways"
    verbose_name = "Parcours de soins"

    def ready(self):
        from auditlog.registry import auditlog

        from relais.pathways.models import HealthNote, PathwayStep

        auditlog.register(PathwayStep)
        auditlog.register(HealthNote, mask_fields=["text"])

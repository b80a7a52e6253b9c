from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "relais.stays"
    label = "stays"
    verbose_name = "Séjours"

    def ready(self):
        from auditlog.registry import auditlog

        from relais.stays.models import Stay
        from relais.stays.occupancy import open_stays_count
        from relais.structures.models import OCCUPANCY_SOURCES

        auditlog.register(Stay)
        if open_stays_count not in OCCUPANCY_SOURCES:
            OCCUPANCY_SOURCES.append(open_stays_count)

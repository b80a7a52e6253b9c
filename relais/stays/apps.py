from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "relais.stays"
    label = "stays"
    verbose_name = "Séjours"

    def ready(self):
        from relais.stays import audit  # noqa: F401 - registers the models with auditlog
        from relais.stays.occupancy import open_stays_count
        from relais.structures.occupancy import OCCUPANCY_SOURCES

        if open_stays_count not in OCCUPANCY_SOURCES:
            OCCUPANCY_SOURCES.append(open_stays_count)

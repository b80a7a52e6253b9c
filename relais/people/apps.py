from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "relais.people"
    label = "people"
    verbose_name = "Personnes accompagnées"

    def ready(self):
        from relais.people import audit  # noqa: F401 - registers the models with auditlog

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "relais.people"
    label = "people"
    verbose_name = "Personnes accompagnées"

    def ready(self):
        from auditlog.registry import auditlog

        from relais.people.models import Consent, Contact, Person, PersonMerge

        auditlog.register(Person, mask_fields=["alias"], exclude_fields=["matching_key"])
        auditlog.register(Consent)
        auditlog.register(Contact)
        auditlog.register(PersonMerge)

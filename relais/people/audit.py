"""Change history of the persons' records (django-auditlog); the alias is masked, the matching key left out."""

from auditlog.registry import auditlog

from relais.people.models import Consent, Contact, Person, PersonMerge

auditlog.register(Person, mask_fields=["alias"], exclude_fields=["matching_key"])
auditlog.register(Consent)
auditlog.register(Contact)
auditlog.register(PersonMerge)

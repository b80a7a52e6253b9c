"""Emptying person records of what identifies them, keeping the dated rows that figures count.

Used by the retention purge and by the right to erasure. A person row cannot be deleted (stays,
referrals and pathway steps point to it and feed published figures), so it is anonymised: alias,
year of birth, sex, languages, needs, consents, health notes and soignants' vulnerability flags go,
open waits for a place end (the record leaves the by-name list), and the history kept by
django-auditlog for these rows goes with them. The person's lines in the archived allocations
(`allocations_forget`) lose what identified them too.
"""

import datetime
import secrets

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from relais.orientation.enums import WaitEnd
from relais.orientation.models import Allocation, PlaceWait, VulnerabilityFlag
from relais.pathways.models import HealthNote
from relais.people.crypto import ANONYMISED_KEY_PREFIX
from relais.people.enums import Need, Sex
from relais.people.models import Consent, Contact, Person
from relais.retention.models import AnonymisedPerson


def merge_family(person: Person) -> list[Person]:
    """The record a merge chain ends at and every record merged into it, directly or not: one person."""
    root = person
    while root.merged_into_id:
        root = Person.objects.get(pk=root.merged_into_id)
    family, frontier = [root], [root.pk]
    while frontier:
        children = list(Person.objects.filter(merged_into__in=frontier))
        family += children
        frontier = [child.pk for child in children]
    return family


def forget_history(model, pks) -> None:
    """Delete django-auditlog's change history of these rows (it holds their former values)."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in pks]
    ).delete()


def contacts_anonymise(contacts) -> int:
    """Drop the exact place of encounters; date, arrondissement, organisation and count stay."""
    pks = list(contacts.values_list("pk", flat=True))
    Contact.objects.filter(pk__in=pks).update(location_label="", latitude=None, longitude=None)
    forget_history(Contact, pks)
    return len(pks)


ERASED_CODE = "Personne effacée"


def allocations_forget(person_ids) -> int:
    """Empty the lines of these persons in every archived allocation: id, code, reasons, needs and where they
    were last met go; their rank, points and waiting time stay, so the others' matches still add up. The
    distance of their own match goes too (it would say where they were met). Returns the archives changed."""
    wanted = {str(pk) for pk in person_ids}
    changed = 0
    for allocation in Allocation.objects.only("pk", "persons", "matches").order_by("pk").iterator(chunk_size=20):
        indexes = [i for i, line in enumerate(allocation.persons) if line.get("id") in wanted]
        if not indexes:
            continue
        for i in indexes:
            line = allocation.persons[i]
            allocation.persons[i] = {
                **line,
                "id": None,
                "code": ERASED_CODE,
                "reasons": [],
                "takes_women_only": False,
                "needs": dict.fromkeys(line.get("needs", {}), False),
                "somatic": False,
                "psychiatric": False,
                "lat": None,
                "lon": None,
            }
        for match in allocation.matches:
            if match["person"] in indexes and "distance_km" in match:
                match["distance_km"] = None
        Allocation.objects.filter(pk=allocation.pk).update(persons=allocation.persons, matches=allocation.matches)
        changed += 1
    return changed


@transaction.atomic
def persons_anonymise(person_ids, *, reason: str, on: datetime.date) -> int:
    """Anonymise these records (already-anonymised ones are skipped); returns how many were."""
    ids = list(
        Person.objects.filter(pk__in=person_ids)
        .exclude(pk__in=AnonymisedPerson.objects.values("person"))
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    # Records that shared a matching key share one random token instead: distinct-person counts
    # recomputed for any past date stay the same, and nothing leads back to the identifiers.
    keys = Person.objects.filter(pk__in=ids).exclude(matching_key="").values_list("matching_key", flat=True).distinct()
    for key in list(keys):
        Person.objects.filter(pk__in=ids, matching_key=key).update(
            matching_key=ANONYMISED_KEY_PREFIX + secrets.token_hex(16)
        )
    Person.objects.filter(pk__in=ids).update(
        alias="", year_of_birth=None, sex=Sex.UNKNOWN, languages="", **{need.value: False for need in Need}
    )
    consents = Consent.objects.filter(person__in=ids)
    forget_history(Consent, consents.values_list("pk", flat=True))
    consents.delete()
    HealthNote.objects.filter(person__in=ids).delete()
    flags = VulnerabilityFlag.objects.filter(person__in=ids)
    forget_history(VulnerabilityFlag, flags.values_list("pk", flat=True))
    flags.delete()
    PlaceWait.objects.open().filter(person__in=ids).update(ended_at=timezone.now(), end_reason=WaitEnd.ANONYMISED)
    contacts_anonymise(Contact.objects.filter(person__in=ids))
    forget_history(Person, ids)
    allocations_forget(ids)
    AnonymisedPerson.objects.bulk_create([AnonymisedPerson(person_id=pk, on=on, reason=reason) for pk in ids])
    return len(ids)

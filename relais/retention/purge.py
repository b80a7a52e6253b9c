"""The daily retention purge: each category of RELAIS_RETENTION goes on the day it is past its time.

An item dated D, kept N days, goes on day D + N, not a day before. Each category is one
transaction and writes one PurgeRun, even when nothing was due (the run itself is the proof).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relais.audit.services import access_log_prune
from relais.orientation.models import Allocation
from relais.pathways.models import HealthNote, PathwayStep
from relais.people.models import Consent, Contact, Person
from relais.premises.enums import FINAL
from relais.premises.models import PremisesDocument
from relais.referrals.enums import PENDING
from relais.referrals.models import Referral, ReferralTransition
from relais.retention.anonymise import contacts_anonymise, forget_history, persons_anonymise
from relais.retention.enums import AnonymisationReason, Category, Outcome
from relais.retention.models import AnonymisedPerson, PurgeRun
from relais.stays.models import Stay


def last_expired_day(category: str, today: datetime.date) -> datetime.date:
    """Items dated on or before this day are past their time on `today`."""
    return today - datetime.timedelta(days=settings.RELAIS_RETENTION[category]["days"])


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after `day`, local time: datetimes before it are dated on or before `day`."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def purge_contacts(last: datetime.date, today: datetime.date) -> int:
    due = Contact.objects.filter(occurred_at__lt=_end_of(last)).exclude(
        location_label="", latitude__isnull=True, longitude__isnull=True
    )
    return contacts_anonymise(due)


def purge_persons(last: datetime.date, today: datetime.date) -> int:
    """Records created, and last active, on or before `last`. Activity was moved to the record a
    merge kept, so a merged record goes with that one."""
    after = _end_of(last)
    active = [
        Contact.objects.filter(occurred_at__gte=after),
        Referral.objects.filter(Q(sent_at__gte=after) | Q(closed_at__gte=after) | Q(status__in=PENDING)),
        Stay.objects.filter(Q(exited_at__isnull=True) | Q(exited_at__gte=after)),
        PathwayStep.objects.filter(on__gt=last),
        HealthNote.objects.filter(written_at__gte=after),
        Consent.objects.filter(given_on__gt=last),
    ]
    roots = Person.objects.filter(merged_into__isnull=True, created_at__lt=after).exclude(
        pk__in=AnonymisedPerson.objects.values("person")
    )
    for rows in active:
        roots = roots.exclude(pk__in=rows.values("person"))
    ids, frontier = [], list(roots.values_list("pk", flat=True))
    while frontier:
        ids += frontier
        frontier = list(Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
    return persons_anonymise(ids, reason=AnonymisationReason.RETENTION, on=today)


def purge_health_notes(last: datetime.date, today: datetime.date) -> int:
    deleted, _ = HealthNote.objects.filter(written_at__lt=_end_of(last)).delete()
    return deleted


def purge_referrals(last: datetime.date, today: datetime.date) -> int:
    due = Referral.objects.filter(sent_at__lt=_end_of(last)).exclude(status__in=PENDING)
    due = due.filter(Q(contact__isnull=False) | Q(transitions__by__isnull=False)).distinct()
    pks = list(due.values_list("pk", flat=True))
    Referral.objects.filter(pk__in=pks).update(contact=None)
    ReferralTransition.objects.filter(referral__in=pks).update(by=None)
    forget_history(Referral, pks)
    return len(pks)


def purge_stays(last: datetime.date, today: datetime.date) -> int:
    return Stay.objects.filter(exited_at__lt=_end_of(last), place__isnull=False).update(place=None)


def purge_access_log(last: datetime.date, today: datetime.date) -> int:
    return access_log_prune(before=_end_of(last))


def purge_premises_documents(last: datetime.date, today: datetime.date) -> int:
    due = PremisesDocument.objects.filter(proposal__status__in=FINAL, proposal__status_changed_on__lte=last)
    files = [document.file for document in due]
    deleted, _ = due.delete()
    # Files last, once the rows are gone: a failure leaves an orphan file, never a dangling row.
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return deleted


def purge_allocations(last: datetime.date, today: datetime.date) -> int:
    """The archived proposals, whole: their inputs are the waiting list as it was (person by person)."""
    deleted, _ = Allocation.objects.filter(created_at__lt=_end_of(last)).delete()
    return deleted


PURGES = {
    Category.CONTACTS: (purge_contacts, Outcome.ANONYMISED),
    Category.PERSONS: (purge_persons, Outcome.ANONYMISED),
    Category.HEALTH_NOTES: (purge_health_notes, Outcome.DELETED),
    Category.REFERRALS: (purge_referrals, Outcome.ANONYMISED),
    Category.STAYS: (purge_stays, Outcome.ANONYMISED),
    Category.ACCESS_LOG: (purge_access_log, Outcome.DELETED),
    Category.PREMISES_DOCUMENTS: (purge_premises_documents, Outcome.DELETED),
    Category.ALLOCATIONS: (purge_allocations, Outcome.DELETED),
}


def purge_retention(*, today: datetime.date | None = None) -> list[PurgeRun]:
    today = today or timezone.localdate()
    runs = []
    for category, (purge, outcome) in PURGES.items():
        last = last_expired_day(category, today)
        with transaction.atomic():
            rows = purge(last, today)
            runs.append(
                PurgeRun.objects.create(category=category, outcome=outcome, rows=rows, today=today, older_than=last)
            )
    return runs

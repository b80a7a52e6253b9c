"""Operations on person records; each applies whole or not at all."""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from relais.people.crypto import ANONYMISED_KEY_PREFIX
from relais.people.enums import ConsentPurpose, Need
from relais.people.models import Consent, Contact, Person, PersonMerge
from relais.utils.history import announce
from relais.utils.idempotency import record_once
from relais.utils.prepared import statement_cursor

ERROR_MERGE_SELF = "Une fiche ne peut pas être fusionnée avec elle-même."
ERROR_MERGE_MERGED = "L'une des deux fiches a déjà été fusionnée."
ERROR_MERGE_TWO_STAYS = "Les deux fiches ont chacune un séjour en cours : clôturez l'un des deux avant de fusionner."
ERROR_MERGE_CONFLICT = "Les deux fiches ont une orientation en cours vers la même structure : annulez l'une des deux."
ERROR_MERGE_UNDONE = "Cette fusion a déjà été annulée."
ERROR_MERGE_NOT_LAST = "La fiche a été fusionnée de nouveau depuis : annulez d'abord la fusion la plus récente."
ERROR_CONSENT_WITHDRAWN = "Ce consentement a déjà été retiré."
ERROR_CONTACT_PERSON_AND_COUNT = "Une rencontre avec une personne identifiée compte une seule personne."
ERROR_CONTACT_IN_FUTURE = "L'heure de la rencontre ne peut pas être dans le futur."
# Phones' clocks drift a little: a few minutes ahead of the server is still "now".
CONTACT_CLOCK_SKEW = datetime.timedelta(minutes=5)

# Rows that follow a person when records are merged: (model path, field).
_MOVABLE = [
    ("people.Contact", "person"),
    ("people.Consent", "person"),
    ("referrals.Referral", "person"),
    ("stays.Stay", "person"),
    ("pathways.PathwayStep", "person"),
    ("pathways.HealthNote", "person"),
    ("orientation.VulnerabilityFlag", "person"),
    ("orientation.PlaceWait", "person"),
]


@dataclass
class PersonData:
    alias: str = ""
    year_of_birth: int | None = None
    sex: str = "unknown"
    languages: str = ""
    needs: list[str] = field(default_factory=list)

    def apply_to(self, person: Person) -> None:
        person.alias = self.alias.strip()
        person.year_of_birth = self.year_of_birth
        person.sex = self.sex
        person.languages = self.languages.strip()
        for need in Need:
            setattr(person, need.value, need.value in self.needs)
        person.matching_key = person.compute_matching_key()


@transaction.atomic
def person_create(*, data: PersonData, by) -> Person:
    person = Person(created_by=by, created_by_organization=by.organization)
    data.apply_to(person)
    person.full_clean()
    person.save(force_insert=True)
    return person


@transaction.atomic
def person_update(*, person: Person, data: PersonData, by) -> Person:
    data.apply_to(person)
    person.full_clean()
    person.save()
    return person


def person_duplicates(*, data: PersonData, user, exclude=None):
    """Persons the user may see whose matching key equals the one these identifiers give."""
    probe = Person()
    data.apply_to(probe)
    if not probe.matching_key:
        return Person.objects.none()
    qs = Person.objects.visible_to(user).active().filter(matching_key=probe.matching_key)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def duplicate_groups():
    """Matching keys shared by several active records, across organisations (coordination only)."""
    return (
        Person.objects.active()
        .exclude(matching_key="")
        .exclude(matching_key__startswith=ANONYMISED_KEY_PREFIX)
        .values("matching_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("-n", "matching_key")
    )


def distinct_person_count() -> dict[str, int]:
    """Records, and distinct persons by matching key (records without alias count once each)."""
    active = Person.objects.active()
    keyed = active.exclude(matching_key="").values("matching_key").distinct().count()
    return {"records": active.count(), "distinct": keyed + active.filter(matching_key="").count()}


@transaction.atomic
def person_merge(*, source: Person, target: Person, by) -> PersonMerge:
    """Move everything of `source` to `target`; `source` stays, marked merged, so it can be undone."""
    if source.pk == target.pk:
        raise ValidationError(ERROR_MERGE_SELF)
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError(ERROR_MERGE_MERGED)
    # The apps above people that hold a person's rows are reached through the app registry.
    Stay = apps.get_model("stays", "Stay")
    if Stay.objects.open().filter(person=source).exists() and Stay.objects.open().filter(person=target).exists():
        raise ValidationError(ERROR_MERGE_TWO_STAYS)
    moved = {}
    try:
        with transaction.atomic():
            for label, field_name in _MOVABLE:
                model = apps.get_model(label)
                rows = model.objects.filter(**{field_name: source})
                moved[label] = [str(pk) for pk in rows.values_list("pk", flat=True)]
                rows.update(**{field_name: target})
    except IntegrityError as exc:
        raise ValidationError(ERROR_MERGE_CONFLICT) from exc
    _announce_moved(moved)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return PersonMerge.objects.create(source=source, target=target, merged_by=by, moved=moved)


def _announce_moved(moved: dict) -> None:
    """Rows moved between two records change who is counted on every day they cover (an update of many
    rows sends no signal): each app whose rows moved is announced, for every day."""
    for app_label in sorted({label.split(".")[0] for label, pks in moved.items() if pks}):
        announce(app_label)


@transaction.atomic
def person_merge_undo(*, merge: PersonMerge, by) -> PersonMerge:
    """Put back on the source exactly the rows the merge moved."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise ValidationError(ERROR_MERGE_UNDONE)
    if PersonMerge.objects.filter(source=merge.target, undone_at__isnull=True).exists():
        raise ValidationError(ERROR_MERGE_NOT_LAST)
    try:
        with transaction.atomic():
            for label, field_name in _MOVABLE:
                model = apps.get_model(label)
                model.objects.filter(pk__in=merge.moved.get(label, []), **{field_name: merge.target}).update(
                    **{field_name: merge.source}
                )
    except IntegrityError as exc:
        raise ValidationError(ERROR_MERGE_CONFLICT) from exc
    _announce_moved(merge.moved)
    Person.objects.filter(pk=merge.source_id).update(merged_into=None)
    merge.undone_at, merge.undone_by = timezone.now(), by
    merge.save(update_fields=["undone_at", "undone_by"])
    return merge


def consent_valid(person: Person, purpose: str, day: datetime.date | None = None) -> bool:
    """`Consent.objects.filter(person=…, purpose=…).valid_on(day).exists()`, as one statement written once:
    every referral asks it."""
    connection = connections[router.db_for_read(Consent)]
    quote = connection.ops.quote_name
    day = Consent._meta.get_field("given_on").get_db_prep_value(day or timezone.localdate(), connection)
    with statement_cursor(connection) as cursor:
        cursor.execute(
            f"SELECT 1 FROM {quote(Consent._meta.db_table)} WHERE {quote('person_id')} = %s "  # noqa: S608 - names from the model
            f"AND {quote('purpose')} = %s AND {quote('given_on')} <= %s AND {quote('expires_on')} > %s "
            f"AND {quote('withdrawn_on')} IS NULL LIMIT 1",
            [Consent._meta.get_field("person").get_db_prep_value(person.pk, connection), purpose, day, day],
        )
        return cursor.fetchone() is not None


@transaction.atomic
def consent_give(*, person: Person, purpose: str, by, given_on: datetime.date | None = None) -> Consent:
    consent = Consent(person=person, purpose=purpose, recorded_by=by, organization=by.organization)
    if given_on:
        consent.given_on = given_on
        consent.expires_on = given_on + datetime.timedelta(days=settings.RELAIS_CONSENT_VALIDITY_DAYS)
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on:
        raise ValidationError(ERROR_CONSENT_WITHDRAWN)
    consent.withdrawn_on = timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    return consent


def contact_record(
    *,
    by,
    location_label: str,
    cog: str = "",
    occurred_at: datetime.datetime | None = None,
    person: Person | None = None,
    new_person: PersonData | None = None,
    people_count: int = 1,
    consents: tuple[str, ...] = (),
    idempotency_key=None,
) -> Contact:
    """An encounter; with `new_person`, the person record is created in the same transaction.

    With an `idempotency_key`, the same submission sent again returns the first encounter
    (`replayed` True) and records nothing, not even the new person."""
    if occurred_at is not None and occurred_at > timezone.now() + CONTACT_CLOCK_SKEW:
        raise ValidationError({"occurred_at": ERROR_CONTACT_IN_FUTURE})
    return record_once(
        model=Contact,
        key=idempotency_key,
        owner={"recorded_by_id": by.pk},
        record=lambda: _contact_record(
            by=by,
            location_label=location_label,
            cog=cog,
            occurred_at=occurred_at,
            person=person,
            new_person=new_person,
            people_count=people_count,
            consents=consents,
            idempotency_key=idempotency_key,
        ),
    )


@transaction.atomic
def _contact_record(
    *, by, location_label, cog, occurred_at, person, new_person, people_count, consents, idempotency_key
) -> Contact:
    if new_person is not None:
        person = person_create(data=new_person, by=by)
    if person is not None and people_count != 1:
        raise ValidationError(ERROR_CONTACT_PERSON_AND_COUNT)
    contact = Contact(
        organization=by.organization,
        recorded_by=by,
        location_label=location_label.strip(),
        cog=cog,
        occurred_at=occurred_at or timezone.now(),
        person=person,
        people_count=people_count,
        idempotency_key=idempotency_key,
    )
    contact.full_clean(validate_unique=False)
    contact.save()
    if person is not None:
        for purpose in consents:
            if purpose in ConsentPurpose.values and not consent_valid(person, purpose):
                consent_give(person=person, purpose=purpose, by=by)
    return contact


def contacts_summary(contacts):
    """Encounters, distinct identified persons and people met anonymously (counted), in SQL."""
    summary = contacts.order_by().aggregate(
        encounters=Count("pk"),
        identified=Count("person", distinct=True),
        anonymous=Sum("people_count", filter=Q(person__isnull=True)),
    )
    summary["anonymous"] = summary["anonymous"] or 0
    return summary

"""Admissions, exits and transfers. The structure row lock serialises admissions; the database
(unique indexes and capacity triggers) refuses whatever would still slip through."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from relais.people.services import CONTACT_CLOCK_SKEW
from relais.referrals.eligibility import fitting_places_q, required_attributes, takes_women_only_places
from relais.referrals.enums import ReferralStatus
from relais.referrals.services import referral_mark_admitted
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.structures.enums import AvailabilityMode
from relais.structures.live import availability_step, live_counts
from relais.structures.models import Place, PlaceServicePeriod, Structure
from relais.utils.auditing import insert_logged, locked_copy, save_logged
from relais.utils.prepared import statement_cursor
from relais.utils.rows import columns_of, instance_from_row, lock_row

ERROR_NO_PLACE = "Plus aucune place libre dans cette structure : l'admission n'a pas été enregistrée."
ERROR_PLACE_TAKEN = "Cette place est déjà occupée : choisissez-en une autre."
ERROR_PLACE_ELSEWHERE = "Cette place n'appartient pas à la structure ou n'est pas en service."
ERROR_PERSON_HAS_STAY = "La personne a déjà un séjour en cours : enregistrez d'abord sa sortie ou un transfert."
ERROR_NOT_ACCEPTED = "Seule une orientation acceptée peut donner lieu à une admission."
ERROR_ALREADY_EXITED = "Ce séjour est déjà clos."
ERROR_DESTINATION = "Indiquez la destination à la sortie."
ERROR_EXIT_BEFORE_ADMISSION = "La sortie doit suivre l'admission."
ERROR_EXIT_IN_FUTURE = "La sortie ne peut pas être datée dans le futur : enregistrez-la quand la personne est partie."
# An exit is recorded once it has happened: the live row frees the place at once, the history from the exit's
# date; an exit dated later would leave them apart until then. A clock a few minutes ahead is still "now".
EXIT_CLOCK_SKEW = CONTACT_CLOCK_SKEW
ERROR_SAME_STRUCTURE = "Le transfert doit se faire vers une autre structure."
ERROR_MERGED = "Cette fiche a été fusionnée : admettez la personne depuis sa fiche principale."
ERROR_NO_FITTING_PLACE = (
    "Aucune place libre de cette structure ne convient à la personne (animal, couple, accessibilité, "
    "place réservée aux femmes) : l'admission n'a pas été enregistrée."
)
ERROR_PLACE_UNFIT = (
    "Cette place ne convient pas à la personne (animal, couple, accessibilité, place réservée aux femmes)."
)


class NoPlaceLeft(ValidationError):
    def __init__(self):
        super().__init__(ERROR_NO_PLACE)


def places_open_now(structure: Structure) -> int:
    return PlaceServicePeriod.objects.covering(timezone.localdate()).filter(place__structure=structure).count()


def free_places(structure: Structure):
    """Places in service today with no open stay. Both tests run place by place on their indexes (a
    service period of the place, the unique index of open stays by place): the cost follows the
    structure's places, not the number of open stays in the whole network."""
    in_service = PlaceServicePeriod.objects.covering(timezone.localdate()).filter(place=OuterRef("pk"))
    taken = Stay.objects.open().filter(place=OuterRef("pk"))
    return (
        Place.objects.filter(structure=structure)
        .filter(Exists(in_service))
        .exclude(Exists(taken))
        .order_by("location_label", "label")
    )


# Apps above plug in what an admission ends for them, in the same transaction (orientation: the
# person's waits for a place, relais/orientation/services.py).
ADMISSION_LISTENERS: list[Callable[[Stay], None]] = []


def fitting_free_places(structure: Structure, person):
    """Free places of the structure whose attributes take the person (relais/referrals/eligibility.py)."""
    return free_places(structure).filter(fitting_places_q(person))


def _lock_structure(pk: int) -> Structure:
    """The structure's row lock, taken first by every change to its stays: it serialises the
    admissions (capacity) and the live row's steps (`availability_step`)."""
    return lock_row(Structure, pk)


def _has_room(structure: Structure) -> bool:
    """Fewer open stays than places in service today, read under the structure's lock. In computed mode
    the live row holds exactly these two counts when it is of today (`check_availability` proves it);
    otherwise they are counted from the history. Read after the lock, in a statement of its own: a read
    joined to the lock would see the row as it was before the previous holder committed."""
    if structure.availability_mode == AvailabilityMode.COMPUTED:
        live = live_counts(structure.pk, timezone.localdate())
        if live is not None and live[0] is not None:
            occupied, places_open = live
            return occupied < places_open
    return Stay.objects.open().filter(structure=structure).count() < places_open_now(structure)


def _free_place_for(structure: Structure, person, place: Place | None) -> Place | None:
    """The place the person will take: the chosen one if free, in service and fitting; otherwise the first
    free place that takes them (their dog, their partner, their wheelchair). A structure whose places are
    not listed (no free place row) keeps the count-only admission (None). Read under the structure's lock,
    so the attributes are those the live row counts."""
    if place is not None:
        chosen = fitting_free_places(structure, person).filter(pk=place.pk).first()
        if chosen is not None:
            return chosen
        if not free_places(structure).filter(pk=place.pk).exists():
            in_structure = Place.objects.filter(pk=place.pk, structure=structure).in_service_on(timezone.localdate())
            raise ValidationError(ERROR_PLACE_TAKEN if in_structure.exists() else ERROR_PLACE_ELSEWHERE)
        raise ValidationError(ERROR_PLACE_UNFIT)
    first, fits = _first_free_place(structure, person)
    if first is not None and not fits:
        raise ValidationError(ERROR_NO_FITTING_PLACE)
    return first


def _first_free_place(structure: Structure, person) -> tuple[Place | None, bool]:
    """The first free place (as `fitting_free_places(…).first()` orders them) that takes the person, else the
    first free place at all, and whether it takes them: one statement rather than two ORM queries, read on
    every admission. The same tests place by place on their indexes as `free_places`."""
    connection = connections[router.db_for_read(Place)]
    quote = connection.ops.quote_name
    tests = [f"p.{quote(attribute)}" for attribute in required_attributes(person)]
    if not takes_women_only_places(person):
        tests.append(f"NOT p.{quote('women_only')}")
    fits = " AND ".join(tests) or "1 = 1"
    sql = (
        f"SELECT {columns_of(Place, 'p', connection)}, CASE WHEN {fits} THEN 1 ELSE 0 END AS fits "  # noqa: S608 - names from the models
        f"FROM {quote(Place._meta.db_table)} p WHERE p.{quote('structure_id')} = %s "
        f"AND EXISTS (SELECT 1 FROM {quote(PlaceServicePeriod._meta.db_table)} sp WHERE sp.{quote('place_id')} = p.id "
        f"AND sp.{quote('start')} <= %s AND (sp.{quote('end')} IS NULL OR sp.{quote('end')} > %s)) "
        f"AND NOT EXISTS (SELECT 1 FROM {quote(Stay._meta.db_table)} s WHERE s.{quote('place_id')} = p.id "
        f"AND s.{quote('exited_at')} IS NULL) "
        f"ORDER BY fits DESC, p.{quote('location_label')}, p.{quote('label')} LIMIT 1"
    )
    day = PlaceServicePeriod._meta.get_field("start").get_db_prep_value(timezone.localdate(), connection)
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, [structure.pk, day, day])
        row = cursor.fetchone()
    if row is None:
        return None, False
    return instance_from_row(Place, connection, row), bool(row[-1])


def _open_stay_of(person) -> Stay | None:
    """`Stay.objects.open().filter(person=person).first()` (a unique index allows one), as one statement
    written once: every admission asks."""
    connection = connections[router.db_for_write(Stay)]
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {columns_of(Stay, 's', connection)} FROM {quote(Stay._meta.db_table)} s "  # noqa: S608 - names from the model
        f"WHERE s.{quote('person_id')} = %s AND s.{quote('exited_at')} IS NULL LIMIT 1"
    )
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, [Stay._meta.get_field("person").get_db_prep_value(person.pk, connection)])
        row = cursor.fetchone()
    return None if row is None else instance_from_row(Stay, connection, row)


def _admit_locked(*, person, structure: Structure, by, referral=None, place=None, at=None) -> Stay:
    """The admission proper; `structure` is locked and the person has no open stay left."""
    if not _has_room(structure):
        raise NoPlaceLeft()
    place = _free_place_for(structure, person, place)
    stay = Stay(person=person, structure=structure, place=place, referral=referral, admitted_by=by)
    if at:
        stay.admitted_at = at
    # The database has the last word (another admission got there first): a unique index (the person's or the
    # place's open stay) leaves the row out and the transaction usable to say which; the capacity trigger
    # aborts the statement, and this transaction rolls back (a savepoint when nested).
    try:
        inserted = insert_logged(stay, skip_conflicts=True)
    except IntegrityError as exc:
        raise NoPlaceLeft() from exc
    if not inserted:
        if Stay.objects.open().filter(person=person).exists():
            raise ValidationError(ERROR_PERSON_HAS_STAY)
        raise NoPlaceLeft()
    if referral is not None:
        referral_mark_admitted(referral=referral, by=by, at=stay.admitted_at)
    for listener in ADMISSION_LISTENERS:
        listener(stay)
    availability_step(structure=structure, place=place, step=1)
    return stay


@transaction.atomic
def stay_admit(*, person, structure: Structure, by, referral=None, place: Place | None = None, at=None) -> Stay:
    """Admit a person (from an accepted referral or directly) on a free place of the structure."""
    if referral is not None and referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError(ERROR_NOT_ACCEPTED)
    if person.merged_into_id:
        raise ValidationError(ERROR_MERGED)
    structure = _lock_structure(structure.pk)
    current = _open_stay_of(person)
    if current is not None:
        if referral is None or current.structure_id == structure.pk:
            raise ValidationError(ERROR_PERSON_HAS_STAY)
        # The accepted referral is the decision to move on: a stay elsewhere ends as a transfer,
        # in this same transaction (rolled back with it if the admission fails).
        stay_exit(stay=current, by=by, destination=ExitDestination.OTHER_STRUCTURE, at=at)
    return _admit_locked(person=person, structure=structure, by=by, referral=referral, place=place, at=at)


@transaction.atomic
def stay_exit(*, stay: Stay, by, destination: str, at: datetime.datetime | None = None) -> Stay:
    if destination not in ExitDestination.values:
        raise ValidationError(ERROR_DESTINATION)
    if at is not None and at > timezone.now() + EXIT_CLOCK_SKEW:
        raise ValidationError(ERROR_EXIT_IN_FUTURE)
    # The structure first (a stay never changes structure), as an admission does: the same lock order.
    structure = _lock_structure(stay.structure_id)
    # Its place's attributes, read under the structure's lock, say which counts of the live row move.
    stay = lock_row(Stay, stay.pk, related=("place",))
    stay.structure = structure
    before = locked_copy(stay)
    if stay.exited_at:
        raise ValidationError(ERROR_ALREADY_EXITED)
    at = at or timezone.now()
    if at < stay.admitted_at:
        raise ValidationError(ERROR_EXIT_BEFORE_ADMISSION)
    stay.exited_at, stay.exited_by, stay.exit_destination = at, by, destination
    save_logged(stay, before=before, update_fields=["exited_at", "exited_by", "exit_destination"])
    availability_step(structure=structure, place=stay.place, step=-1)
    return stay


@transaction.atomic
def stay_transfer(*, stay: Stay, to_structure: Structure, by, place: Place | None = None) -> Stay:
    """Exit towards another structure and admission there, in one transaction: both or neither."""
    if to_structure.pk == stay.structure_id:
        raise ValidationError(ERROR_SAME_STRUCTURE)
    if stay.person.merged_into_id:
        raise ValidationError(ERROR_MERGED)
    to_structure = _lock_structure(to_structure.pk)
    now = timezone.now()
    stay_exit(stay=stay, by=by, destination=ExitDestination.OTHER_STRUCTURE, at=now)
    # One open stay per person (a unique index): the one just closed was the only one.
    return _admit_locked(person=stay.person, structure=to_structure, by=by, place=place, at=now)


def nights_by_structure(stays=None):
    """Nights spent per structure (open stays counted up to now), summed in SQL."""
    stays = stays if stays is not None else Stay.objects.all()
    return stays.with_nights().values("structure", "structure__name").annotate(total=Sum("duration")).order_by()

"""Changes to the prioritisation rules (a new version is proposed with its reason, then applied);
allocations proposed by the engine, archived, reviewed and sent as referrals in one action; a soignant's
vulnerability flag; a person put on the list as waiting for a kind of place without a referral."""

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import Max
from django.utils import timezone

from relais.orientation.allocation import allocatable_places, person_snapshot, solve
from relais.orientation.engine import Weights
from relais.orientation.enums import PROTECTED, WAIT_END_BY_HAND, Criterion, VulnerabilityReason, WaitEnd
from relais.orientation.models import Allocation, PlaceWait, PriorityRules, VulnerabilityFlag
from relais.orientation.waiting import current_rules, waiting_list
from relais.pathways.models import health_access
from relais.people.enums import ConsentPurpose
from relais.people.models import Person
from relais.people.services import consent_valid
from relais.referrals.enums import OPEN, PENDING
from relais.referrals.models import Referral
from relais.referrals.services import referral_assign, referral_send
from relais.stays.models import Stay
from relais.structures.enums import StructureKind
from relais.structures.models import Structure
from relais.users.enums import Role
from relais.utils.prepared import statement_cursor
from relais.utils.rows import columns_of, instance_from_row

ERROR_PROTECTED = "« {name} » ne peut pas être un critère de priorité : c'est une caractéristique protégée."
ERROR_UNKNOWN_CRITERION = "« {name} » n'est pas un critère écrit des règles de priorité."
ERROR_POINTS = "Les points d'un critère vont de 0 à 100."
ERROR_CAP = "Le plafond des semaines dehors va de 1 à 260."
ERROR_REASON = "Indiquez pourquoi les règles changent."
ERROR_ALREADY_APPLIED = "Cette version des règles est déjà appliquée."
ERROR_OUTDATED = "Une version plus récente a été appliquée depuis : proposez-en une nouvelle."
MAX_POINTS = 100


def _validated_weights(weights: dict) -> dict[str, int]:
    clean = {}
    for name, points in weights.items():
        if name in PROTECTED:
            raise ValidationError(ERROR_PROTECTED.format(name=name))
        if name not in Criterion.values:
            raise ValidationError(ERROR_UNKNOWN_CRITERION.format(name=name))
        if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= MAX_POINTS:
            raise ValidationError(ERROR_POINTS)
        clean[name] = points
    return clean


@transaction.atomic
def priority_rules_propose(*, weights: dict, outside_cap_weeks: int, reason: str, by) -> PriorityRules:
    """A new version, not yet in force: its effect on the list is shown before it is applied."""
    clean = _validated_weights(weights)
    if not 1 <= outside_cap_weeks <= 260:
        raise ValidationError(ERROR_CAP)
    if not reason.strip():
        raise ValidationError(ERROR_REASON)
    PriorityRules.objects.select_for_update().all().exists()  # versions are numbered one at a time
    latest = PriorityRules.objects.aggregate(v=Max("version"))["v"] or 0
    return PriorityRules.objects.create(
        version=latest + 1, weights=clean, outside_cap_weeks=outside_cap_weeks, reason=reason.strip(), created_by=by
    )


@transaction.atomic
def priority_rules_apply(*, rules: PriorityRules, by) -> PriorityRules:
    rules = PriorityRules.objects.select_for_update().get(pk=rules.pk)
    if rules.applied_at:
        raise ValidationError(ERROR_ALREADY_APPLIED)
    if PriorityRules.objects.applied().filter(version__gt=rules.version).exists():
        raise ValidationError(ERROR_OUTDATED)
    rules.applied_at, rules.applied_by = timezone.now(), by
    rules.save(update_fields=["applied_at", "applied_by"])
    return rules


ERROR_ALREADY_SENT = "Cette proposition a déjà été envoyée."
ERROR_NOT_FITTING = "{code} : cette structure n'a pas de place libre qui lui convienne dans la proposition."
ERROR_TOO_MANY = "{structure} : plus de personnes choisies que de places libres dans la proposition."
ERROR_GONE = "{code} n'attend plus de place : refaites une proposition."


@transaction.atomic
def allocation_propose(*, persons, by, weights=None, now=None):
    """Solve today's list against today's free places and archive everything the match depends on."""

    weights = weights or Weights()
    rules = current_rules()
    entries = waiting_list(persons, rules, now)
    snapshot = [person_snapshot(e) for e in entries]
    places = allocatable_places(now)
    matches, comparison = solve(snapshot, places, weights)
    return Allocation.objects.create(
        created_by=by,
        rules_version=rules.version,
        weights=weights.as_dict(),
        persons=snapshot,
        places=places,
        matches=matches,
        comparison=comparison,
    )


@transaction.atomic
def allocation_send(*, allocation, choices: dict[int, int | None], persons, by):
    """Send the reviewed matches as referrals, all or none: `choices` maps each person's index in the
    archive to the structure chosen (None: not sent). A referral to the structure's kind of place gets
    its structure (referral_assign); otherwise a referral to the structure is sent (referral_send),
    which ends the person's wait for that kind of place."""

    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.sent_at:
        raise ValidationError(ERROR_ALREADY_SENT)
    free_by_structure: dict[int, int] = {}
    for place in allocation.places:
        free_by_structure[place["structure_id"]] = free_by_structure.get(place["structure_id"], 0) + 1
    chosen = {i: s for i, s in choices.items() if s}
    for structure_id in set(chosen.values()):
        if list(chosen.values()).count(structure_id) > free_by_structure.get(structure_id, 0):
            name = next(p["structure"] for p in allocation.places if p["structure_id"] == structure_id)
            raise ValidationError(ERROR_TOO_MANY.format(structure=name))
    sent = []
    for index, structure_id in sorted(chosen.items()):
        snapshot, match = allocation.persons[index], allocation.matches[index]
        if structure_id not in match["alternatives"]:
            raise ValidationError(ERROR_NOT_FITTING.format(code=snapshot["code"]))
        person = persons.filter(pk=snapshot["id"]).first()
        if person is None:
            raise ValidationError(ERROR_GONE.format(code=snapshot["code"]))
        structure = Structure.objects.get(pk=structure_id)
        # Only a referral to this kind of place gets the structure: one to another kind stays as it is.
        to_kind = person.referrals.filter(
            status__in=sorted(PENDING), to_structure__isnull=True, to_kind=structure.kind
        ).order_by("sent_at")
        try:
            if to_kind.exists():
                referral = referral_assign(referral=to_kind.first(), structure=structure, by=by)
            else:
                referral = referral_send(person=person, by=by, to_structure=structure)
        except ValidationError as exc:
            raise ValidationError(f"{snapshot['code']} : {' '.join(exc.messages)}") from exc
        sent.append({"person": index, "structure_id": structure_id, "referral_id": referral.pk})
    allocation.sent_at, allocation.sent_by, allocation.sent = timezone.now(), by, sent
    allocation.save(update_fields=["sent_at", "sent_by", "sent"])
    return allocation


# A soignant's vulnerability flag, and a person waiting for a kind of place without a referral.

ERROR_FLAG_ROLE = "Seul·e un·e soignant·e signale ou retire la vulnérabilité d'une personne."
ERROR_FLAG_REASON = "Choisissez un motif dans la liste, ou aucun."
ERROR_ALREADY_FLAGGED = "Cette personne est déjà signalée vulnérable."
ERROR_NOT_FLAGGED = "Aucun signalement en cours que vous puissiez retirer."
ERROR_WAIT_ROLE = "Seules la maraude et la coordination inscrivent une personne en attente d'une place."
ERROR_WAIT_KIND = "Choisissez un type de place."
ERROR_WAIT_CONSENT = (
    "La personne n'a pas donné (ou a retiré) son consentement au partage avec la coordination : "
    "recueillez-le avant de l'inscrire sur la liste d'attente."
)
ERROR_ALREADY_WAITING = "Cette personne attend déjà ce type de place."
ERROR_WAIT_REFERRED = "Une orientation vers ce type de place est déjà en cours : la personne est déjà sur la liste."
ERROR_WAIT_HOUSED = "La personne a un séjour en cours : elle n'attend pas de place."
ERROR_WAIT_ENDED = "Cette attente est déjà terminée."
ERROR_WAIT_END_REASON = "Indiquez pourquoi l'attente se termine."
ERROR_PERSON_OUT_OF_REACH = "Vous ne pouvez pas agir sur la fiche de cette personne."
WAIT_ROLES = frozenset({Role.COORDINATION, Role.MARAUDE})


def _lock_person(person, by) -> Person:
    """The person under lock, if the user may write about them (no break-glass, not merged)."""
    locked = Person.objects.actionable_by(by).active().select_for_update().filter(pk=person.pk).first()
    if locked is None:
        raise ValidationError(ERROR_PERSON_OUT_OF_REACH)
    return locked


@transaction.atomic
def vulnerability_flag_set(*, person, by, reason: str = "") -> VulnerabilityFlag:
    """A soignant of an organisation in charge of the person flags them: one fact for the rules."""
    if health_access(by) is None:
        raise ValidationError(ERROR_FLAG_ROLE)
    if reason and reason not in VulnerabilityReason.values:
        raise ValidationError(ERROR_FLAG_REASON)
    person = _lock_person(person, by)
    if VulnerabilityFlag.objects.active().filter(person=person).exists():
        raise ValidationError(ERROR_ALREADY_FLAGGED)
    return VulnerabilityFlag.objects.create(person=person, reason=reason, organization=by.organization, flagged_by=by)


@transaction.atomic
def vulnerability_flag_remove(*, person, by) -> int:
    """The flags in force that the soignant may read (its organisation's, or all under a health consent)
    are removed, dated and attributed; the rows stay as the flag's history."""
    health = health_access(by)
    if health is None:
        raise ValidationError(ERROR_FLAG_ROLE)
    person = _lock_person(person, by)
    flags = list(VulnerabilityFlag.objects.active().filter(health, person=person))
    if not flags:
        raise ValidationError(ERROR_NOT_FLAGGED)
    now = timezone.now()
    for flag in flags:  # one by one: each change in the audit log
        flag.removed_at, flag.removed_by = now, by
        flag.save(update_fields=["removed_at", "removed_by"])
    return len(flags)


@transaction.atomic
def place_wait_add(*, person, kind: str, by) -> PlaceWait:
    """Maraude or coordination puts the person on the by-name list for a kind of place, no referral yet."""
    if by.role not in WAIT_ROLES:
        raise ValidationError(ERROR_WAIT_ROLE)
    if kind not in StructureKind.values:
        raise ValidationError(ERROR_WAIT_KIND)
    person = _lock_person(person, by)
    # Being on the list is a sharing with coordination, as a referral is.
    if not consent_valid(person, ConsentPurpose.COORDINATION):
        raise ValidationError(ERROR_WAIT_CONSENT)
    if Stay.objects.open().filter(person=person).exists():
        raise ValidationError(ERROR_WAIT_HOUSED)
    if PlaceWait.objects.open().filter(person=person, kind=kind).exists():
        raise ValidationError(ERROR_ALREADY_WAITING)
    if Referral.objects.filter(person=person, to_kind=kind, status__in=sorted(OPEN)).exists():
        raise ValidationError(ERROR_WAIT_REFERRED)
    return PlaceWait.objects.create(person=person, kind=kind, organization=by.organization, created_by=by)


@transaction.atomic
def place_wait_end(*, wait: PlaceWait, reason: str, by) -> PlaceWait:
    if by.role not in WAIT_ROLES:
        raise ValidationError(ERROR_WAIT_ROLE)
    if reason not in WAIT_END_BY_HAND:
        raise ValidationError(ERROR_WAIT_END_REASON)
    _lock_person(wait.person, by)
    wait = PlaceWait.objects.select_for_update().get(pk=wait.pk)
    if wait.ended_at:
        raise ValidationError(ERROR_WAIT_ENDED)
    return _end(wait, reason=reason, by=by, at=timezone.now())


def _end(wait: PlaceWait, *, reason: str, by, at) -> PlaceWait:
    wait.ended_at, wait.ended_by, wait.end_reason = at, by, reason
    wait.save(update_fields=["ended_at", "ended_by", "end_reason"])
    return wait


def _open_waits(person_id, kind: str | None = None) -> list[PlaceWait]:
    """The person's open waits (of `kind`), as one statement written once: every referral and admission
    asks, and most persons have none."""
    connection = connections[router.db_for_read(PlaceWait)]
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {columns_of(PlaceWait, 't', connection)} FROM {quote(PlaceWait._meta.db_table)} t WHERE {quote('person_id')} = %s "  # noqa: S608 - names from the model
        f"AND {quote('ended_at')} IS NULL"
    )
    params = [PlaceWait._meta.get_field("person").get_db_prep_value(person_id, connection)]
    if kind is not None:
        sql += f" AND {quote('kind')} = %s"
        params.append(kind)
    sql += f" ORDER BY {quote('id')}"
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return [instance_from_row(PlaceWait, connection, row) for row in cursor.fetchall()]


def end_waits_on_referral(referral) -> None:
    """Plugged in `referrals.services.REFERRAL_SENT_LISTENERS`: a referral to the kind ends its wait."""
    for wait in _open_waits(referral.person_id, referral.to_kind):
        _end(wait, reason=WaitEnd.REFERRAL, by=referral.sent_by, at=referral.sent_at)


def end_waits_on_admission(stay) -> None:
    """Plugged in `stays.services.ADMISSION_LISTENERS`: an admission ends every wait of the person."""
    for wait in _open_waits(stay.person_id):
        _end(wait, reason=WaitEnd.ADMISSION, by=stay.admitted_by, at=stay.admitted_at)

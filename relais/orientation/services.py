"""Changes to the prioritisation rules (a new version is proposed with its reason, then applied);
allocations proposed by the engine, archived, reviewed and sent as referrals in one action."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from relais.orientation.allocation import allocatable_places, person_snapshot, solve
from relais.orientation.engine import Weights
from relais.orientation.enums import PROTECTED, Criterion
from relais.orientation.models import Allocation, PriorityRules
from relais.orientation.waiting import current_rules, waiting_list
from relais.referrals.enums import PENDING
from relais.referrals.services import referral_assign, referral_send
from relais.structures.models import Structure

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
    archive to the structure chosen (None: not sent). A referral to a kind of place gets its
    structure (referral_assign); otherwise a referral to the structure is sent (referral_send)."""

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
        to_kind = person.referrals.filter(status__in=sorted(PENDING), to_structure__isnull=True).order_by("sent_at")
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

"""Changes to the prioritisation rules: a new version is proposed with its reason, then applied."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from relais.orientation.enums import PROTECTED, Criterion
from relais.orientation.models import PriorityRules

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

from django.db import models


class Criterion(models.TextChoices):
    """What may raise a person's priority on the by-name list. Written here, weighted by the rules.

    Never a criterion: sex, origin, nationality, language, religion, or any composite vulnerability
    index (VI-SPDAT and the like, whose bias is documented): each criterion is one fact, shown as such.
    """

    WAITING = "waiting", "Attente sur la liste"
    OUTSIDE = "outside", "Nuits dehors depuis le dernier séjour"
    VULNERABLE = "vulnerable", "Vulnérabilité signalée par un·e soignant·e"
    AGE = "age", "60 ans ou plus"


# Criteria older versions may hold that no longer count: kept readable in those versions' history.
RETIRED = {
    "care": "Besoin de soins signalé (critère retiré : remplacé par la vulnérabilité signalée par un·e soignant·e)",
}


# How each criterion counts: per week (ageing) or once when the fact holds.
PER_WEEK = frozenset({Criterion.WAITING, Criterion.OUTSIDE})
# Fields a rule may never weigh, whatever a rule file or a form sends.
# The reason of a vulnerability flag is never weighed either: the flag counts as one fact, whatever its reason.
PROTECTED = frozenset(
    {"sex", "languages", "nationality", "origin", "religion", "alias", "vulnerability_score", "vulnerability_reason"}
)
SENIOR_AGE = 60


class VulnerabilityReason(models.TextChoices):
    """Why a soignant flags a person: a closed list of non-medical situations, so that no health detail
    is ever written in a flag. Read only by those `health_access` lets in; others see the flag alone."""

    VIOLENCE = "violence", "Exposition à des violences"
    EXPLOITATION = "exploitation", "Risque d'emprise ou d'exploitation"
    ISOLATION = "isolation", "Isolement, sans entourage"
    LONG_STREET = "long_street", "Vie à la rue prolongée"


class WaitEnd(models.TextChoices):
    """How a wait for a place ended: the first two are recorded by the referral and admission services."""

    REFERRAL = "referral", "Orientation envoyée vers ce type de place"
    ADMISSION = "admission", "Admission dans une structure"
    SOLVED_ELSEWHERE = "solved_elsewhere", "Solution trouvée par ailleurs"
    DECLINED = "declined", "La personne ne le souhaite plus"
    LOST = "lost", "Personne perdue de vue"
    MISTAKE = "mistake", "Erreur de saisie"
    ANONYMISED = "anonymised", "Fiche anonymisée (durée de conservation ou droit à l'effacement)"


# The reasons a user may give when ending a wait by hand.
WAIT_END_BY_HAND = (WaitEnd.SOLVED_ELSEWHERE, WaitEnd.DECLINED, WaitEnd.LOST, WaitEnd.MISTAKE)

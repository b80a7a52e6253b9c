from django.db import models


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Envoyée"
    ACKNOWLEDGED = "acknowledged", "Prise en compte"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Refusée"
    ADMITTED = "admitted", "Admission faite"
    CANCELLED = "cancelled", "Annulée"
    EXPIRED = "expired", "Expirée sans réponse"


# Waiting for the receiving structure's answer: reminded, then expired, when left unanswered.
PENDING = frozenset({ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED})
# Still going somewhere: the sender may cancel, the person may not be referred twice to one place.
OPEN = PENDING | {ReferralStatus.ACCEPTED}
CLOSED = frozenset(ReferralStatus) - OPEN


class DeclineReason(models.TextChoices):
    NO_PLACE = "no_place", "Pas de place"
    CRITERIA = "criteria", "Critères d'admission non remplis"
    PERSON_REFUSED = "person_refused", "Refus de la personne"
    NO_SHOW = "no_show", "Personne non présentée"
    OTHER = "other", "Autre motif"

from django.db import models


class StructureKind(models.TextChoices):
    REST_DAY = "rest_day", "Espace de repos de jour"
    REST_NIGHT = "rest_night", "Espace de repos de nuit"
    HOTEL = "hotel", "Hébergement accompagné à l'hôtel"
    LHSS = "lhss", "Lits halte soins santé (LHSS)"
    LAM = "lam", "Lits d'accueil médicalisés (LAM)"
    CAARUD = "caarud", "CAARUD"
    CSAPA = "csapa", "CSAPA"
    HSA = "hsa", "Halte soins addictions"
    ONSITE_CARE = "onsite_care", "Unité de soins sur site"
    EMPP = "empp", "Équipe mobile psychiatrie précarité (EMPP)"
    PSYCHIATRY = "psychiatry", "Capacité psychiatrique hospitalière"
    CHRS = "chrs", "Centre d'hébergement et de réinsertion sociale (CHRS)"


# Hours after which a declared figure is stale, when no FreshnessRule overrides it.
DEFAULT_FRESHNESS_HOURS = {
    StructureKind.REST_NIGHT: 24,
    StructureKind.REST_DAY: 24,
    StructureKind.HOTEL: 72,
    StructureKind.LHSS: 48,
    StructureKind.LAM: 72,
    StructureKind.HSA: 24,
    StructureKind.ONSITE_CARE: 24,
    StructureKind.PSYCHIATRY: 48,
}


class StructureStatus(models.TextChoices):
    PLANNED = "planned", "En projet"
    OPEN = "open", "Ouverte"
    SUSPENDED = "suspended", "Suspendue"
    CLOSED = "closed", "Fermée"


class AvailabilityMode(models.TextChoices):
    DECLARED = "declared", "Déclarée par l'opérateur"
    COMPUTED = "computed", "Calculée à partir des séjours"


class PlaceKind(models.TextChoices):
    BED = "bed", "Lit"
    ROOM = "room", "Chambre"
    SEAT = "seat", "Place"


class PlaceAttribute(models.TextChoices):
    """Boolean attributes of a place; the value is the model field name."""

    WOMEN_ONLY = "women_only", "Réservée aux femmes"
    ACCESSIBLE = "accessible", "Accessible (PMR)"
    PETS = "pets", "Animaux acceptés"
    COUPLE = "couple", "Couple"

from django.db import models


class Dimension(models.TextChoices):
    """Ways an indicator can be broken down (its disaggregations)."""

    KIND = "kind", "Type de structure"
    PROGRAMME = "programme", "Programme"
    STRUCTURE = "structure", "Structure"
    ARRONDISSEMENT = "arrondissement", "Arrondissement"
    ORGANIZATION = "organization", "Organisation"
    PERIOD = "period", "Période (mois)"
    DESTINATION = "destination", "Destination de sortie"
    REASON = "reason", "Motif du refus"
    STEP_KIND = "step_kind", "Étape de parcours"


class Unit(models.TextChoices):
    PLACES = "places", "places"
    STRUCTURES = "structures", "structures"
    HOTELS = "hotels", "hôtels"
    PERCENT = "percent", "%"
    PERSONS = "persons", "personnes"
    COUNT = "count", "nombre"
    NIGHTS = "nights", "nuitées"
    REFERRALS = "referrals", "orientations"
    EXITS = "exits", "sorties"
    STEPS = "steps", "étapes"
    HOURS = "hours", "heures"


class Audience(models.TextChoices):
    COMITE = "comite", "Comité institutionnel"
    COORDINATION = "coordination", "Coordination"
    OPERATEUR = "operateur", "Opérateur de structure"
    POLICE = "police", "Préfecture de police"

from django.db import models


class Dimension(models.TextChoices):
    """Ways an indicator can be broken down (its disaggregations)."""

    KIND = "kind", "Type de structure"
    PROGRAMME = "programme", "Programme"
    DISPOSITIF = "dispositif", "Dispositif"
    STRUCTURE = "structure", "Structure"
    ARRONDISSEMENT = "arrondissement", "Arrondissement"
    ORGANIZATION = "organization", "Organisation"
    PERIOD = "period", "Période (mois)"
    # Sites, public space and governance (relais/indicators/sites.py and governance.py).
    SITE = "site", "Site"
    DAY_PERIOD = "day_period", "Moment (jour ou nuit)"
    ACT_TYPE = "act_type", "Type d'acte"
    OPERATION_KIND = "operation_kind", "Type d'opération"
    DISPLACEMENT_KIND = "displacement_kind", "Évacuation ou mise à l'abri"
    DESTINATION = "destination", "Destination"
    STAGE = "stage", "Étape"
    STATUS = "status", "Statut"
    PLAN = "plan", "Plan"
    EXIT_DESTINATION = "exit_destination", "Destination de sortie"
    REASON = "reason", "Motif du refus"
    STEP_KIND = "step_kind", "Étape de parcours"


class Unit(models.TextChoices):
    PLACES = "places", "places"
    STRUCTURES = "structures", "structures"
    HOTELS = "hotels", "hôtels"
    PERCENT = "percent", "%"
    PERSONS = "persons", "personnes"
    COUNT = "count", "nombre"
    SITES = "sites", "sites"
    ACTS = "acts", "actes"
    OPERATIONS = "operations", "opérations"
    GRAMS = "grams", "grammes"
    EUROS = "euros", "euros"
    OFFICERS = "officers", "agents"
    PROPOSALS = "proposals", "propositions"
    MEASURES = "measures", "mesures"
    ACTIONS = "actions", "actions"
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


class Disclosure(models.TextChoices):
    """How an indicator's figures may leave the organisations in charge (relais/indicators/publication.py)."""

    AGGREGATE = "aggregate", "Pas un décompte de personnes : publié tel quel"
    PERSON = (
        "person",
        "Décompte de personnes : publié par la méthode de la clé de cellule hors des organisations en charge",
    )
    COORDINATION = (
        "coordination",
        (
            "Décompte dédoublonné : exact pour la coordination seule, publié arrondi à la dizaine et à la fin du mois "
            "précédent pour les autres"
        ),
    )

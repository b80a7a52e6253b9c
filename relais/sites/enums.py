from django.db import models


class SiteKind(models.TextChoices):
    OPEN_SCENE = "open_scene", "Scène ouverte"
    HISTORIC = "historic", "Site historique"
    OTHER = "other", "Autre lieu de consommation"


class SiteStatus(models.TextChoices):
    APPEARED = "appeared", "Apparu"
    TOLERATED = "tolerated", "Toléré"
    ASSIGNED = "assigned", "Assigné par décision"
    DISMANTLED = "dismantled", "Démantelé"


# Statuses under which people are expected on the site.
ACTIVE_STATUSES = frozenset({SiteStatus.APPEARED, SiteStatus.TOLERATED, SiteStatus.ASSIGNED})


class ServiceKind(models.TextChoices):
    WATER = "water", "Point d'eau"
    TOILETS = "toilets", "Toilettes"
    CARE_UNIT = "care_unit", "Unité de soins"
    SHELTER = "shelter", "Abri"
    LIGHTING = "lighting", "Éclairage"


class DayPeriod(models.TextChoices):
    DAY = "day", "Jour"
    NIGHT = "night", "Nuit"


class ActType(models.TextChoices):
    """On-site acts; each value is the field name of OnSiteActivity that counts it."""

    FIRST_AID = "first_aid", "Premiers secours"
    NURSING_CARE = "nursing_care", "Soins infirmiers"
    MEDICAL_CONSULTATION = "medical_consultation", "Consultations médicales"
    HARM_REDUCTION_KITS = "harm_reduction_kits", "Kits de réduction des risques"
    CRACK_PIPES = "crack_pipes", "Pipes à crack et matériel"
    ORIENTATIONS = "orientations", "Orientations réalisées"
    EMERGENCY_CALLS = "emergency_calls", "Appels aux secours"


class OperationKind(models.TextChoices):
    SECURING = "securing", "Sécurisation"
    ANTI_TRAFFICKING = "anti_trafficking", "Opération contre le trafic"
    DEALING_POINT = "dealing_point", "Démantèlement d'un point de deal"
    EVACUATION_SUPPORT = "evacuation_support", "Appui à une évacuation"


class OperationCount(models.TextChoices):
    """Counted figures of a security operation; each value is a SecurityOperation field."""

    ARRESTS = "arrests", "Interpellations"
    CUSTODY = "custody", "Gardes à vue"
    SEIZURE_GRAMS = "seizure_grams", "Saisies (grammes)"
    SEIZURE_EUROS = "seizure_euros", "Saisies (euros)"
    KITCHENS_DISMANTLED = "kitchens_dismantled", "« Cuisines » démantelées"
    OFFICERS_ENGAGED = "officers_engaged", "Effectifs engagés"


class DisplacementKind(models.TextChoices):
    EVACUATION = "evacuation", "Évacuation"
    SHELTERING = "sheltering", "Mise à l'abri"


class Destination(models.TextChoices):
    REST_SPACE = "rest_space", "Espace de repos"
    ASSORE_PHASE = "assore_phase", "Hébergement ASSORE / PHASE"
    HOSPITAL = "hospital", "Hôpital"
    OTHER_STRUCTURE = "other_structure", "Autre structure"
    REFUSED = "refused", "Refus de prise en charge"
    UNKNOWN = "unknown", "Destination inconnue"


# Which registry structures may stand for a destination (None: any kind; absent: none at all).
DESTINATION_STRUCTURE_KINDS = {
    Destination.REST_SPACE: {"rest_day", "rest_night"},
    Destination.ASSORE_PHASE: {"hotel"},
    Destination.HOSPITAL: {"psychiatry", "lhss", "lam"},
    Destination.OTHER_STRUCTURE: None,
}

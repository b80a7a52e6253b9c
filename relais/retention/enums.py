from django.db import models


class Category(models.TextChoices):
    """The keys of settings.RELAIS_RETENTION."""

    CONTACTS = "contacts", "Rencontres"
    PERSONS = "persons", "Personnes sans activité"
    HEALTH_NOTES = "health_notes", "Notes de santé"
    REFERRALS = "referrals", "Orientations"
    STAYS = "stays", "Séjours"
    ACCESS_LOG = "access_log", "Journal des accès"
    PREMISES_DOCUMENTS = "premises_documents", "Documents des locaux proposés"
    ALLOCATIONS = "allocations", "Propositions d'attribution archivées"


class Outcome(models.TextChoices):
    ANONYMISED = "anonymised", "Anonymisées"
    DELETED = "deleted", "Supprimées"


class AnonymisationReason(models.TextChoices):
    RETENTION = "retention", "Fin de la durée de conservation"
    ERASURE = "erasure", "Droit à l'effacement"

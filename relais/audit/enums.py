from django.db import models


class AccessCategory(models.TextChoices):
    PERSON = "person", "Personne"
    CONSENT = "consent", "Consentement"
    CONTACT = "contact", "Rencontre"
    REFERRAL = "referral", "Orientation"
    STAY = "stay", "Séjour"
    PATHWAY = "pathway", "Étape de parcours"
    HEALTH_NOTE = "health_note", "Note de santé"


class AccessAction(models.TextChoices):
    READ = "read", "Consultation"
    LIST = "list", "Liste"
    SEARCH = "search", "Recherche"
    EXPORT = "export", "Export"
    PRINT = "print", "Impression"
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    ERASE = "erase", "Effacement (droit à l'effacement)"


class AccessOutcome(models.TextChoices):
    ALLOWED = "allowed", "Autorisé"
    DENIED = "denied", "Refusé"

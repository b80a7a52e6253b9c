from django.db import models


class Sex(models.TextChoices):
    FEMALE = "female", "Femme"
    MALE = "male", "Homme"
    OTHER = "other", "Autre"
    UNKNOWN = "unknown", "Non renseigné"


class Need(models.TextChoices):
    """Needs to match with places; the value is the Person field name."""

    PSYCHIATRIC = "need_psychiatric", "Besoin psychiatrique"
    SOMATIC = "need_somatic", "Soins somatiques"
    MOBILITY = "need_mobility", "Mobilité réduite"
    PETS = "need_pets", "Avec animal"
    COUPLE = "need_couple", "En couple"


class ConsentPurpose(models.TextChoices):
    COORDINATION = "coordination", "Partage avec la coordination et les structures d'accueil"
    HEALTH = "health", "Partage avec les partenaires de santé"


# What a missing (or expired, or withdrawn) consent blocks, shown on the person page.
CONSENT_BLOCKS = {
    ConsentPurpose.COORDINATION: "Sans ce consentement, aucune orientation ne peut être envoyée vers une structure.",
    ConsentPurpose.HEALTH: "Sans ce consentement, les soignants ne peuvent pas écrire de note de santé partagée.",
}


class ConsentStatus(models.TextChoices):
    VALID = "valid", "En cours"
    EXPIRED = "expired", "Expiré"
    WITHDRAWN = "withdrawn", "Retiré"

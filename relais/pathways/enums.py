from django.db import models


class StepKind(models.TextChoices):
    PSY_ASSESSMENT = "psy_assessment", "Évaluation psychiatrique (EMPP)"
    PSY_HOSPITALISATION = "psy_hospitalisation", "Hospitalisation psychiatrique"
    CSAPA = "csapa", "Suivi en CSAPA"
    SUBSTITUTION = "substitution", "Traitement de substitution"
    SOMATIC = "somatic", "Soins somatiques"
    HSA = "hsa", "Inscription en halte soins addictions"
    HOUSING = "housing", "Demande de logement"
    OTHER = "other", "Autre étape"


class StepStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    CANCELLED = "cancelled", "Annulée"


class StepOutcome(models.TextChoices):
    NONE = "", "—"
    FAVOURABLE = "favourable", "Favorable"
    FOLLOW_UP = "follow_up", "Suite à donner"
    REFUSED = "refused", "Refus de la personne"
    NOT_SHOWN = "not_shown", "Personne non venue"
    REDIRECTED = "redirected", "Réorientée"


class StepSensitivity(models.TextChoices):
    """Health steps are read by the soignant of the organisations the person consented to share with."""

    SOCIAL = "social", "Étape sociale ou d'insertion"
    HEALTH = "health", "Étape de soins"


# Care kinds (PRODUCT.md: psychiatric assessment or hospitalisation, addiction care, substitution
# treatment, somatic care): always health steps.
HEALTH_KINDS = frozenset(
    {StepKind.PSY_ASSESSMENT, StepKind.PSY_HOSPITALISATION, StepKind.CSAPA, StepKind.SUBSTITUTION, StepKind.SOMATIC}
)


def sensitivity_of(kind: str) -> str:
    return StepSensitivity.HEALTH if kind in HEALTH_KINDS else StepSensitivity.SOCIAL

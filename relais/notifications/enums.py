from django.db import models


class NotificationKind(models.TextChoices):
    """The kind of event: the only words a notification or an email carries, with a link."""

    REFERRAL_ARRIVED = "referral_arrived", "Nouvelle orientation reçue"
    REFERRAL_UNANSWERED = "referral_unanswered", "Orientation sans réponse après le délai de relance"
    REFERRAL_ACCEPTED = "referral_accepted", "Orientation acceptée"
    REFERRAL_DECLINED = "referral_declined", "Orientation refusée"
    REVIEW_DUE = "review_due", "Avis sur des locaux attendu bientôt"
    REVIEW_OVERDUE = "review_overdue", "Avis sur des locaux en retard"
    ACTION_DUE = "action_due", "Action à réaliser avant le prochain comité"
    BREAK_GLASS = "break_glass", "Accès exceptionnel (bris de glace) ouvert"
    GRANT_CHANGED = "grant_changed", "Habilitation modifiée"


class EmailMode(models.TextChoices):
    EACH = "each", "Un courriel à chaque événement"
    DIGEST = "digest", "Un récapitulatif quotidien"
    NONE = "none", "Aucun courriel (notifications dans Relais seulement)"

from django.db import models


class SecurityEventKind(models.TextChoices):
    LOCKOUT = "lockout", "Connexions suspendues après des échecs"
    UNLOCK = "unlock", "Déblocage par la coordination"
    SECOND_FACTOR_RESET = "otp_reset", "Second facteur réinitialisé"
    SIGN_OUT_EVERYWHERE = "sign_out_all", "Déconnexion de toutes les sessions"
    BREAK_GLASS = "break_glass", "Bris de glace"

from django.db import models


class JobOutcome(models.TextChoices):
    RUNNING = "running", "En cours"
    SUCCEEDED = "succeeded", "Réussie"
    FAILED = "failed", "Échouée"
    SKIPPED = "skipped", "Non lancée (commande absente)"

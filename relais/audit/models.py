import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from relais.audit.enums import AccessAction, AccessCategory, AccessOutcome


class AccessEvent(models.Model):
    """One read, list, export or print of person-level data. Append-only: the database refuses
    UPDATE, DELETE and TRUNCATE (triggers), and each row seals the previous one's hash."""

    occurred_at = models.DateTimeField("date (UTC)", default=timezone.now, db_index=True)
    # Kept as plain values as well as a key: the trace must survive the account's deactivation.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    username = models.CharField("utilisateur", max_length=150)
    organization = models.CharField("organisation", max_length=200, blank=True)
    role = models.CharField("rôle", max_length=20, blank=True)
    category = models.CharField("catégorie", max_length=20, choices=AccessCategory.choices)
    action = models.CharField("action", max_length=20, choices=AccessAction.choices)
    pseudonym = models.CharField("identifiant pseudonyme", max_length=64, blank=True, db_index=True)
    count = models.PositiveIntegerField("nombre d'éléments", null=True, blank=True)
    outcome = models.CharField("résultat", max_length=10, choices=AccessOutcome.choices, default=AccessOutcome.ALLOWED)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "accès aux données individuelles"
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.occurred_at:%d/%m/%Y %H:%M} {self.username} {self.action} {self.category}"

    def payload(self) -> str:
        return json.dumps(
            [
                self.occurred_at.isoformat(),
                self.user_id,
                self.username,
                self.organization,
                self.role,
                self.category,
                self.action,
                self.pseudonym,
                self.count,
                self.outcome,
                self.previous_hash,
            ],
            ensure_ascii=True,
        )

    def compute_hash(self) -> str:
        """Keyed: whoever rewrites the table without RELAIS_ACCESS_LOG_KEY cannot rebuild the chain."""
        return hmac.new(settings.RELAIS_ACCESS_LOG_KEY.encode(), self.payload().encode(), hashlib.sha256).hexdigest()


class AccessLogCheckpoint(models.Model):
    """The retention purge deleted the events up to `through_pk`; the chain resumes from `last_hash`."""

    created_at = models.DateTimeField("le", default=timezone.now)
    through_pk = models.BigIntegerField("dernier événement supprimé")
    last_hash = models.CharField("son empreinte", max_length=64)
    deleted = models.PositiveIntegerField("événements supprimés")

    class Meta:
        verbose_name = "purge du journal des accès"
        ordering = ["-through_pk"]

    def __str__(self):
        return f"{self.deleted} événement(s) supprimé(s) jusqu'au n° {self.through_pk}"

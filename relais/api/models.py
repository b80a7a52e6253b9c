import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from relais.users.enums import Role

KEY_PREFIX_LENGTH = 8


def hash_key(raw: str) -> str:
    """Keys are 256-bit random secrets: a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiKey(models.Model):
    """A partner software's key. It acts as a technical user holding exactly one grant (role, organisation),
    so every rule of the web interface applies to it unchanged."""

    name = models.CharField("nom du logiciel", max_length=100)
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="api_keys", verbose_name="organisation"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    prefix = models.CharField("préfixe", max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key", editable=False
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        verbose_name="créée par",
    )
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate_raw() -> str:
        return secrets.token_urlsafe(32)


class RateWindow(models.Model):
    """A caller's requests counted for the API's rate limits (`relais.api.throttling`): this window's and
    the previous one's, one row per caller and scope, shared by every worker."""

    key = models.CharField(max_length=200, primary_key=True)
    window_number = models.BigIntegerField()  # seconds since the epoch ÷ the window's length
    hits = models.PositiveIntegerField()
    previous_hits = models.PositiveIntegerField()

    class Meta:
        verbose_name = "fenêtre de limite de débit"
        verbose_name_plural = "fenêtres de limite de débit"

    def __str__(self):
        return f"{self.key} : {self.hits}"

from django.conf import settings
from django.db import models
from django.utils import timezone

from relais.identity.enums import SecurityEventKind


class SecurityEventQuerySet(models.QuerySet):
    def active_lockouts(self):
        return self.filter(kind=SecurityEventKind.LOCKOUT, until__gt=timezone.now(), lifted_at__isnull=True)


class SecurityEvent(models.Model):
    """A sign-in security event the auditor reviews: lockouts, unlocks, second-factor resets…

    Usernames and addresses are kept as plain values: the trace outlives the account.
    """

    occurred_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    kind = models.CharField("type", max_length=20, choices=SecurityEventKind.choices)
    # Who acted (coordination unlocking, resetting); empty for events the system records itself.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    username = models.CharField("compte concerné", max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("adresse", null=True, blank=True)
    until = models.DateTimeField("jusqu'à", null=True, blank=True)
    lifted_at = models.DateTimeField("levé le", null=True, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement de sécurité"
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.username or self.ip_address}"


class UserSession(models.Model):
    """A signed-in session of a user, so that they can list their sessions and end them all.

    The session itself lives in django.contrib.sessions; deleting its row signs it out.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField("ouverte le", default=timezone.now)
    last_seen_at = models.DateTimeField("dernière activité", default=timezone.now)
    user_agent = models.CharField("navigateur", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("adresse", null=True, blank=True)

    class Meta:
        verbose_name = "session"
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} — {self.started_at:%d/%m/%Y %H:%M}"


class AccessRequest(models.Model):
    """Someone signed in through ProConnect with an email no account has: coordination decides.

    Signing in never creates an account nor a grant; this only tells coordination who asked.
    """

    requested_at = models.DateTimeField("demandé le", default=timezone.now)
    email = models.EmailField("adresse électronique")
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    # Matched on the SIRET the provider gives, when an organisation has it.
    organization = models.ForeignKey("users.Organization", on_delete=models.SET_NULL, null=True, blank=True)
    handled_at = models.DateTimeField("traitée le", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "demande d'accès"
        ordering = ["-requested_at"]

    def __str__(self):
        return self.email


class BreakGlassQuerySet(models.QuerySet):
    def active(self, at=None):
        return self.filter(expires_at__gt=at or timezone.now())


class BreakGlassAccess(models.Model):
    """« Bris de glace » : read access to one person outside the user's scope, for a short time.

    Opened by the user with a stated reason; the auditor reviews every one.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses")
    # PROTECT: the review outlives any change to the person's record.
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("motif")
    started_at = models.DateTimeField("ouvert le", default=timezone.now, db_index=True)
    expires_at = models.DateTimeField("expire le", db_index=True)
    reviewed_at = models.DateTimeField("examiné le", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField("commentaire de l'examen", blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        verbose_name = "bris de glace"
        verbose_name_plural = "bris de glace"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.user} — {self.started_at:%d/%m/%Y %H:%M}"

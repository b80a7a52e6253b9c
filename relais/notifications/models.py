from django.conf import settings
from django.db import models
from django.utils import timezone

from relais.notifications.enums import EmailMode, NotificationKind


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event told to one user: its kind and a link, never who it is about (no person data)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="destinataire"
    )
    kind = models.CharField("événement", max_length=30, choices=NotificationKind.choices)
    url = models.CharField("lien", max_length=200)
    # One notification per recipient and event, whatever the number of runs that see it.
    key = models.CharField("clé de l'événement", max_length=100)
    created_at = models.DateTimeField("le", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    emailed_at = models.DateTimeField("envoyée par courriel le", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.get_kind_display()


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField("courriels", max_length=10, choices=EmailMode.choices, default=EmailMode.EACH)
    # Kinds the user does not want at all (neither in Relais nor by email).
    muted = models.JSONField("événements ignorés", default=list, blank=True)

    class Meta:
        verbose_name = "préférences de notification"

    def __str__(self):
        return f"{self.user} : {self.get_email_display()}"

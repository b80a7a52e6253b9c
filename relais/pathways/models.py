from django.conf import settings
from django.db import models
from django.utils import timezone

from relais.pathways.enums import StepKind, StepOutcome, StepStatus
from relais.people.crypto import EncryptedTextField
from relais.people.querysets import PersonRelatedQuerySet
from relais.users.enums import Role
from relais.users.grants import person_data_grant


class PathwayStep(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pathway_steps")
    kind = models.CharField("étape", max_length=30, choices=StepKind.choices)
    on = models.DateField("date", default=timezone.localdate)
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("statut", max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED)
    outcome = models.CharField("résultat", max_length=20, choices=StepOutcome.choices, blank=True)

    objects = PersonRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = "étape de parcours"
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.on:%d/%m/%Y})"


class HealthNoteQuerySet(PersonRelatedQuerySet):
    def visible_to(self, user):
        """Only `soignant` of the organisations in charge of the person (those that see it)."""
        grant = person_data_grant(user)
        if grant is None or grant.role != Role.SOIGNANT:
            return self.none()
        return super().visible_to(user)


class HealthNote(models.Model):
    """Health content, encrypted at rest. Others who see the person see that a note exists."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="health_notes")
    step = models.ForeignKey(PathwayStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="health_notes")
    written_at = models.DateTimeField("écrite le", default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField("note")

    objects = HealthNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "note de santé"
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"Note de santé du {self.written_at:%d/%m/%Y}"

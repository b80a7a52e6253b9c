from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from relais.pathways.enums import HEALTH_KINDS, StepKind, StepOutcome, StepSensitivity, StepStatus
from relais.people.crypto import EncryptedTextField
from relais.people.enums import ConsentPurpose
from relais.people.models import Consent
from relais.people.querysets import PersonRelatedQuerySet
from relais.users.enums import Role
from relais.users.grants import person_data_grant


def health_access(user) -> Q | None:
    """Which health rows (steps, notes) of the persons the user sees it may read, or None for none.

    Only `soignant`; of the organisation that recorded the row (its own care record, even after a
    withdrawal), or of any organisation in charge of the person while a health consent holds: the
    person consented to share with the health partners who follow it (PRODUCT.md).
    """
    grant = person_data_grant(user)
    if grant is None or grant.role != Role.SOIGNANT:
        return None
    consented = Consent.objects.filter(person=OuterRef("person"), purpose=ConsentPurpose.HEALTH).valid_on(
        timezone.localdate()
    )
    return Q(organization=grant.organization) | Q(Exists(consented))


class PathwayStepQuerySet(PersonRelatedQuerySet):
    """`visible_to` gives the steps whose existence the user may see (those of the persons it sees);
    `with_kind_shown` says on each whether it may see what it is."""

    def with_kind_shown(self, user):
        health = health_access(user)
        shown = Q(sensitivity=StepSensitivity.SOCIAL)
        if health is not None:
            shown |= health
        return self.annotate(kind_shown=ExpressionWrapper(shown, output_field=BooleanField()))

    def health_readable_by(self, user):
        """The steps whose kind, status and outcome the user may read."""
        return self.visible_to(user).with_kind_shown(user).filter(kind_shown=True)


class PathwayStep(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="pathway_steps")
    kind = models.CharField("étape", max_length=30, choices=StepKind.choices)
    # Set from the kind (`sensitivity_of`), stored so that every read filters on it in SQL.
    sensitivity = models.CharField("sensibilité", max_length=10, choices=StepSensitivity.choices)
    on = models.DateField("date", default=timezone.localdate)
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("statut", max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED)
    outcome = models.CharField("résultat", max_length=20, choices=StepOutcome.choices, blank=True)

    objects = PathwayStepQuerySet.as_manager()

    class Meta:
        verbose_name = "étape de parcours"
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=sorted(HEALTH_KINDS), sensitivity=StepSensitivity.HEALTH)
                | (~Q(kind__in=sorted(HEALTH_KINDS)) & Q(sensitivity=StepSensitivity.SOCIAL)),
                name="pathway_step_sensitivity_of_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.on:%d/%m/%Y})"

    @property
    def masked_label(self) -> str:
        """What those who may not read a health step see of it: that a care step exists."""
        return StepSensitivity(self.sensitivity).label


class HealthNoteQuerySet(PersonRelatedQuerySet):
    def visible_to(self, user):
        """The notes whose content the user reads (`health_access`); others see how many exist."""
        health = health_access(user)
        if health is None:
            return self.none()
        return super().visible_to(user).filter(health)


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

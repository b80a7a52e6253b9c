import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class FrozenModel(models.Model):
    """Rows written once: a snapshot presented to the comité is never edited (a new one is made instead)."""

    ERROR_FROZEN = "Ce document est figé : il ne peut plus être modifié. Créez-en une nouvelle version."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(self.ERROR_FROZEN)
        super().save(*args, **kwargs)


class FrozenQuerySet(models.QuerySet):
    """No bulk update either: a frozen row changes through no path of the application."""

    def update(self, **kwargs):
        raise ValidationError(FrozenModel.ERROR_FROZEN)


class SituationReportQuerySet(FrozenQuerySet):
    def for_meeting(self, day):
        return self.filter(meeting_date=day)


class SituationReport(FrozenModel):
    """A point de situation for a comité meeting: the figures, their definitions and the as-of time, frozen."""

    meeting_date = models.DateField("date de la réunion")
    as_of = models.DateTimeField("chiffres arrêtés au")
    title = models.CharField("titre", max_length=200)
    snapshot = models.JSONField("instantané des chiffres et définitions")
    pdf = models.BinaryField("PDF", editable=False)
    pdf_sha256 = models.CharField("empreinte SHA-256 du PDF", max_length=64, editable=False)
    created_at = models.DateTimeField("généré le", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="généré par"
    )
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")

    objects = SituationReportQuerySet.as_manager()

    class Meta:
        verbose_name = "point de situation"
        verbose_name_plural = "points de situation"
        ordering = ["-meeting_date", "-created_at"]

    def __str__(self):
        return self.title

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


class CommuniqueDraft(FrozenModel):
    """One version of the draft press release of a report; the comité edits by writing a new version."""

    report = models.ForeignKey(SituationReport, on_delete=models.PROTECT, related_name="drafts")
    version = models.PositiveIntegerField("version")
    text = models.TextField("texte")
    created_at = models.DateTimeField("écrit le", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="écrit par"
    )
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = "projet de communiqué"
        ordering = ["report", "-version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="one_communique_version_per_number")]

    def __str__(self):
        return f"{self.report} — projet de communiqué v{self.version}"


class CapacityQuote(models.Model):
    """The capacity answer (relais/orientation/capacity_answer.py) quoted by coordination for the situation
    report of a meeting to come: computed once, with published figures only, when it is quoted; the report
    generated for that meeting copies it into its frozen snapshot."""

    meeting_date = models.DateField("date de la réunion")
    answer = models.JSONField("réponse citée (chiffres publiés)")
    created_at = models.DateTimeField("citée le", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="citée par"
    )
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "réponse de capacité citée"
        verbose_name_plural = "réponses de capacité citées"
        ordering = ["meeting_date", "created_at", "pk"]

    def __str__(self):
        return f"Capacité citée pour la réunion du {self.meeting_date:%d/%m/%Y}"

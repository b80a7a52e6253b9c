from django.db import models
from django.utils import timezone

from relais.retention.enums import AnonymisationReason, Category, Outcome


class PurgeRun(models.Model):
    """What one purge did to one category: counts and dates only, never a person's data."""

    ran_at = models.DateTimeField("le", default=timezone.now)
    today = models.DateField("date de référence")
    category = models.CharField("catégorie", max_length=30, choices=Category.choices)
    outcome = models.CharField("traitement", max_length=20, choices=Outcome.choices)
    rows = models.PositiveIntegerField("lignes")
    older_than = models.DateField("antérieures au")

    class Meta:
        verbose_name = "purge de conservation"
        ordering = ["-ran_at", "category"]

    def __str__(self):
        return f"{self.get_category_display()} : {self.rows} ({self.today:%d/%m/%Y})"


class AnonymisedPerson(models.Model):
    """A person record emptied of everything that identifies it; its dated rows stay for the figures."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+", primary_key=True)
    on = models.DateField("le", default=timezone.localdate)
    reason = models.CharField("motif", max_length=20, choices=AnonymisationReason.choices)

    class Meta:
        verbose_name = "personne anonymisée"
        verbose_name_plural = "personnes anonymisées"

    def __str__(self):
        return f"{self.person_id} ({self.get_reason_display()})"

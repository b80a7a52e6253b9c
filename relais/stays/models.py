from django.conf import settings
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from relais.people.querysets import PersonRelatedQuerySet
from relais.stays.enums import ExitDestination


class StayQuerySet(PersonRelatedQuerySet):
    def open(self):
        return self.filter(exited_at__isnull=True)

    def in_structures_of(self, organization):
        return self.filter(structure__operator=organization)

    def with_nights(self, now=None):
        """Nights spent (so far, for open stays), computed in SQL."""
        now = now or timezone.now()
        return self.annotate(
            duration=ExpressionWrapper(
                Coalesce(F("exited_at"), Value(now)) - F("admitted_at"), output_field=DurationField()
            )
        )


class Stay(models.Model):
    """A person's admission in a structure (and place) until the exit. The database refuses two
    open stays for one place or one person (partial unique indexes) and more open stays than
    places in service (triggers, relais/stays/triggers.py)."""

    ERROR_DATES = "La sortie doit suivre l'admission."

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="stays")
    structure = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, related_name="stays")
    place = models.ForeignKey("structures.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="stays")
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="stay"
    )
    admitted_at = models.DateTimeField("admission", default=timezone.now)
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exited_at = models.DateTimeField("sortie", null=True, blank=True)
    exited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exit_destination = models.CharField("destination", max_length=20, choices=ExitDestination.choices, blank=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        verbose_name = "séjour"
        ordering = ["-admitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                condition=Q(exited_at__isnull=True, place__isnull=False),
                name="one_open_stay_per_place",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(exited_at__isnull=True), name="one_open_stay_per_person"
            ),
            models.CheckConstraint(
                condition=Q(exited_at__isnull=True) | Q(exited_at__gte=F("admitted_at")), name="stay_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(exited_at__isnull=True, exit_destination="")
                | Q(exited_at__isnull=False) & ~Q(exit_destination=""),
                name="stay_exit_has_destination",
            ),
        ]
        indexes = [
            # The open stays of a structure: counted by the capacity trigger on every admission and by the
            # live rows; by the structure's index alone, the count read every stay it ever had (some 300
            # heap pages at national scale, the largest part of an admission's cost).
            models.Index(fields=["structure"], condition=Q(exited_at__isnull=True), name="open_stays_by_structure"),
        ]

    def __str__(self):
        return f"Séjour {self.pk} — {self.structure}"

    @property
    def is_open(self) -> bool:
        return self.exited_at is None

    @property
    def nights(self) -> int:
        end = self.exited_at or timezone.now()
        return max((timezone.localdate(end) - timezone.localdate(self.admitted_at)).days, 0)

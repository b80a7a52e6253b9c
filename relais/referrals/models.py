from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relais.people.querysets import PersonRelatedQuerySet
from relais.referrals.deadlines import remind_before
from relais.referrals.enums import OPEN, PENDING, DeclineReason, ReferralStatus
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from relais.users.grants import person_data_grant


class ReferralQuerySet(PersonRelatedQuerySet):
    def pending(self):
        return self.filter(status__in=PENDING)

    def open(self):
        return self.filter(status__in=OPEN)

    def inbox_for(self, user):
        """What the user's organisation has to answer: referrals to its structures; coordination
        also answers the referrals sent to a kind of place rather than to a structure."""
        grant = person_data_grant(user)
        if grant is None:
            return self.none()
        if grant.role == Role.COORDINATION:
            return self.open()
        return self.filter(to_structure__operator=grant.organization).open()

    def sent_by_org(self, organization):
        return self.filter(from_organization=organization)

    def overdue(self, now=None):
        """Unanswered past the reminder delay (flagged in the inbox)."""
        return self.pending().filter(sent_at__lte=remind_before(now))


class Referral(models.Model):
    """An orientation from an organisation to a structure, or to a kind of place (coordination picks)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    contact = models.ForeignKey(
        "people.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    from_organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="envoyée par"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="structure",
    )
    to_kind = models.CharField("type de place", max_length=20, choices=StructureKind.choices, blank=True)
    status = models.CharField("statut", max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    decline_reason = models.CharField("motif du refus", max_length=20, choices=DeclineReason.choices, blank=True)
    # Dated transitions (the full list is ReferralTransition): waiting times come from these in SQL.
    sent_at = models.DateTimeField("envoyée le", default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField("prise en compte le", null=True, blank=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    admitted_at = models.DateTimeField("admission le", null=True, blank=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation"
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_structure__isnull=False) | ~Q(to_kind=""), name="referral_has_a_destination"
            ),
            models.UniqueConstraint(
                fields=["person", "to_structure"],
                condition=Q(status__in=sorted(OPEN)),
                name="one_open_referral_per_person_and_structure",
            ),
        ]

    def __str__(self):
        return f"Orientation {self.pk} vers {self.destination_label}"

    @property
    def destination_label(self) -> str:
        if self.to_structure_id:
            return str(self.to_structure)
        return StructureKind(self.to_kind).label

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class ReferralTransition(models.Model):
    """One dated change of status and who made it (None: the expiry job)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    status = models.CharField("statut", max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField("le", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField("motif", max_length=20, choices=DeclineReason.choices, blank=True)

    class Meta:
        verbose_name = "changement de statut d'orientation"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} le {self.at:%d/%m/%Y %H:%M}"

from django.conf import settings
from django.contrib.auth.models import AbstractUser, _user_has_module_perms, _user_has_perm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from relais.users.enums import PERSON_DATA_ROLES, GrantStatus, OrganizationKind, RightsEventKind, Role
from relais.utils.identifiers import validate_siret


class Organization(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)
    short_name = models.CharField("sigle", max_length=40, blank=True)
    kind = models.CharField("type", max_length=20, choices=OrganizationKind.choices)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class AccessGrantQuerySet(models.QuerySet):
    def active_on(self, day):
        """Approved and dated to cover `day`: a proposed, refused or revoked grant gives nothing."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day, status=GrantStatus.APPROVED
        )

    def proposed(self):
        return self.filter(status=GrantStatus.PROPOSED)


class AccessGrant(models.Model):
    """A user acts for one organisation with one role, granted locally and dated.

    Immutable once proposed: a grant is approved, refused or revoked (relais.users.services), never
    edited, so that a grant reaching person data always carries the two persons who agreed on it.
    """

    Status = GrantStatus
    ERROR_DATES = "La date de fin doit suivre la date de début."

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    # PROTECT: an organisation with people acting for it is closed by ending grants, not deleted.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="grants")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    valid_from = models.DateField("valable du", default=timezone.localdate)
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    # Deny by default: a row created without the services gives nothing until approved.
    status = models.CharField("état", max_length=10, choices=GrantStatus.choices, default=GrantStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name="proposée par",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name="approuvée, refusée ou révoquée par",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True, editable=False)

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "habilitation"
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="grant_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.organization}"

    def clean(self):
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": self.ERROR_DATES})

    @property
    def sees_person_data(self):
        return self.role in PERSON_DATA_ROLES


class User(AbstractUser):
    class Meta:
        verbose_name = "utilisateur"

    # No flag widens the rules: `is_superuser` gives nothing beyond the role of the grant in force.
    # Django's own versions return True for any active superuser before asking the backends.
    def has_perm(self, perm, obj=None):
        return self.is_active and _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label):
        return self.is_active and _user_has_module_perms(self, app_label)

    @cached_property
    def active_grant(self) -> AccessGrant | None:
        """The grant in force today, cached for the request; None when every grant has expired."""
        if not self.pk or not self.is_active:
            return None
        return (
            self.grants.active_on(timezone.localdate())
            .select_related("organization")
            .order_by("-valid_from", "-pk")
            .first()
        )

    @property
    def role(self) -> str | None:
        grant = self.active_grant
        return grant.role if grant else None

    @property
    def organization(self) -> Organization | None:
        grant = self.active_grant
        return grant.organization if grant else None

    def has_role(self, *roles) -> bool:
        return self.role in roles


class RightsEvent(models.Model):
    """One change of rights (grant or API key): who did what for whom. The auditor reads them;
    nothing in the application updates or deletes them."""

    occurred_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    kind = models.CharField("évènement", max_length=20, choices=RightsEventKind.choices)
    # Plain values as well as keys: the trace must survive the accounts' deactivation.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    actor_username = models.CharField("par", max_length=150, blank=True)
    actor_organization = models.CharField("organisation de l'auteur", max_length=200, blank=True)
    subject_username = models.CharField("compte concerné", max_length=150)
    organization = models.CharField("organisation concernée", max_length=200)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    grant = models.ForeignKey(AccessGrant, on_delete=models.PROTECT, related_name="events", null=True)
    key_prefix = models.CharField("clé d'API", max_length=8, blank=True)

    class Meta:
        verbose_name = "évènement d'habilitation"
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.subject_username} ({self.role})"

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from relais.users.enums import PERSON_DATA_ROLES, OrganizationKind, Role
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
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class AccessGrant(models.Model):
    """A user acts for one organisation with one role, granted locally and dated."""

    ERROR_DATES = "La date de fin doit suivre la date de début."

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    # PROTECT: an organisation with people acting for it is closed by ending grants, not deleted.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="grants")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    valid_from = models.DateField("valable du", default=timezone.localdate)
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)

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

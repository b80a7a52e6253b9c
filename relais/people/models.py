import datetime
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relais.people.crypto import EncryptedTextField, matching_key
from relais.people.enums import ConsentPurpose, ConsentStatus, Need, Sex
from relais.people.querysets import ConsentQuerySet, ContactQuerySet, PersonQuerySet
from relais.utils.identifiers import cog_label, validate_cog

# No 0/O, 1/I/L: a code read aloud on the phone in the street.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_display_code() -> str:
    return "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class Person(models.Model):
    """A pseudonymous person: no name, no social-security number, by design (PRODUCT.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    display_code = models.CharField("code", max_length=12, unique=True, default=new_display_code, editable=False)
    alias = EncryptedTextField("nom d'usage dans la rue", blank=True)
    year_of_birth = models.PositiveSmallIntegerField(
        "année de naissance",
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2030)],
    )
    sex = models.CharField("sexe", max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    languages = models.CharField("langues parlées", max_length=200, blank=True)
    need_psychiatric = models.BooleanField(Need.PSYCHIATRIC.label, default=False)
    need_somatic = models.BooleanField(Need.SOMATIC.label, default=False)
    need_mobility = models.BooleanField(Need.MOBILITY.label, default=False)
    need_pets = models.BooleanField(Need.PETS.label, default=False)
    need_couple = models.BooleanField(Need.COUPLE.label, default=False)
    # HMAC of the normalised alias, year of birth and sex: finds duplicates, reveals nothing.
    matching_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by_organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from", editable=False
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        ordering = ["-created_at"]

    def __str__(self):
        return self.display_code

    def compute_matching_key(self) -> str:
        return matching_key(alias=self.alias, year_of_birth=self.year_of_birth, sex=self.sex)

    @property
    def needs(self) -> list[str]:
        return [need.label for need in Need if getattr(self, need.value)]


class PersonMerge(models.Model):
    """Coordination merged `source` into `target`; `moved` lists the rows moved, to undo it exactly."""

    source = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField("fusionnées le", default=timezone.now)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)
    undone_at = models.DateTimeField("annulée le", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "fusion de fiches"
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.source} → {self.target}"


def default_consent_expiry():
    return timezone.localdate() + datetime.timedelta(days=settings.RELAIS_CONSENT_VALIDITY_DAYS)


class Consent(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("finalité", max_length=20, choices=ConsentPurpose.choices)
    given_on = models.DateField("recueilli le", default=timezone.localdate)
    expires_on = models.DateField("expire le", default=default_consent_expiry)
    withdrawn_on = models.DateField("retiré le", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "consentement"
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gt=models.F("given_on")), name="consent_expires_after")
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.given_on:%d/%m/%Y})"

    def status(self, day: datetime.date | None = None) -> str:
        day = day or timezone.localdate()
        if self.withdrawn_on:
            return ConsentStatus.WITHDRAWN
        if self.expires_on <= day:
            return ConsentStatus.EXPIRED
        return ConsentStatus.VALID

    def get_status_display(self) -> str:
        return ConsentStatus(self.status()).label


class Contact(models.Model):
    """An outreach encounter. Anonymous (counted only: `people_count`) or linked to one person."""

    ERROR_COUNT = "Une rencontre avec une personne identifiée compte une seule personne."

    occurred_at = models.DateTimeField("date et heure", default=timezone.now, db_index=True)
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Free text until the sites app lands; a nullable FK to sites.Site will sit next to it.
    location_label = models.CharField("lieu", max_length=200)
    cog = models.CharField("arrondissement ou commune", max_length=5, blank=True, validators=[validate_cog])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts")
    people_count = models.PositiveSmallIntegerField(
        "nombre de personnes", default=1, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    # Generated by the phone for each submission: a form sent again (offline outbox, double tap)
    # finds the encounter already recorded instead of recording it twice.
    idempotency_key = models.UUIDField("clé d'envoi", null=True, blank=True, unique=True, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "rencontre"
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(people_count=1), name="contact_person_counts_one"
            ),
            models.CheckConstraint(condition=Q(people_count__gte=1), name="contact_counts_someone"),
        ]

    def __str__(self):
        return f"{self.location_label} ({self.occurred_at:%d/%m/%Y %H:%M})"

    @property
    def cog_label(self):
        return cog_label(self.cog) if self.cog else ""

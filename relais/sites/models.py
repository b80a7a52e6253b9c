"""Consumption sites and public space: only counts, never a person.

Related rows use PROTECT towards the site: a site with a recorded history is never deleted,
its lifecycle ends with a « démantelé » status instead.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DateField, DateTimeField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from relais.sites.enums import (
    ACTIVE_STATUSES,
    ActType,
    DayPeriod,
    Destination,
    DisplacementKind,
    OperationKind,
    ServiceKind,
    SiteKind,
    SiteStatus,
)
from relais.sites.validators import (
    CONDITIONS_HELP,
    CONDITIONS_MAX_LENGTH,
    cog_labels,
    cog_list,
    validate_area_geojson,
    validate_no_identity,
    validate_not_future_day,
    validate_not_future_moment,
    validate_other_cogs,
)
from relais.utils.identifiers import validate_cog


class SiteQuerySet(QuerySet):
    def with_status(self, day: datetime.date | None = None):
        """`status` and `status_since`: the last lifecycle step in force on `day` (today by default)."""

        day = day or timezone.localdate()
        latest = SiteStatusChange.objects.filter(site=OuterRef("pk"), effective_on__lte=day).order_by(
            "-effective_on", "-pk"
        )
        return self.annotate(
            status=Subquery(latest.values("status")[:1]),
            status_since=Subquery(latest.values("effective_on")[:1], output_field=DateField()),
        )

    def with_last_observation(self):
        """The latest headcount estimate: `last_observed_at`, `last_min`, `last_max`."""

        latest = SiteObservation.objects.filter(site=OuterRef("pk")).order_by("-observed_at", "-pk")
        return self.annotate(
            last_observed_at=Subquery(latest.values("observed_at")[:1], output_field=DateTimeField()),
            last_min=Subquery(latest.values("headcount_min")[:1], output_field=IntegerField()),
            last_max=Subquery(latest.values("headcount_max")[:1], output_field=IntegerField()),
        )

    def active(self, day: datetime.date | None = None):
        return self.with_status(day).filter(status__in=ACTIVE_STATUSES)

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class Site(models.Model):
    ERROR_COORDINATES = "Indiquez la latitude et la longitude ensemble."

    name = models.CharField("nom", max_length=150, unique=True)
    kind = models.CharField("type de site", max_length=20, choices=SiteKind.choices, default=SiteKind.OPEN_SCENE)
    description = models.CharField(
        "description",
        max_length=CONDITIONS_MAX_LENGTH,
        blank=True,
        validators=[validate_no_identity],
        help_text="Le lieu (rue, square, ouvrage) en quelques mots, sans aucune personne nommée.",
    )
    cog = models.CharField(
        "arrondissement ou commune (code INSEE)",
        max_length=5,
        validators=[validate_cog],
        help_text="Arrondissement principal : 75101 à 75120 pour Paris.",
    )
    other_cogs = models.CharField(
        "autres arrondissements ou communes",
        max_length=100,
        blank=True,
        validators=[validate_other_cogs],
        help_text="Codes INSEE séparés par des virgules, si le site s'étend sur plusieurs territoires.",
    )
    latitude = models.FloatField(
        "latitude", null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        "longitude", null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    area_geojson = models.JSONField(
        "zone (GeoJSON)",
        null=True,
        blank=True,
        validators=[validate_area_geojson],
        help_text="Facultatif : un Polygon ou MultiPolygon GeoJSON (longitude, latitude).",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "site de consommation"
        verbose_name_plural = "sites de consommation"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="site_point_complete",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": self.ERROR_COORDINATES})

    @property
    def status_label(self) -> str:
        """The label of the `status` annotation (SiteQuerySet.with_status)."""
        status = getattr(self, "status", None)
        return SiteStatus(status).label if status else ""

    @property
    def cogs(self) -> list[str]:
        return cog_list(self.cog, self.other_cogs)

    @property
    def cogs_label(self) -> str:
        return cog_labels(self.cogs)


class SiteStatusChange(models.Model):
    """One dated step of a site's lifecycle, with the decision behind it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField("statut", max_length=20, choices=SiteStatus.choices)
    effective_on = models.DateField("à compter du", validators=[validate_not_future_day])
    decision = models.CharField(
        "décision",
        max_length=300,
        blank=True,
        help_text="Autorité, date et objet de la décision (par exemple « Arrêté du préfet de police du 24/09/2021 »).",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "changement de statut"
        ordering = ["site", "effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "effective_on", "status"], name="one_status_per_site_and_day")
        ]

    def __str__(self):
        return f"{self.site} : {self.get_status_display()} au {self.effective_on:%d/%m/%Y}"


class SiteService(models.Model):
    """A service installed on a site (water, toilets, care unit…) for a dated span."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="services")
    kind = models.CharField("service", max_length=20, choices=ServiceKind.choices)
    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="site_services",
        verbose_name="structure (unité de soins sur site)",
    )
    installed_on = models.DateField("installé le", validators=[validate_not_future_day])
    removed_on = models.DateField("retiré le", null=True, blank=True)

    class Meta:
        verbose_name = "service installé"
        ordering = ["site", "installed_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("installed_on")),
                name="site_service_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.site})"


class SiteObservation(models.Model):
    """A headcount estimate at a moment: a range (min to max) or a single value (min = max)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="observations")
    observed_at = models.DateTimeField("observé le", validators=[validate_not_future_moment], db_index=True)
    period = models.CharField("moment", max_length=5, choices=DayPeriod.choices)
    headcount_min = models.PositiveIntegerField("effectif estimé (bas)")
    headcount_max = models.PositiveIntegerField("effectif estimé (haut)")
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="organisation observatrice"
    )
    conditions = models.CharField(
        "conditions",
        max_length=CONDITIONS_MAX_LENGTH,
        blank=True,
        validators=[validate_no_identity],
        help_text=CONDITIONS_HELP,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "observation"
        ordering = ["site", "-observed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount_min__lte=models.F("headcount_max")),
                name="headcount_range_ordered",
                violation_error_message="L'estimation basse dépasse l'estimation haute.",
            )
        ]

    def __str__(self):
        return f"{self.site} : {self.headcount_label} le {self.observed_at:%d/%m/%Y %H:%M}"

    @property
    def headcount_label(self) -> str:
        if self.headcount_min == self.headcount_max:
            return str(self.headcount_min)
        return f"{self.headcount_min}\u2013{self.headcount_max}"


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class OnSiteActivity(models.Model):
    """The acts one organisation performed on a site on one day (counts only)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="activities")
    day = models.DateField("jour", validators=[validate_not_future_day])
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")
    first_aid = _count(ActType.FIRST_AID.label)
    nursing_care = _count(ActType.NURSING_CARE.label)
    medical_consultation = _count(ActType.MEDICAL_CONSULTATION.label)
    harm_reduction_kits = _count(ActType.HARM_REDUCTION_KITS.label)
    crack_pipes = _count(ActType.CRACK_PIPES.label)
    orientations = _count(ActType.ORIENTATIONS.label)
    emergency_calls = _count(ActType.EMERGENCY_CALLS.label)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "activité sur site"
        verbose_name_plural = "activités sur site"
        ordering = ["site", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "organization"], name="one_activity_per_site_day_org")
        ]

    def __str__(self):
        return f"{self.site} : activité de {self.organization} le {self.day:%d/%m/%Y}"

    @property
    def total(self) -> int:
        return sum(getattr(self, act) for act in ActType.values)


class SecurityOperation(models.Model):
    """A police operation on a site, in aggregate. There is deliberately no free text here."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="security_operations")
    day = models.DateField("date", validators=[validate_not_future_day])
    kind = models.CharField("type d'opération", max_length=20, choices=OperationKind.choices)
    arrests = _count("interpellations")
    custody = _count("gardes à vue")
    seizure_grams = models.DecimalField(
        "saisies (grammes)", max_digits=10, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    seizure_euros = _count("saisies (euros)")
    kitchens_dismantled = _count("« cuisines » démantelées")
    officers_engaged = _count("effectifs engagés")
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "opération de sécurité"
        verbose_name_plural = "opérations de sécurité"
        ordering = ["site", "-day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(custody__lte=models.F("arrests")),
                name="custody_within_arrests",
                violation_error_message="Les gardes à vue ne peuvent dépasser les interpellations.",
            )
        ]

    def __str__(self):
        return f"{self.site} : {self.get_kind_display()} le {self.day:%d/%m/%Y}"


class Displacement(models.Model):
    """An evacuation or a mise à l'abri: how many people went where, and where the scene reappeared."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="displacements")
    day = models.DateField("date", validators=[validate_not_future_day])
    kind = models.CharField("type", max_length=20, choices=DisplacementKind.choices)
    decision = models.CharField("décision", max_length=300, blank=True)
    reappeared_at = models.ManyToManyField(
        Site, blank=True, related_name="reappeared_from", verbose_name="sites où la scène s'est reformée"
    )
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "évacuation ou mise à l'abri"
        verbose_name_plural = "évacuations et mises à l'abri"
        ordering = ["site", "-day", "-pk"]

    def __str__(self):
        return f"{self.site} : {self.get_kind_display()} le {self.day:%d/%m/%Y}"


class DisplacementDestination(models.Model):
    displacement = models.ForeignKey(Displacement, on_delete=models.CASCADE, related_name="destinations")
    destination = models.CharField("destination", max_length=20, choices=Destination.choices)
    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="displacement_arrivals",
        verbose_name="structure du registre",
    )
    people = models.PositiveIntegerField("personnes", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "destination"
        ordering = ["displacement", "destination", "pk"]
        constraints = [models.CheckConstraint(condition=Q(people__gte=1), name="destination_people_positive")]

    def __str__(self):
        where = self.structure or self.get_destination_display()
        return f"{self.people} → {where}"

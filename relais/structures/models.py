import datetime
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from relais.structures.enums import (
    DEFAULT_FRESHNESS_HOURS,
    AvailabilityMode,
    PlaceAttribute,
    PlaceKind,
    StructureKind,
    StructureStatus,
)
from relais.structures.occupancy import occupied_expression
from relais.structures.opening_hours import opening_hours_in_french
from relais.structures.validators import validate_opening_hours, validate_phone
from relais.utils.identifiers import cog_label, validate_cog, validate_finess


def in_service_on(day: datetime.date, prefix: str = "") -> Q:
    """Service periods covering `day` (start inclusive, end exclusive)."""
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


def in_programme(programme, prefix: str = "") -> Q:
    """Rows of `programme`, and of its member programmes when it is a dispositif (ASSORE + PHASE)."""
    return Q(**{f"{prefix}programme": programme}) | Q(**{f"{prefix}programme__group": programme})


class CapacityTargetQuerySet(QuerySet):
    def known_on(self, day: datetime.date):
        """Targets in force on `day` and already decided then (a retroactive decision is not yet known)."""
        return self.filter(effective_on__lte=day, decided_on__lte=day)

    def standing_on(self, day: datetime.date):
        """The target of each programme on `day`, the members of a dispositif that has its own target left out:
        the dispositif's target stands for theirs, so a total never counts the same places twice."""
        latest = CapacityTarget.objects.known_on(day).filter(programme=OuterRef("programme")).order_by("-effective_on")
        group_has_target = CapacityTarget.objects.known_on(day).filter(programme=OuterRef("programme__group"))
        return self.filter(effective_on=Subquery(latest.values("effective_on")[:1])).exclude(Exists(group_has_target))


class PlaceServicePeriodQuerySet(QuerySet):
    def covering(self, day: datetime.date):
        return self.filter(in_service_on(day))

    def places_by(self, field: str) -> dict:
        """{value of `field` (a path from the period): places} over these periods, in one grouped query; a
        place with two periods counts once."""
        return dict(self.order_by().values(field).annotate(n=Count("place", distinct=True)).values_list(field, "n"))


class PlaceQuerySet(QuerySet):
    def in_service_on(self, day: datetime.date):
        return self.filter(in_service_on(day, "service_periods__")).distinct()

    def with_in_service(self, day: datetime.date):

        current = PlaceServicePeriod.objects.covering(day).filter(place=OuterRef("pk"))
        return self.annotate(
            in_service=Case(When(Q(pk__in=Subquery(current.values("place"))), then=Value(True)), default=False)
        )


class StructureQuerySet(QuerySet):
    def with_places_open(self, day: datetime.date):

        counts = (
            PlaceServicePeriod.objects.covering(day)
            .filter(place__structure=OuterRef("pk"))
            .order_by()
            .values("place__structure")
            .annotate(n=Count("place", distinct=True))
            .values("n")
        )
        return self.annotate(places_open=Coalesce(Subquery(counts, output_field=IntegerField()), 0))

    def with_last_declaration(self, as_of: datetime.datetime | None = None):
        """Latest occupancy declaration (known at `as_of`, by default the latest): how many places
        taken, when, by whom."""

        latest = OccupancyDeclaration.objects.filter(structure=OuterRef("pk"))
        if as_of is not None:
            latest = latest.filter(declared_at__lte=as_of)
        latest = latest.order_by("-declared_at", "-pk")
        return self.annotate(
            declared_occupied=Subquery(latest.values("occupied")[:1], output_field=IntegerField()),
            declared_at=Subquery(latest.values("declared_at")[:1], output_field=DateTimeField()),
            declared_by_name=Subquery(latest.values("declared_by__username")[:1]),
            declared_by_org=Subquery(latest.values("organization__short_name")[:1]),
        )

    def with_availability(self, day: datetime.date, as_of: datetime.datetime | None = None):
        """Places open on `day`, occupied and free at `as_of` (by default now): the one definition of
        occupied and free, for both modes, that the live rows, the board, the API and the figures share.

        Declared mode: the latest declaration known at `as_of` (none: unknown). Computed mode: the
        stays open at `as_of`, which the stays app contributes through `OCCUPANCY_SOURCES`.
        Free is open minus occupied, never below zero.
        """
        qs = self.with_places_open(day).with_last_declaration(as_of)
        return qs.annotate(occupied=occupied_expression(as_of)).annotate(
            free=Case(
                When(occupied__isnull=True, then=Value(None)),
                When(places_open__gt=F("occupied"), then=F("places_open") - F("occupied")),
                default=Value(0),
                output_field=IntegerField(),
            )
        )

    def with_places_open_by_attribute(self, day: datetime.date):
        """`open_<attribute>`: places in service on `day` with each attribute (women only, accessible…)."""
        annotations = {}
        for attribute in PlaceAttribute.values:
            counts = (
                PlaceServicePeriod.objects.covering(day)
                .filter(place__structure=OuterRef("pk"), **{f"place__{attribute}": True})
                .order_by()
                .values("place__structure")
                .annotate(n=Count("place", distinct=True))
                .values("n")
            )
            annotations[f"open_{attribute}"] = Coalesce(Subquery(counts, output_field=IntegerField()), 0)
        return self.annotate(**annotations)

    def with_live_availability(self):
        """The figures of the live rows (`StructureAvailability`), under the names `with_availability`
        gives: one join, whatever the size of the history. A structure without a row yet shows no figure."""
        return self.annotate(
            places_open=Coalesce(F("availability__places_open"), 0),
            occupied=F("availability__occupied"),
            free=F("availability__free"),
            declared_at=F("availability__declared_at"),
            declared_by_name=F("availability__declared_by_name"),
            declared_by_org=F("availability__declared_by_org"),
        )

    def with_places_having(self, attribute: str):
        """Structures with places in service today having `attribute` (a `PlaceAttribute`), from the live rows."""
        return self.filter(**{f"availability__open_{attribute}__gt": 0})

    def operating(self):
        return self.exclude(status=StructureStatus.CLOSED)

    def with_place_attribute(self, attribute: str, day: datetime.date):
        return self.filter(in_service_on(day, "places__service_periods__"), **{f"places__{attribute}": True}).distinct()

    def with_distance_to(self, lat: float, lon: float):
        """Squared equirectangular distance, in degrees: enough to sort places within Paris."""
        scale = math.cos(math.radians(lat))
        return self.annotate(
            distance_sq=ExpressionWrapper(
                (F("latitude") - lat) * (F("latitude") - lat)
                + (F("longitude") - lon) * (F("longitude") - lon) * scale * scale,
                output_field=FloatField(),
            )
        )


class Programme(models.Model):
    """An accommodation programme (ASSORE, PHASE, winter plan…) whose capacity the comité sets."""

    code = models.SlugField("code", max_length=30, unique=True)
    name = models.CharField("nom", max_length=200)
    operator = models.ForeignKey(
        "users.Organization",
        on_delete=models.PROTECT,
        related_name="operated_programmes",
        verbose_name="opérateur",
    )
    funders = models.ManyToManyField(
        "users.Organization", blank=True, related_name="funded_programmes", verbose_name="financeurs"
    )
    description = models.TextField("description", blank=True)
    # ASSORE and PHASE form the accompanied-accommodation dispositif: the group carries its own dated
    # targets and decisions (the comité's figure), its members their places (never counted twice).
    group = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="dispositif",
        help_text="Le dispositif qui regroupe ce programme (par exemple ASSORE et PHASE).",
    )

    ERROR_GROUP_NESTED = "Un dispositif ne peut pas lui-même appartenir à un dispositif, ni se contenir."

    class Meta:
        verbose_name = "programme"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(group=models.F("id")), name="programme_not_its_own_group"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.group_id:
            return
        has_members = self.pk is not None and self.members.exists()
        if self.group_id == self.pk or self.group.group_id is not None or has_members:
            raise ValidationError({"group": self.ERROR_GROUP_NESTED})


class CapacityTarget(models.Model):
    """A dated number of places that a decision set for a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    effective_on = models.DateField("à compter du")
    places = models.PositiveIntegerField("places visées")
    decision = models.CharField("décision", max_length=300, help_text="Instance et objet de la décision.")
    decided_on = models.DateField("date de la décision")
    # The comité decision that set this target, when it was recorded in Relais (governance app).
    source_decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capacity_targets",
        verbose_name="décision d'origine",
    )

    objects = CapacityTargetQuerySet.as_manager()

    class Meta:
        verbose_name = "objectif de capacité"
        ordering = ["programme", "effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "effective_on"], name="one_target_per_programme_and_day")
        ]

    def __str__(self):
        return f"{self.programme} : {self.places} places au {self.effective_on:%d/%m/%Y}"


class Structure(models.Model):
    ERROR_CLOSED_BEFORE_OPENED = "La date de fermeture doit suivre la date d'ouverture."
    ERROR_COORDINATES = "Indiquez la latitude et la longitude ensemble."

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=StructureKind.choices)
    operator = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="structures", verbose_name="gestionnaire"
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
        verbose_name="programme",
    )
    address = models.CharField("adresse", max_length=300)
    cog = models.CharField("code commune INSEE", max_length=5, validators=[validate_cog])
    latitude = models.FloatField(
        "latitude", null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        "longitude", null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    finess_et = models.CharField("FINESS établissement", max_length=9, blank=True, validators=[validate_finess])
    finess_ej = models.CharField("FINESS entité juridique", max_length=9, blank=True, validators=[validate_finess])
    phone = models.CharField(
        "téléphone de l'accueil",
        max_length=20,
        blank=True,
        validators=[validate_phone],
        help_text="Le numéro que les équipes appellent pour annoncer une arrivée, par exemple 01 40 00 00 00.",
    )
    opening_hours = models.CharField(
        "horaires d'ouverture",
        max_length=300,
        blank=True,
        validators=[validate_opening_hours],
        help_text="Syntaxe OpenStreetMap, par exemple « Mo-Fr 09:00-18:00 » ou « 24/7 ».",
    )
    status = models.CharField("statut", max_length=20, choices=StructureStatus.choices, default=StructureStatus.OPEN)
    opened_on = models.DateField("ouverte le", null=True, blank=True)
    closed_on = models.DateField("fermée le", null=True, blank=True)
    availability_mode = models.CharField(
        "suivi des disponibilités",
        max_length=20,
        choices=AvailabilityMode.choices,
        default=AvailabilityMode.DECLARED,
    )
    is_public = models.BooleanField(
        "publiée dans l'annuaire",
        default=True,
        help_text="Décochée par la coordination, la structure n'apparaît pas dans les exports publics (data·inclusion).",
    )
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]
        # The board's and the API's order (type, then name): a page of 100 without sorting every structure.
        indexes = [models.Index(fields=["kind", "name"], name="structure_kind_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="structure_dates_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = self.ERROR_CLOSED_BEFORE_OPENED
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = self.ERROR_COORDINATES
        if errors:
            raise ValidationError(errors)

    @property
    def cog_label(self):
        return cog_label(self.cog)

    @property
    def opening_hours_label(self) -> str:
        return opening_hours_in_french(self.opening_hours)

    def freshness_hours(self, rules: dict | None = None) -> int:
        if rules is None:
            rules = FreshnessRule.as_dict()
        return rules[self.kind]


class Place(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField("type de place", max_length=10, choices=PlaceKind.choices, default=PlaceKind.BED)
    label = models.CharField("désignation", max_length=100)
    location_label = models.CharField(
        "lieu",
        max_length=200,
        blank=True,
        help_text="Pour une structure éclatée : l'hôtel ou le site de la place.",
    )
    women_only = models.BooleanField("réservée aux femmes", default=False)
    accessible = models.BooleanField("accessible (PMR)", default=False)
    pets = models.BooleanField("animaux acceptés", default=False)
    couple = models.BooleanField("couple", default=False)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "place"
        ordering = ["structure", "location_label", "label"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "location_label", "label"], name="place_label_unique")
        ]

    def __str__(self):
        return f"{self.location_label} — {self.label}" if self.location_label else self.label


class PlaceServicePeriod(models.Model):
    """A span during which a place was in service: the source of every capacity figure over time."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="service_periods")
    start = models.DateField("en service du")
    end = models.DateField("jusqu'au (exclu)", null=True, blank=True)

    objects = PlaceServicePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "période de service"
        ordering = ["place", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gt=models.F("start")), name="period_ordered"),
            models.UniqueConstraint(
                fields=["place"], condition=Q(end__isnull=True), name="one_open_service_period_per_place"
            ),
        ]

    def __str__(self):
        return f"{self.place} : du {self.start:%d/%m/%Y}" + (f" au {self.end:%d/%m/%Y}" if self.end else "")


class OccupancyDeclaration(models.Model):
    """An operator's dated count of places taken; also the confirmation that the figure is true."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="declarations")
    occupied = models.PositiveIntegerField("places occupées")
    declared_at = models.DateTimeField("déclaré le", default=timezone.now, db_index=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déclaré par"
    )
    organization = models.ForeignKey("users.Organization", on_delete=models.PROTECT, related_name="+")
    unchanged = models.BooleanField("confirmation sans changement", default=False)

    class Meta:
        verbose_name = "déclaration d'occupation"
        ordering = ["-declared_at"]

    def __str__(self):
        return f"{self.structure} : {self.occupied} occupée(s) le {self.declared_at:%d/%m/%Y %H:%M}"


class FreshnessRule(models.Model):
    """How long a declared figure stays trustworthy for a kind of structure (admin-configurable)."""

    kind = models.CharField("type de structure", max_length=20, choices=StructureKind.choices, unique=True)
    hours = models.PositiveIntegerField("durée de validité (heures)", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "délai de fraîcheur"
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.hours} h"

    @classmethod
    def as_dict(cls) -> dict[str, int]:
        rules = {
            kind: DEFAULT_FRESHNESS_HOURS.get(kind, settings.RELAIS_DEFAULT_FRESHNESS_HOURS) for kind in StructureKind
        }
        rules.update(cls.objects.values_list("kind", "hours"))
        return rules


class StructureAvailability(models.Model):
    """The live availability of one structure today: places open, occupied, free (by attribute for
    the places whose occupancy is known), last confirmation. Maintained in the same transaction as
    each admission, exit, declaration and service change (`relais/structures/live.py`), rolled over
    each night for dated service periods, and checked against the history by `check_availability`.
    The history (periods, declarations, stays) stays the source of truth."""

    structure = models.OneToOneField(Structure, on_delete=models.CASCADE, primary_key=True, related_name="availability")
    day = models.DateField("au")
    places_open = models.PositiveIntegerField("places ouvertes", default=0)
    occupied = models.IntegerField("places occupées", null=True, blank=True)  # None: declared, never declared
    free = models.IntegerField("places libres", null=True, blank=True)
    open_women_only = models.PositiveIntegerField(default=0)
    open_accessible = models.PositiveIntegerField(default=0)
    open_pets = models.PositiveIntegerField(default=0)
    open_couple = models.PositiveIntegerField(default=0)
    # Open stays on places with each attribute, and free places with it: known in computed mode only
    # (a declaration is a bare count). Kept so that an admission or an exit moves the row by one step.
    occupied_women_only = models.IntegerField(null=True, blank=True)
    occupied_accessible = models.IntegerField(null=True, blank=True)
    occupied_pets = models.IntegerField(null=True, blank=True)
    occupied_couple = models.IntegerField(null=True, blank=True)
    free_women_only = models.IntegerField(null=True, blank=True)
    free_accessible = models.IntegerField(null=True, blank=True)
    free_pets = models.IntegerField(null=True, blank=True)
    free_couple = models.IntegerField(null=True, blank=True)
    declared_at = models.DateTimeField("dernière confirmation", null=True, blank=True)
    declared_by_name = models.CharField(max_length=150, blank=True)
    declared_by_org = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField("mis à jour", auto_now=True)

    class Meta:
        verbose_name = "disponibilité courante"
        indexes = [models.Index(fields=["day"], name="availability_day")]

    def __str__(self):
        return f"{self.structure_id} : {self.free} libre(s) le {self.day:%d/%m/%Y}"

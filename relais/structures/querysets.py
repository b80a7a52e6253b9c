import datetime

from django.db.models import (
    Case,
    Count,
    DateTimeField,
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

from relais.structures.enums import AvailabilityMode, StructureStatus


def in_service_on(day: datetime.date, prefix: str = "") -> Q:
    """Service periods covering `day` (start inclusive, end exclusive)."""
    return Q(**{f"{prefix}start__lte": day}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": day}))


class PlaceServicePeriodQuerySet(QuerySet):
    def covering(self, day: datetime.date):
        return self.filter(in_service_on(day))


class PlaceQuerySet(QuerySet):
    def in_service_on(self, day: datetime.date):
        return self.filter(in_service_on(day, "service_periods__")).distinct()

    def with_in_service(self, day: datetime.date):
        from relais.structures.models import PlaceServicePeriod

        current = PlaceServicePeriod.objects.covering(day).filter(place=OuterRef("pk"))
        return self.annotate(
            in_service=Case(When(Q(pk__in=Subquery(current.values("place"))), then=Value(True)), default=False)
        )


class StructureQuerySet(QuerySet):
    def with_places_open(self, day: datetime.date):
        from relais.structures.models import PlaceServicePeriod

        counts = (
            PlaceServicePeriod.objects.covering(day)
            .filter(place__structure=OuterRef("pk"))
            .order_by()
            .values("place__structure")
            .annotate(n=Count("place", distinct=True))
            .values("n")
        )
        return self.annotate(places_open=Coalesce(Subquery(counts, output_field=IntegerField()), 0))

    def with_last_declaration(self):
        """Latest occupancy declaration: how many places taken, when, by whom."""
        from relais.structures.models import OccupancyDeclaration

        latest = OccupancyDeclaration.objects.filter(structure=OuterRef("pk")).order_by("-declared_at", "-pk")
        return self.annotate(
            declared_occupied=Subquery(latest.values("occupied")[:1], output_field=IntegerField()),
            declared_at=Subquery(latest.values("declared_at")[:1], output_field=DateTimeField()),
            declared_by_name=Subquery(latest.values("declared_by__username")[:1]),
            declared_by_org=Subquery(latest.values("organization__short_name")[:1]),
        )

    def with_availability(self, day: datetime.date):
        """Places open, occupied and free, whatever feeds occupancy (declared now; stays later).

        Structures in computed mode take their occupancy from `computed_occupied`, which the
        stays app contributes through `occupancy_sources`; until it does they show no figure.
        """
        qs = self.with_places_open(day).with_last_declaration()
        computed = Value(None, output_field=IntegerField())
        for source in OCCUPANCY_SOURCES:
            computed = source()
        qs = qs.annotate(
            occupied=Case(
                When(availability_mode=AvailabilityMode.DECLARED, then=F("declared_occupied")),
                default=computed,
                output_field=IntegerField(),
            )
        )
        return qs.annotate(free=F("places_open") - F("occupied"))

    def operating(self):
        return self.exclude(status=StructureStatus.CLOSED)

    def with_place_attribute(self, attribute: str, day: datetime.date):
        return self.filter(in_service_on(day, "places__service_periods__"), **{f"places__{attribute}": True}).distinct()

    def with_distance_to(self, lat: float, lon: float):
        """Squared equirectangular distance, in degrees: enough to sort places within Paris."""
        import math

        scale = math.cos(math.radians(lat))
        return self.annotate(
            distance_sq=ExpressionWrapper(
                (F("latitude") - lat) * (F("latitude") - lat)
                + (F("longitude") - lon) * (F("longitude") - lon) * scale * scale,
                output_field=FloatField(),
            )
        )


# Callables returning an expression for the occupancy of computed-mode structures (OuterRef pk).
# The stays app registers one in its AppConfig.ready(); keeping the registry here lets the board
# combine both modes without the structures app importing the stays app.
OCCUPANCY_SOURCES: list = []

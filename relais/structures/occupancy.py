"""The occupancy of computed-mode structures, plugged in from above: the stays app registers its
count of open stays here, so that the one definition of occupied and free
(`StructureQuerySet.with_availability`) combines both modes without this app importing the stays app."""

import datetime

from django.db.models import Case, F, IntegerField, Value, When

from relais.structures.enums import AvailabilityMode

# Callables `source(as_of=None, attribute=None)` returning an expression for the occupancy of
# computed-mode structures (OuterRef pk) at `as_of` (None: now), of places with `attribute` if given.
# The stays app registers one in its AppConfig.ready().
OCCUPANCY_SOURCES: list = []


def computed_occupied(as_of: datetime.datetime | None = None, attribute: str | None = None):
    """Occupancy of a computed-mode structure (OuterRef pk), or None until a source is plugged in."""
    expression = Value(None, output_field=IntegerField())
    for source in OCCUPANCY_SOURCES:
        expression = source(as_of=as_of, attribute=attribute)
    return expression


def occupied_expression(as_of: datetime.datetime | None = None):
    """Places taken in a structure (OuterRef pk), whatever its mode; needs `declared_occupied`."""
    return Case(
        When(availability_mode=AvailabilityMode.DECLARED, then=F("declared_occupied")),
        default=computed_occupied(as_of),
        output_field=IntegerField(),
    )

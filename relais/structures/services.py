"""Changes to the registry that touch several rows; each applies whole or not at all."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relais.structures.enums import AvailabilityMode
from relais.structures.live import availability_refresh
from relais.structures.models import OccupancyDeclaration, Place, PlaceServicePeriod, Structure
from relais.utils.history import announce
from relais.utils.models import validated_save

ERROR_TOO_MANY_OCCUPIED = "Le nombre de places occupées ({occupied}) dépasse le nombre de places ouvertes ({open})."
ERROR_NOT_DECLARED = "Les disponibilités de cette structure sont calculées à partir des séjours, pas déclarées."
ERROR_NOTHING_TO_CONFIRM = "Aucune déclaration précédente à confirmer : indiquez le nombre de places occupées."
ERROR_ALREADY_IN_SERVICE = "Cette place est déjà en service à cette date."
ERROR_ALREADY_OUT = "Cette place est déjà hors service à cette date."
ERROR_SERVICE_DATE = "La date doit suivre le dernier changement de service de la place ({last:%d/%m/%Y})."


def _places_open(structure: Structure) -> int:
    return PlaceServicePeriod.objects.covering(timezone.localdate()).filter(place__structure=structure).count()


@transaction.atomic
def occupancy_declare(*, structure: Structure, occupied: int, by) -> OccupancyDeclaration:
    """Record how many places are taken now; refuses more than the places open."""
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    if structure.availability_mode != AvailabilityMode.DECLARED:
        raise ValidationError(ERROR_NOT_DECLARED)
    places_open = _places_open(structure)
    if occupied > places_open:
        raise ValidationError(ERROR_TOO_MANY_OCCUPIED.format(occupied=occupied, open=places_open))
    last = structure.declarations.order_by("-declared_at", "-pk").first()
    declaration = OccupancyDeclaration.objects.create(
        structure=structure,
        occupied=occupied,
        declared_by=by,
        organization=by.organization,
        unchanged=last is not None and last.occupied == occupied,
    )
    availability_refresh(structures=[structure])
    return declaration


def occupancy_confirm_unchanged(*, structure: Structure, by) -> OccupancyDeclaration:
    """The one-click « inchangé »: the last figure is still true as of now."""
    last = structure.declarations.order_by("-declared_at", "-pk").first()
    if last is None:
        raise ValidationError(ERROR_NOTHING_TO_CONFIRM)
    return occupancy_declare(structure=structure, occupied=last.occupied, by=by)


@transaction.atomic
def places_add(
    *,
    structure: Structure,
    count: int,
    kind: str,
    label_prefix: str,
    location_label: str = "",
    in_service_from: datetime.date,
    women_only: bool = False,
    accessible: bool = False,
    pets: bool = False,
    couple: bool = False,
) -> list[Place]:
    """Create `count` places numbered after those already carrying the same prefix and location."""
    existing = set(
        Place.objects.filter(structure=structure, location_label=location_label).values_list("label", flat=True)
    )
    labels, number = [], 1
    while len(labels) < count:
        label = f"{label_prefix} {number}".strip()
        if label not in existing:
            labels.append(label)
        number += 1
    places = Place.objects.bulk_create(
        [
            Place(
                structure=structure,
                kind=kind,
                label=label,
                location_label=location_label,
                women_only=women_only,
                accessible=accessible,
                pets=pets,
                couple=couple,
            )
            for label in labels
        ]
    )
    if not all(place.pk for place in places):  # backends that do not return ids on bulk insert
        places = list(Place.objects.filter(structure=structure, location_label=location_label, label__in=labels))
    PlaceServicePeriod.objects.bulk_create([PlaceServicePeriod(place=p, start=in_service_from) for p in places])
    announce("structures", in_service_from)  # bulk inserts send no signal
    availability_refresh(structures=[structure])
    return places


@transaction.atomic
def place_set_service(*, place: Place, in_service: bool, on: datetime.date) -> Place:
    """Put a place in or out of service from day `on`, keeping the dated history exact."""
    place = Place.objects.select_for_update().get(pk=place.pk)
    last = place.service_periods.order_by("-start").first()
    if last is not None and on < (last.end or last.start):
        raise ValidationError(ERROR_SERVICE_DATE.format(last=last.end or last.start))
    if in_service:
        if last is not None and last.end is None:
            raise ValidationError(ERROR_ALREADY_IN_SERVICE)
        PlaceServicePeriod.objects.create(place=place, start=on)
    else:
        if last is None or last.end is not None:
            raise ValidationError(ERROR_ALREADY_OUT)
        if on == last.start:
            last.delete()  # out of service the day it entered: it never served
        else:
            last.end = on
            last.save(update_fields=["end"])
    availability_refresh(structures=[place.structure_id])
    return place


@transaction.atomic
def structure_create(*, data: Mapping[str, Any]) -> Structure:
    """A new structure of the registry; its own rules (FINESS keys, INSEE code, dates) refuse bad input."""
    structure = validated_save(Structure(), data)
    availability_refresh(structures=[structure])
    return structure


@transaction.atomic
def structure_update(*, structure: Structure, data: Mapping[str, Any]) -> Structure:
    """Change the fields of a structure named in `data`, under the same rules as its creation."""
    structure = validated_save(structure, data)
    availability_refresh(structures=[structure])  # its mode may have changed
    return structure


@transaction.atomic
def place_update(*, place: Place, data: Mapping[str, Any]) -> Place:
    """Change a place's kind, label, location or attributes (its service dates have their own service)."""
    place = validated_save(place, data)
    availability_refresh(structures=[place.structure_id])
    return place

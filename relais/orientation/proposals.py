"""Where a person can go now: free places that take them, ranked by freshness of the figure and
distance, and for every structure left out the reason why (two queries, whatever the count)."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from relais.referrals.eligibility import kind_refusal, place_fits, why_no_free_place_fits
from relais.stays.models import Stay
from relais.structures.board import with_freshness
from relais.structures.enums import AvailabilityMode
from relais.structures.models import Place, PlaceServicePeriod, Structure
from relais.utils.geo import ARRONDISSEMENT_CENTRES

MAX_PROPOSALS = 15
MAX_LEFT_OUT = 30
KM_PER_DEGREE = 111.2
ATTRIBUTE_FIELDS = ("women_only", "accessible", "pets", "couple")

REASON_NO_FIGURE = "Aucun chiffre de disponibilité déclaré"
REASON_FULL = "Complète"


@dataclass
class Proposal:
    structure: Structure
    free: int  # free places that take the person (capped by the structure's free figure)
    certain: bool  # False: the declared figure does not say which places are taken
    stale: bool
    distance_km: float | None


@dataclass
class LeftOut:
    structure: Structure
    reason: str
    distance_km: float | None


def site_point(contact) -> tuple[float, float] | None:
    if contact is None:
        return None
    if contact.latitude is not None and contact.longitude is not None:
        return contact.latitude, contact.longitude
    return ARRONDISSEMENT_CENTRES.get(contact.cog)


def _km(structure) -> float | None:
    distance_sq = getattr(structure, "distance_sq", None)
    return None if distance_sq is None else round(math.sqrt(distance_sq) * KM_PER_DEGREE, 1)


def free_places_by_structure(structures, day: datetime.date) -> dict[int, list[dict]]:
    """Places in service on `day` with no open stay, as attribute rows, by structure (one query)."""
    in_service = PlaceServicePeriod.objects.covering(day).values("place_id")
    taken = Stay.objects.open().filter(place=OuterRef("pk"))
    rows = (
        Place.objects.filter(structure__in=structures, pk__in=in_service)
        .exclude(Exists(taken))
        .order_by("structure_id", "location_label", "label")
        .values("pk", "structure_id", *ATTRIBUTE_FIELDS)
    )
    by_structure: dict[int, list[dict]] = {}
    for row in rows:
        by_structure.setdefault(row["structure_id"], []).append(row)
    return by_structure


def proposals_for(
    *, person, contact=None, kind: str = "", attribute: str = "", now: datetime.datetime | None = None
) -> tuple[list[Proposal], list[LeftOut]]:
    """Free places that take the person, and the structures left out with their reason."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    structures = Structure.objects.operating().select_related("operator").with_availability(today)
    if kind:
        structures = structures.filter(kind=kind)
    point = site_point(contact)
    if point:
        structures = structures.with_distance_to(*point)
    structures = list(with_freshness(structures, now).order_by("name"))
    free_places = free_places_by_structure([s.pk for s in structures], today)
    proposals, left_out = [], []
    for structure in structures:
        distance = _km(structure)
        reason = kind_refusal(person, structure.kind)
        if not reason and structure.free is None:
            reason = REASON_NO_FIGURE
        if not reason and structure.free <= 0:
            reason = REASON_FULL
        places = free_places.get(structure.pk, [])
        fitting = [p for p in places if place_fits(person, p, attribute)]
        if not reason and not fitting:
            reason = why_no_free_place_fits(person, places, attribute) if places else REASON_FULL
        if reason:
            left_out.append(LeftOut(structure, reason, distance))
            continue
        # A declared count says how many places are taken, not which: a fitting place is certainly
        # free only when there are more free places than places that do not take the person.
        certain = structure.availability_mode == AvailabilityMode.COMPUTED or structure.free > len(places) - len(
            fitting
        )
        proposals.append(Proposal(structure, min(structure.free, len(fitting)), certain, structure.stale, distance))
    far = float("inf")
    proposals.sort(key=lambda p: (p.stale, not p.certain, p.distance_km if p.distance_km is not None else far))
    left_out.sort(key=lambda row: row.distance_km if row.distance_km is not None else far)
    return proposals[:MAX_PROPOSALS], left_out[:MAX_LEFT_OUT]

"""Structures that fit a person now: kind, place attributes from the needs, free places from the
availability board, distance to where the person was met."""

from django.utils import timezone

from relais.structures.enums import PlaceAttribute
from relais.structures.models import Structure
from relais.utils.geo import ARRONDISSEMENT_CENTRES

# A person's need → the place attribute that answers it.
NEED_ATTRIBUTES = {
    "need_mobility": PlaceAttribute.ACCESSIBLE,
    "need_pets": PlaceAttribute.PETS,
    "need_couple": PlaceAttribute.COUPLE,
}
MAX_PROPOSALS = 15


def site_point(contact) -> tuple[float, float] | None:
    if contact is None:
        return None
    if contact.latitude is not None and contact.longitude is not None:
        return contact.latitude, contact.longitude
    return ARRONDISSEMENT_CENTRES.get(contact.cog)


def structures_proposed(*, person, contact=None, kind: str = "", attribute: str = "") -> list[Structure]:
    """Operating structures with at least one free place, nearest first when the site is known."""
    today = timezone.localdate()
    qs = Structure.objects.operating().select_related("operator").with_availability(today).filter(free__gt=0)
    if kind:
        qs = qs.filter(kind=kind)
    attributes = [attribute] if attribute else [a for need, a in NEED_ATTRIBUTES.items() if getattr(person, need)]
    for attr in attributes:
        qs = qs.with_place_attribute(attr, today)
    point = site_point(contact)
    qs = qs.with_distance_to(*point).order_by("distance_sq", "name") if point else qs.order_by("-free", "name")
    rows = list(qs[:MAX_PROPOSALS])
    for row in rows:
        if getattr(row, "distance_sq", None) is not None:
            row.distance_km = round(row.distance_sq**0.5 * 111.2, 1)
    return rows

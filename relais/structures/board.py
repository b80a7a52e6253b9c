"""The availability board: one query for every structure's places open, occupied, free and freshness."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from relais.structures.enums import AvailabilityMode, PlaceAttribute, StructureKind
from relais.structures.models import FreshnessRule, Structure
from relais.utils.identifiers import PARIS_ARRONDISSEMENTS


@dataclass
class BoardFilters:
    kind: str = ""
    programme: str = ""
    arrondissement: str = ""
    attribute: str = ""
    near: tuple[float, float] | None = None
    site: int | None = None

    @classmethod
    def from_query(cls, params, *, precise_sites: bool = True) -> "BoardFilters":
        """`site` (a consumption site's id) sorts by distance to it; without `precise_sites` the
        distance is to the centre of its arrondissement, so that it does not reveal the point."""
        near = None
        try:
            lat, lon = float(params.get("lat", "")), float(params.get("lon", ""))
        except ValueError:
            pass
        else:
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                near = (lat, lon)
        site = None
        if params.get("site", "").isdigit():
            from relais.sites.maps import site_point  # the sites app builds on the registry, not the reverse

            point = site_point(int(params["site"]), precise=precise_sites)
            if point is not None:
                site, near = int(params["site"]), point
        return cls(
            kind=params.get("type", "") if params.get("type") in StructureKind.values else "",
            programme=params.get("programme", ""),
            arrondissement=params.get("arrondissement", "")
            if params.get("arrondissement") in PARIS_ARRONDISSEMENTS
            else "",
            attribute=params.get("caracteristique", "")
            if params.get("caracteristique") in PlaceAttribute.values
            else "",
            near=near,
            site=site,
        )


def board_rows(filters: BoardFilters, *, now: datetime.datetime | None = None) -> list[Structure]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    structures = Structure.objects.operating().select_related("operator", "programme").with_availability(today)
    if filters.kind:
        structures = structures.filter(kind=filters.kind)
    if filters.programme:
        structures = structures.filter(programme__code=filters.programme)
    if filters.arrondissement:
        structures = structures.filter(cog=filters.arrondissement)
    if filters.attribute:
        structures = structures.with_place_attribute(filters.attribute, today)
    if filters.near:
        structures = structures.with_distance_to(*filters.near).order_by("distance_sq", "name")
    else:
        structures = structures.order_by("kind", "name")
    rules = FreshnessRule.as_dict()
    rows = list(structures)
    for structure in rows:
        mark_freshness(structure, rules, now)
    return rows


def mark_freshness(structure: Structure, rules: dict[str, int], now: datetime.datetime) -> None:
    """Set `stale` and `freshness_hours`: a declared figure older than its kind's limit is stale."""
    structure.freshness_hours = rules[structure.kind]
    if structure.availability_mode == AvailabilityMode.COMPUTED:
        structure.stale = False
    else:
        limit = datetime.timedelta(hours=structure.freshness_hours)
        structure.stale = structure.declared_at is None or now - structure.declared_at > limit
    if getattr(structure, "distance_sq", None) is not None:
        # Back from squared degrees to kilometres (1° of latitude ≈ 111.2 km).
        structure.distance_km = round(structure.distance_sq**0.5 * 111.2, 1)


def board_totals(rows: list[Structure]) -> dict[str, int]:
    return {
        "places_open": sum(r.places_open for r in rows),
        "free": sum(max(r.free, 0) for r in rows if r.free is not None),
        "stale": sum(1 for r in rows if r.stale),
    }

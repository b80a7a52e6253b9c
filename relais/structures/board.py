"""The availability board: one query for every structure's places open, occupied, free and freshness."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
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
    def from_query(cls, params, *, precise_sites: bool) -> "BoardFilters":
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


def board_queryset(filters: BoardFilters, *, now: datetime.datetime | None = None) -> QuerySet[Structure]:
    """Operating structures with places open, occupied, free, last confirmation and staleness, in SQL."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    structures = with_freshness(
        Structure.objects.operating().select_related("operator", "programme").with_availability(today), now
    )
    if filters.kind:
        structures = structures.filter(kind=filters.kind)
    if filters.programme:
        structures = structures.filter(programme__code=filters.programme)
    if filters.arrondissement:
        structures = structures.filter(cog=filters.arrondissement)
    if filters.attribute:
        structures = structures.filter(
            pk__in=Structure.objects.with_place_attribute(filters.attribute, today).values("pk")
        )
    if filters.near:
        return structures.with_distance_to(*filters.near).order_by("distance_sq", "name")
    return structures.order_by("kind", "name")


def with_freshness(structures: QuerySet[Structure], now: datetime.datetime) -> QuerySet[Structure]:
    """`freshness_hours` of the kind, and `stale`: a declared figure older than that, or none at all."""
    rules = FreshnessRule.as_dict()
    hours = Case(*[When(kind=k, then=Value(h)) for k, h in rules.items()], output_field=IntegerField())
    fresh_after = Case(
        *[When(kind=k, then=Value(now - datetime.timedelta(hours=h))) for k, h in rules.items()],
        output_field=DateTimeField(),
    )
    return structures.annotate(freshness_hours=hours, fresh_after=fresh_after).annotate(
        stale=Case(
            When(availability_mode=AvailabilityMode.COMPUTED, then=Value(False)),
            When(declared_at__isnull=True, then=Value(True)),
            When(declared_at__lt=F("fresh_after"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def board_totals(structures: QuerySet[Structure]) -> dict[str, int]:
    """Totals over every row of the board (not only the page shown), in one query."""
    # Aliases must differ from the annotations they sum, or Django drops those from the subquery.
    totals = structures.order_by().aggregate(
        total_open=Sum("places_open"),
        total_free=Sum(Case(When(free__gt=0, then=F("free")), default=Value(0))),
        total_stale=Count("pk", filter=Q(stale=True)),
        total_structures=Count("pk"),
    )
    return {key.removeprefix("total_"): value or 0 for key, value in totals.items()}


def with_distances(rows) -> list[Structure]:
    """Kilometres for display, from the squared degrees used to sort (1° of latitude ≈ 111.2 km)."""
    rows = list(rows)
    for row in rows:
        if getattr(row, "distance_sq", None) is not None:
            row.distance_km = round(row.distance_sq**0.5 * 111.2, 1)
    return rows


def board_row(structure_pk: int, *, now: datetime.datetime | None = None) -> Structure:
    """One structure's board figures, as the board computes them."""
    now = now or timezone.now()
    structures = Structure.objects.select_related("operator", "programme").with_availability(timezone.localdate(now))
    return with_freshness(structures, now).get(pk=structure_pk)

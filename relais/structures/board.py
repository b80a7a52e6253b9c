"""The availability board: every structure's places open, occupied, free and freshness, read from the live
rows (`StructureAvailability`, relais/structures/live.py) in one query."""

import datetime

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

from relais.structures.enums import AvailabilityMode
from relais.structures.models import FreshnessRule, Structure


def board_queryset(*, now: datetime.datetime | None = None) -> QuerySet[Structure]:
    """Operating structures with places open, occupied, free, last confirmation and staleness, in SQL;
    the board's filters and order are `relais.structures.filters.AvailabilityFilter`'s."""
    now = now or timezone.now()
    return with_freshness(
        Structure.objects.operating().select_related("operator", "programme").with_live_availability(), now
    )


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
    structures = Structure.objects.select_related("operator", "programme").with_live_availability()
    return with_freshness(structures, now).get(pk=structure_pk)

"""The availability board: every structure's places open, occupied, free and freshness, read from the live
rows (`StructureAvailability`, relais/structures/live.py) in one query."""

import datetime
from types import SimpleNamespace

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Expression,
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
from relais.utils.identifiers import cog_label

# The columns a board row needs: read as values, not as model instances (a page of 100 structures
# and their operators built as objects cost more than its query).
ROW_FIELDS = (
    "pk",
    "name",
    "kind",
    "cog",
    "operator_id",
    "operator_name",
    "operator_short_name",
    "availability_mode",
    "places_open",
    "occupied",
    "free",
    "declared_at",
    "declared_by_name",
    "declared_by_org",
    "stale",
    "freshness_hours",
)


class BoardRow(SimpleNamespace):
    """One structure of the board, with the attributes the pages, the API and the publication read."""

    @property
    def operator(self) -> str:
        return self.operator_short_name or self.operator_name

    @property
    def cog_label(self) -> str:
        return cog_label(self.cog)


def board_values(structures: QuerySet[Structure]) -> QuerySet:
    """`structures` (from `board_queryset`, filtered and sorted) as the values of `ROW_FIELDS`, and the
    distance used to sort when there is one; `board_rows` turns a page of them into rows."""
    extra = ["distance_sq"] if "distance_sq" in structures.query.annotations else []
    return structures.annotate(operator_name=F("operator__name"), operator_short_name=F("operator__short_name")).values(
        *ROW_FIELDS, *extra
    )


def board_rows(values) -> list[BoardRow]:
    return [BoardRow(**row) for row in values]


def board_queryset(*, now: datetime.datetime | None = None) -> QuerySet[Structure]:
    """Operating structures with places open, occupied, free, last confirmation and staleness, in SQL;
    the board's filters and order are `relais.structures.filters.AvailabilityFilter`'s."""
    now = now or timezone.now()
    return with_freshness(Structure.objects.operating().with_live_availability(), now)


class ByKind(Expression):
    """`CASE kind WHEN … THEN … END` of a {kind: value} dict, compiled as one string with its parameters:
    a `When` per kind is a dozen lookups resolved, copied and hashed again on each request, which cost
    more CPU than the board's whole SQL."""

    def __init__(self, kind, values: dict, output_field):
        super().__init__(output_field=output_field)
        self.kind, self.values = kind, values

    def get_source_expressions(self):
        return [self.kind]

    def set_source_expressions(self, exprs):
        (self.kind,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.kind)
        values = []
        for kind, value in self.values.items():
            values += [kind, self.output_field.get_db_prep_value(value, connection)]
        whens = " ".join(["WHEN %s THEN %s"] * len(self.values))
        return f"CASE {sql} {whens} ELSE NULL END", (*params, *values)


class Stale(Expression):
    """A declared figure older than the freshness of its kind (`fresh_after`), or none at all; never a
    computed one. One expression for the same reason as `ByKind`."""

    output_field = BooleanField()

    def __init__(self, mode, declared_at, fresh_after):
        super().__init__()
        self.mode, self.declared_at, self.fresh_after = mode, declared_at, fresh_after

    def get_source_expressions(self):
        return [self.mode, self.declared_at, self.fresh_after]

    def set_source_expressions(self, exprs):
        self.mode, self.declared_at, self.fresh_after = exprs

    def as_sql(self, compiler, connection):
        (mode, mode_params), (declared, declared_params), (after, after_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        sql = (
            f"CASE WHEN {mode} = %s THEN %s WHEN {declared} IS NULL THEN %s "
            f"WHEN {declared} < {after} THEN %s ELSE %s END"
        )
        params = (*mode_params, AvailabilityMode.COMPUTED.value, False, *declared_params, True)
        return sql, (*params, *declared_params, *after_params, True, False)


def with_freshness(structures: QuerySet[Structure], now: datetime.datetime) -> QuerySet[Structure]:
    """`freshness_hours` of the kind, and `stale`: a declared figure older than that, or none at all."""
    rules = FreshnessRule.as_dict()
    fresh_after = {kind: now - datetime.timedelta(hours=hours) for kind, hours in rules.items()}
    return structures.annotate(
        freshness_hours=ByKind(F("kind"), rules, IntegerField()),
        stale=Stale(F("availability_mode"), F("declared_at"), ByKind(F("kind"), fresh_after, DateTimeField())),
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


def board_row(structure_pk: int, *, now: datetime.datetime | None = None) -> BoardRow:
    """One structure's board figures, as the board computes them."""
    now = now or timezone.now()
    structures = with_freshness(Structure.objects.with_live_availability(), now).filter(pk=structure_pk)
    (row,) = board_rows(board_values(structures))
    return row

"""The availability board's rows and its freshness rule for the ORM's callers (the orientation's proposals and
allocation); the board's own reads are hand-written (`relais.structures.board_sql`)."""

import datetime
from types import SimpleNamespace

from django.db.models import (
    BooleanField,
    DateTimeField,
    Expression,
    F,
    IntegerField,
    QuerySet,
)

from relais.structures.enums import AvailabilityMode
from relais.structures.models import FreshnessRule, Structure
from relais.utils.identifiers import cog_label


class BoardRow(SimpleNamespace):
    """One structure of the board, with the attributes the pages, the API and the publication read."""

    @property
    def operator(self) -> str:
        return self.operator_short_name or self.operator_name

    @property
    def cog_label(self) -> str:
        return cog_label(self.cog)


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


def with_distances(rows) -> list[BoardRow]:
    """Kilometres for display, from the squared degrees used to sort (1° of latitude ≈ 111.2 km)."""
    rows = list(rows)
    for row in rows:
        if getattr(row, "distance_sq", None) is not None:
            row.distance_km = round(row.distance_sq**0.5 * 111.2, 1)
    return rows

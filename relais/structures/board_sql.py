"""The board's reads as hand-written statements: a page of rows, and the totals over every row.

Built by the ORM, the board's querysets (the live rows' join, the freshness by kind, the filters, the
distance) cost more CPU to assemble and compile than PostgreSQL spends answering them: some 5 ms of a
25 ms find-a-place request, on every page of the board and of the API. Written once here, they are only
filled with their parameters. They are not kept prepared (`relais.utils.prepared`): PostgreSQL's
generic plan of the totals, blind to the kinds' freshness and the page's limit, took twice as long as
the plan it makes for the values of each request. Which values a filter accepts stays the FilterSet's
(`relais.structures.filters`); `BoardSelection` is what the valid ones select.
`relais.structures.board.with_freshness` is the same freshness for the ORM's callers, and the tests
hold the two to the same rows.
"""

import datetime
import math
from dataclasses import dataclass

from django.db import connections, router
from django.utils import timezone

from relais.structures.board import BoardRow
from relais.structures.enums import AvailabilityMode, PlaceAttribute, StructureStatus
from relais.structures.models import FreshnessRule, Structure, StructureAvailability
from relais.users.models import Organization

STRUCTURES = Structure._meta.db_table
LIVE = StructureAvailability._meta.db_table
OPERATORS = Organization._meta.db_table
# The statements are built from these names of ours and the attributes' own columns (`BoardSelection.where`);
# every value given by a request is a parameter.
ROW_COLUMNS = (
    ("pk", "s.id"),
    ("name", "s.name"),
    ("kind", "s.kind"),
    ("cog", "s.cog"),
    ("operator_id", "s.operator_id"),
    ("operator_name", "o.name"),
    ("operator_short_name", "o.short_name"),
    ("availability_mode", "s.availability_mode"),
    ("places_open", "COALESCE(a.places_open, 0)"),
    ("occupied", "a.occupied"),
    ("free", "a.free"),
    ("declared_at", "a.declared_at"),
    ("declared_by_name", "a.declared_by_name"),
    ("declared_by_org", "a.declared_by_org"),
)
MAX_ROWS = 2**62
LIVE_JOIN = f"LEFT JOIN {LIVE} a ON a.structure_id = s.id"


def _statement(columns: str, where: str, *, joins: str = LIVE_JOIN, tail: str = "") -> str:
    return f"SELECT {columns} FROM {STRUCTURES} s {joins} WHERE {where}{tail}"  # noqa: S608 - see ROW_COLUMNS


# The squared equirectangular distance, in degrees (`Structure.objects.with_distance_to`'s).
DISTANCE = "((s.latitude - %s) * (s.latitude - %s) + (s.longitude - %s) * (s.longitude - %s) * %s)"


@dataclass(frozen=True)
class BoardSelection:
    """The structures a board, a find-a-place or an API page reads: operating ones (or one, by `pk`),
    of a kind (`kinds`), a programme, a commune, with places in service today having an attribute; sorted from the
    nearest to `near` (latitude, longitude), structures without a point last, or by kind and name."""

    kinds: tuple[str, ...] = ()  # each one must match: two different kinds select nothing
    programme_id: int | None = None
    cog: str | None = None
    attribute: str | None = None
    near: tuple[float, float] | None = None
    pk: int | None = None

    def where(self) -> tuple[str, list]:
        """The WHERE clause and its parameters; `a` (the live rows) is joined when `needs_live`."""
        if self.pk is not None:
            return "s.id = %s", [self.pk]
        clauses, params = ["s.status <> %s"], [StructureStatus.CLOSED.value]
        equal = [("s.kind", kind) for kind in self.kinds]
        for column, value in [*equal, ("s.programme_id", self.programme_id), ("s.cog", self.cog)]:
            if value is not None:
                clauses.append(f"{column} = %s")
                params.append(value)
        if self.attribute is not None:
            # A column name: only one of the attributes' own, never the value as given.
            clauses.append(f"a.open_{PlaceAttribute(self.attribute).value} > 0")
        return " AND ".join(clauses), params

    @property
    def needs_live(self) -> bool:
        return self.attribute is not None

    def distance(self) -> tuple[str, list]:
        lat, lon = self.near
        scale = math.cos(math.radians(lat))
        return DISTANCE, [lat, lat, lon, lon, scale * scale]


def _freshness(rules: dict[str, int], now: datetime.datetime, connection) -> tuple[str, list, str, list]:
    """`freshness_hours` (by kind) and `stale` (a declared figure older than that, or none at all; never a
    computed one) as SQL with their parameters: `relais.structures.board.with_freshness`'s rule."""
    hours_sql = "CASE s.kind " + " ".join(["WHEN %s THEN %s"] * len(rules)) + " ELSE NULL END"
    hours_params = [value for kind, hours in rules.items() for value in (kind, hours)]
    after_params = []
    for kind, hours in rules.items():
        after = now - datetime.timedelta(hours=hours)
        after_params += [kind, connection.ops.adapt_datetimefield_value(after)]
    stale_sql = (
        "CASE WHEN s.availability_mode = %s THEN 0 WHEN a.declared_at IS NULL THEN 1 "
        f"WHEN a.declared_at < ({hours_sql}) THEN 1 ELSE 0 END"
    )
    stale_params = [AvailabilityMode.COMPUTED.value, *after_params]
    return hours_sql, hours_params, stale_sql, stale_params


def _aware(value):
    """A timestamp as the ORM gives it: SQLite's come back naive (in UTC)."""
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


def _totals_columns(stale_sql: str) -> list[str]:
    """Structures, places open, free places (none below zero), stale figures: summed over the selection."""
    return [
        "COUNT(*)",
        "SUM(COALESCE(a.places_open, 0))",
        "SUM(CASE WHEN a.free > 0 THEN a.free ELSE 0 END)",
        f"SUM({stale_sql})",
    ]


def _totals(structures, places_open, free, stale) -> dict[str, int]:
    return {"open": places_open or 0, "free": free or 0, "stale": stale or 0, "structures": structures}


class BoardRows:
    """The rows of a `BoardSelection`, read a page at a time: sliced as a queryset is (by Django's
    `Paginator` and DRF's pagination), counted, summed (`totals`) and read for the published free places
    (`figures`). Reads go where the router sends the board's (the replica when the page may lag)."""

    def __init__(self, selection: BoardSelection, *, now: datetime.datetime | None = None):
        self.selection = selection
        self.now = now or timezone.now()
        self._count = None
        self._rules = None
        self._read: dict[tuple[int, int], list[BoardRow]] = {}

    def _freshness(self, connection) -> tuple[str, list, str, list]:
        if self._rules is None:
            self._rules = FreshnessRule.as_dict()
        return _freshness(self._rules, self.now, connection)

    @property
    def connection(self):
        return connections[router.db_for_read(StructureAvailability)]

    def _run(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self) -> int:
        if self._count is None:
            where, params = self.selection.where()
            joins = LIVE_JOIN if self.selection.needs_live else ""
            ((self._count,),) = self._run(_statement("COUNT(*)", where, joins=joins), params)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[BoardRow]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("BoardRows se lit par tranche (page).")
        start = key.start or 0
        return self.page(offset=start, limit=None if key.stop is None else max(key.stop - start, 0))

    def page(self, *, offset: int = 0, limit: int | None = None) -> list[BoardRow]:
        # The page read with the totals is given once (its rows are then published in place); the
        # paginator asks the last page up to the last row only.
        for (read_offset, read_limit), rows in list(self._read.items()):
            if read_offset == offset and limit is not None and limit <= read_limit:
                del self._read[(read_offset, read_limit)]
                return rows[:limit]
        return self._read_page(offset, limit)[0]

    def _read_page(self, offset: int, limit: int | None, *, with_totals: bool = False) -> tuple[list, dict | None]:
        """The rows of the page; `with_totals`: the totals over every row too, read by the same statement
        (windows over the whole selection, which a sort by distance reads whole anyway). None when the
        page is past the last row (no row to carry them)."""
        connection = self.connection
        hours_sql, hours_params, stale_sql, stale_params = self._freshness(connection)
        where, where_params = self.selection.where()
        columns = [f"{sql} AS {name}" for name, sql in ROW_COLUMNS]
        columns += [f"{stale_sql} AS stale", f"{hours_sql} AS freshness_hours"]
        params = [*stale_params, *hours_params]
        names = [name for name, _ in ROW_COLUMNS] + ["stale", "freshness_hours"]
        if self.selection.near is not None:
            distance, distance_params = self.selection.distance()
            columns.append(f"{distance} AS distance_sq")
            params += distance_params
            names.append("distance_sq")
            order = "distance_sq NULLS LAST, s.name"
        else:
            order = "s.kind, s.name"
        if with_totals:  # last, so that each row ends with them
            columns += [f"{total} OVER ()" for total in _totals_columns(stale_sql)]
            params += stale_params
        joins = f"JOIN {OPERATORS} o ON o.id = s.operator_id {LIVE_JOIN}"
        sql = _statement(", ".join(columns), where, joins=joins, tail=f" ORDER BY {order}")
        params += where_params
        if limit is not None or offset:
            # SQLite has no OFFSET without a LIMIT: -1 is its "no limit". A page asked far past any
            # number of rows is empty, not a number too large for the database.
            offset, limit = min(offset, MAX_ROWS), None if limit is None else min(limit, MAX_ROWS)
            sql += " LIMIT %s OFFSET %s"
            params += [limit if limit is not None else (-1 if connection.vendor == "sqlite" else None), offset]
        rows, totals = [], None
        for values in self._run(sql, params):
            if with_totals:
                totals = _totals(*values[-4:])
                values = values[:-4]
            row = dict(zip(names, values, strict=True))
            row["declared_at"], row["stale"] = _aware(row["declared_at"]), bool(row["stale"])
            rows.append(BoardRow(**row))
        return rows, totals

    def totals(self, *, page: tuple[int, int] | None = None) -> dict[str, int]:
        """Over every row (not only the page shown), in one statement: structures, places open, free
        places (none below zero), stale figures. Also the count, asked no more. `page` (offset, limit):
        the page about to be shown, read by the same statement when the rows are sorted by distance."""
        if page is not None and self.selection.near is not None:
            rows, totals = self._read_page(*page, with_totals=True)
            if totals is not None:
                self._read[page] = rows
                self._count = totals["structures"]
                return totals
        _, _, stale_sql, stale_params = self._freshness(self.connection)
        where, where_params = self.selection.where()
        sql = _statement(", ".join(_totals_columns(stale_sql)), where)
        ((structures, places_open, free, stale),) = self._run(sql, [*stale_params, *where_params])
        self._count = structures
        return _totals(structures, places_open, free, stale)

    def figures(self) -> list[tuple]:
        """(pk, availability mode, places open, occupied) of every row: what the published free places sum."""
        where, params = self.selection.where()
        return self._run(_statement("s.id, s.availability_mode, COALESCE(a.places_open, 0), a.occupied", where), params)


def board_row(structure_pk: int, *, now: datetime.datetime | None = None) -> BoardRow:
    """One structure's board figures, as the board computes them (closed or not)."""
    (row,) = BoardRows(BoardSelection(pk=structure_pk), now=now).page()
    return row

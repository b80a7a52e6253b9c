"""The indicator catalogue: each indicator is declared once, with its definition, and computed in SQL.

An indicator is a function decorated with `@indicator(...)`. It receives the time at which the
figure is taken (`as_of`), the dimensions to group by and a filter on dimensions, and returns
grouped rows `{dimension: value, …, "value": figure}`; `grouped()` maps the dimension codes
(`kind`, `programme`…) to the indicator's ORM paths. A new domain app plugs its indicators in by
writing one function each, in its own module imported from its AppConfig.ready().
"""

import datetime
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import F, Q, Sum
from django.utils import timezone

from relais.indicators.cellkey import combine as combine_keys
from relais.indicators.cellkey import record_key
from relais.indicators.enums import Dimension, Disclosure, Unit

ERROR_UNKNOWN_INDICATOR = "Indicateur inconnu : {code}."
ERROR_UNSUPPORTED_DIMENSION = "L'indicateur {code} ne se ventile pas par {dimension}."


class UnsupportedDimension(ValueError):
    pass


# The daily facts' reader while one is active (`fact_reader.reading()`): it answers what the facts hold,
# the computation below the rest. Plugged from above rather than imported (the facts are built on this module).
FACTS: ContextVar = ContextVar("indicator_facts", default=None)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str
    # Dimension code -> ORM path on the queryset the computation groups (the supported disaggregations).
    paths: dict[str, str]
    person_derived: bool
    compute: Callable = field(repr=False, compare=False)
    source: str = ""
    decimals: int = 0
    public: bool = True
    # Who may read its figures exactly, and how they are published to everyone else.
    disclosure: str = Disclosure.AGGREGATE

    @property
    def disaggregations(self) -> tuple[str, ...]:
        """The supported breakdowns; every indicator is also computable for any past date (period)."""
        return (*self.paths, Dimension.PERIOD)

    @property
    def disaggregation_labels(self) -> list[str]:
        return [Dimension(d).label for d in self.disaggregations]

    @property
    def unit_label(self) -> str:
        return Unit(self.unit).label

    def _path(self, dimension: str) -> str:
        try:
            return self.paths[dimension]
        except KeyError:
            raise UnsupportedDimension(
                ERROR_UNSUPPORTED_DIMENSION.format(code=self.code, dimension=dimension)
            ) from None

    def rows(
        self,
        *,
        as_of: datetime.datetime,
        by: Iterable[str] = (),
        where: dict | None = None,
        keys: bool = False,
        live: bool = False,
    ) -> list[dict]:
        """Grouped rows {dimension: value, …, "value": figure}, computed in one SQL query (or two for ratios);
        with `keys`, each row also has its `_key` (the sum of its records' keys, for the publication).
        Read from the daily facts when a reader is active and they cover the question, unless `live`."""
        by, where = tuple(by), dict(where or {})
        for dimension in (*by, *where):
            self._path(dimension)
        reader = None if live else FACTS.get()
        rows = reader.rows(self, as_of=as_of, by=by, where=where) if reader is not None else None
        if rows is None:
            rows = self.compute(as_of=as_of, by=by, where=where)
            if reader is not None:
                reader.note_live(self)  # what a page kept by its versions depends on (dashboard_memo.py)
        if keys:
            return [{**row, "value": self.clean(row["value"])} for row in rows]
        return [{**{k: v for k, v in row.items() if k != "_key"}, "value": self.clean(row["value"])} for row in rows]

    def total(self, *, as_of: datetime.datetime, where: dict | None = None, live: bool = False):
        rows = self.rows(as_of=as_of, where=where, live=live)
        return rows[0]["value"] if rows else self.clean(None)

    def series(self, days: Iterable[datetime.date], *, where: dict | None = None) -> list[tuple[datetime.date, object]]:
        """The total on each day (one query per day: a fixed number for a given period)."""
        return [(day, self.total(as_of=end_of(day), where=where)) for day in days]

    def clean(self, value):
        if self.unit in (Unit.PERCENT, Unit.HOURS):
            return None if value is None else round(float(value), self.decimals)
        return int(value or 0)


INDICATORS: dict[str, Indicator] = {}


def indicator(
    *, code, label, definition, unit, paths, person_derived, source="", decimals=0, public=True, disclosure=None
):
    """Register the decorated computation `f(*, as_of, by, where)` as an indicator.

    `disclosure` defaults to PERSON for a person-derived indicator, AGGREGATE otherwise."""
    if disclosure is None:
        disclosure = Disclosure.PERSON if person_derived else Disclosure.AGGREGATE
    person_derived = disclosure != Disclosure.AGGREGATE

    def decorator(compute):
        INDICATORS[code] = Indicator(
            code=code,
            label=label,
            definition=definition,
            unit=unit,
            paths=dict(paths),
            person_derived=person_derived,
            compute=compute,
            source=source,
            decimals=decimals,
            public=public,
            disclosure=disclosure,
        )
        return compute

    return decorator


def get(code: str) -> Indicator:
    try:
        return INDICATORS[code]
    except KeyError:
        raise KeyError(ERROR_UNKNOWN_INDICATOR.format(code=code)) from None


def resolve(queryset, paths: dict, dimensions) -> tuple:
    """The queryset and the column of each dimension: a path is an ORM lookup, or an expression
    (the dispositif of a structure, say) annotated under the dimension's name."""
    expressions = {f"dim_{d}": paths[d] for d in dict.fromkeys(dimensions) if not isinstance(paths[d], str)}
    if expressions:
        queryset = queryset.annotate(**expressions)
    return queryset, {d: paths[d] if isinstance(paths[d], str) else f"dim_{d}" for d in dimensions}


def grouped(
    queryset, paths: dict, by: tuple[str, ...], where: dict, *, record: str | None = "pk", **aggregates
) -> list[dict]:
    """One SQL query: filter on `where`, group by `by` (dimension codes mapped through `paths`).

    Each row also carries `_key`, the sum of the keys of the `record`s counted in it (the cell-key
    method of the publication: relais/indicators/cellkey.py), computed by the same query."""
    queryset, column = resolve(queryset, paths, (*by, *where))
    queryset = queryset.filter(Q(**{column[d]: v for d, v in where.items()}))
    if record is not None:  # None: records without an integer id (their cell key is 0)
        aggregates = {**aggregates, "_key": Sum(record_key(record))}
    if not by:
        return [queryset.aggregate(**aggregates)]
    columns = [column[d] for d in by]
    # NULL first on every database (PostgreSQL puts it last by default).
    ordering = [F(c).asc(nulls_first=True) for c in columns]
    rows = queryset.order_by().values(*columns).annotate(**aggregates).order_by(*ordering)
    return [
        {**{d: row[c] for d, c in zip(by, columns, strict=True)}, **{k: row[k] for k in aggregates}} for row in rows
    ]


def merge(left: list[dict], right: list[dict], by: tuple[str, ...], combine: Callable) -> list[dict]:
    """Join two grouped results on their dimensions; `combine(left_value, right_value)` gives the value."""
    key = lambda row: tuple(row[d] for d in by)  # noqa: E731
    right_by_key = {key(row): row["value"] for row in right}
    left_by_key = {key(row): row["value"] for row in left}
    cell_keys = {}
    for row in (*left, *right):
        cell_keys[key(row)] = combine_keys(cell_keys.get(key(row)), row.get("_key"))
    keys = sorted(set(left_by_key) | set(right_by_key), key=lambda k: tuple("" if v is None else str(v) for v in k))
    return [
        {
            **dict(zip(by, k, strict=True)),
            "value": combine(left_by_key.get(k), right_by_key.get(k)),
            "_key": cell_keys[k],
        }
        for k in keys
    ]


def end_of(day: datetime.date) -> datetime.datetime:
    """What was known at the end of `day` (Paris time), or now when `day` is today or later."""
    now = timezone.now()
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    return min(end, now)

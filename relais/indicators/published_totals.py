"""Published totals over a series of days (the month-by-month tables of the comité's dashboard and of its
situation report), kept in the shared cache under the version of the facts each comes from.

A published total is one cell of its indicator's published universe: the total and every breakdown,
noised and checked together (`publication.universe`), a second of CPU at national scale for a count of
persons. A month-by-month table needs the total only, for 24 months and two indicators; the facts of a
past month do not change (a refresh of a day moves its `refreshed_at`, hence its version), so each total
is computed once and then read with the others in one query by every process, its universe left unread.
The same publisher on the same facts always gives the same cell: the cache changes no figure.
"""

import datetime

from django.core.cache import cache

from relais.indicators import fact_memo
from relais.indicators.enums import Disclosure
from relais.indicators.publication import NON_COUNT_UNITS, OCCUPANCY_CODES, Cell, Publisher
from relais.indicators.registry import FACTS, Indicator

# Versions name facts that never change: entries are not invalidated, only left to expire.
SECONDS = 7 * 24 * 3600
# Bump when what is kept changes meaning (a process of the previous release must not read it).
FORMAT = 1


def published_totals(
    publisher: Publisher, indicator: Indicator, moments: list[datetime.datetime], where: dict | None = None
) -> list[Cell]:
    """`publisher.total(indicator, as_of=m, where=where)` for each moment `m`, the ones read from the daily
    facts kept in the shared cache (computed and stored when missing)."""
    names = [_name(publisher, indicator, as_of, where or {}) for as_of in moments]
    found = cache.get_many([name for name in names if name])
    cells, new = [], {}
    for as_of, name in zip(moments, names, strict=True):
        if name in found:
            cells.append(Cell(*found[name]))
            continue
        cell = publisher.total(indicator, as_of=as_of, where=where)
        if name:
            new[name] = (cell.value, cell.mark)
        cells.append(cell)
    if new:
        cache.set_many(new, SECONDS)
    return cells


def _name(publisher: Publisher, indicator: Indicator, as_of: datetime.datetime, where: dict) -> str | None:
    """The cache key of a published total, or None when it is not kept: an exact figure (read from the facts
    in one query already), a figure read from history (no version says when it changes), a de-duplicated
    count (published from another day), a rate or a figure derived from two indicators' facts."""
    reader = FACTS.get()
    if (
        reader is None
        or where
        or indicator.disclosure != Disclosure.PERSON
        or publisher.reads_exactly(indicator, where)
        or indicator.unit in NON_COUNT_UNITS
        or indicator.code in OCCUPANCY_CODES
    ):
        return None
    version = reader.version(indicator, as_of)
    if version is None:
        return None
    audience = (publisher.exact, publisher.organization_id, publisher.exact_occupancy)
    # Tied to the cell-key secret, datetimes in UTC: the same name in every process.
    return "published-total:" + fact_memo.shared_key(("published-total", FORMAT, audience, tuple(version)))

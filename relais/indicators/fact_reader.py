"""Reading the daily facts instead of the history, while a reader is active (`with reading(): …`).

Facts answer what they hold: a catalogue indicator's total, its breakdown by one dimension, or one value
of that dimension, on a day whose facts were taken at the very moment asked for (the end of a past day;
today: the last refresh, `Reader.as_of_for`) and that no pending correction of the journal touches. Anything
else — a cross-tabulation, a filter on another dimension (the operator's dashboard by structure), a day
not filled or not refreshed since a change, an indicator built for one page (`sites.windowed`) — falls back
to the live computation, the same functions: the figure is the same, only slower.

`known_on`: the facts as they were known at that moment (recorded by then, not yet replaced), never the
live computation (history does not say what was known when).
"""

import contextlib
import datetime

from django.utils import timezone

from relais.indicators import fact_memo, registry
from relais.indicators.facts import areas_of, catalogue, decode, encode
from relais.indicators.models import FactChange, FactDay, IndicatorFact


class Reader:
    def __init__(self, *, known_on: datetime.datetime | None = None):
        self.known_on = known_on
        self.today = timezone.localdate()
        self.days, self.partial, self.refreshed = {}, {}, {}
        for day, as_of, refreshed_at, partial in FactDay.objects.values_list("day", "as_of", "refreshed_at", "partial"):
            self.days[day] = as_of
            self.refreshed[day] = refreshed_at
            if partial is not None:
                self.partial[day] = set(partial)
        # Days not refreshed since a change: each indicator is stale from the earliest day its areas changed.
        self.stale_from: dict[str, datetime.date] = {}
        pending = set(FactChange.objects.values_list("area", "day").distinct())
        for code, indicator in catalogue().items():
            days = [day or datetime.date.min for area, day in pending if area in areas_of(indicator)]
            if days:
                self.stale_from[code] = min(days)

        # The areas whose history this reading computed figures from (not the facts): `note_live`.
        self.live_areas: set[str] = set()

    def note_live(self, indicator) -> None:
        self.live_areas |= areas_of(indicator)

    def signature(self) -> tuple:
        """Everything that decides what this reading reads: the same signature, the same facts."""
        return (
            self.today,
            self.known_on,
            tuple(sorted(self.days.items())),
            tuple(sorted(self.refreshed.items())),
            tuple(sorted((day, tuple(sorted(codes))) for day, codes in self.partial.items())),
            tuple(sorted(self.stale_from.items())),
        )

    def as_of_for(self, day: datetime.date) -> datetime.datetime:
        """The moment `day`'s figures are taken at: its facts' (today: the last refresh), else its end."""
        stored = self.days.get(day)
        return timezone.localtime(stored) if stored else registry.end_of(day)

    def facts(self):
        if self.known_on is not None:
            return IndicatorFact.objects.known_on(self.known_on)
        return IndicatorFact.objects.current()

    def covers(self, indicator, as_of: datetime.datetime, dimensions: set) -> datetime.date | None:
        """The day whose facts answer, or None (then the live computation does)."""
        if registry.INDICATORS.get(indicator.code) is not indicator or len(dimensions) > 1:
            return None
        day = timezone.localdate(as_of)
        if self.days.get(day) != as_of and self.known_on is None:
            return None
        if day in self.partial and indicator.code not in self.partial[day]:
            return None  # not computed that day (first fill): from history
        # A change dated today only touches today, whose facts are by definition those of the last refresh
        # (the dashboard gives their time); one dated earlier is a correction: read from history until applied.
        stale = self.stale_from.get(indicator.code, datetime.date.max)
        if self.known_on is None and stale <= day and stale < self.today:
            return None
        return day

    def rows(self, indicator, *, as_of, by: tuple, where: dict) -> list[dict] | None:
        day = self.covers(indicator, as_of, {*by, *where})
        if day is None:
            return None
        key = (
            "rows",
            self._version(indicator, day, as_of),
            tuple(by),
            tuple(sorted((d, encode(v)) for d, v in where.items())),
        )
        # Copies: callers may add to the rows they are given.
        return [dict(r) for r in fact_memo.remember(key, lambda: self._rows(indicator, day, by, where))]

    def _rows(self, indicator, day, by: tuple, where: dict) -> list[dict]:
        dimension = next(iter({*by, *where}), "")
        facts = self.facts().filter(indicator=indicator.code, day=day, dimension=dimension)
        if where:
            facts = facts.filter(member=encode(where[dimension]))
        found = list(facts.values_list("member", "value", "key"))
        if not by:
            if not found:
                return [{"value": None, "_key": None}] if where else []
            return [{"value": value, "_key": key} for _, value, key in found]
        rows = [{dimension: decode(member), "value": value, "_key": key} for member, value, key in found]
        return sorted(rows, key=lambda r: (r[dimension] is not None, r[dimension]))

    def version(self, indicator, as_of) -> tuple | None:
        """What the universe of `indicator` at `as_of` is read from, when the facts answer: the same version
        always holds the same facts (each write of a day's facts moves its `refreshed_at`)."""
        day = self.covers(indicator, as_of, set())
        return None if day is None else self._version(indicator, day, as_of)

    def _version(self, indicator, day: datetime.date, as_of) -> tuple:
        return (indicator.code, day, as_of, self.days.get(day), self.refreshed.get(day), self.known_on)

    def universe_rows(self, indicator, as_of) -> dict | None:
        """The total and every one-way breakdown of `indicator` (the publication's universe), in one query."""
        day = self.covers(indicator, as_of, set())
        if day is None:
            return None
        rows = {("t",): [], **{d: [] for d in indicator.paths}}
        facts = self.facts().filter(indicator=indicator.code, day=day)
        for dimension, member, value, key in facts.values_list("dimension", "member", "value", "key"):
            if not dimension:
                rows[("t",)].append({"value": indicator.clean(value), "_key": key})
            elif dimension in rows:
                rows[dimension].append({dimension: decode(member), "value": indicator.clean(value), "_key": key})
        for dimension in indicator.paths:
            rows[dimension].sort(key=lambda r, d=dimension: (r[d] is not None, r[d]))
        return rows


@contextlib.contextmanager
def reading(*, known_on: datetime.datetime | None = None):
    """Indicator figures read from the facts where they cover the question, within the block."""
    token = registry.FACTS.set(Reader(known_on=known_on))
    try:
        yield registry.FACTS.get()
    finally:
        registry.FACTS.reset(token)

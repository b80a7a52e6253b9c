"""What each audience's dashboard shows, built from the catalogue as of a date.

A dashboard is plain data (dicts, lists, strings): the same structure feeds the HTML page, the
CSV/XLSX exports and the frozen snapshot of a situation report. A table's `chart` (bars) and
`capacity_chart` (a month-by-month series) hold the figures to draw; `relais.www` draws them. Outputs for audiences outside
the organisations in charge go through the publisher of their audience (`publication.publisher_for`).
"""

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import formats, timezone

from relais.indicators import dashboard_memo, fact_reader, registry
from relais.indicators.dimensions import label, labels_for
from relais.indicators.enums import Audience, Dimension, Unit
from relais.indicators.filters import DEFAULT_MONTHS, DashboardFilterForm, months_before
from relais.indicators.publication import EXACT, NON_COUNT_UNITS, Cell, Publisher, publisher_for, shown
from relais.indicators.registry import end_of
from relais.indicators.suppression import LEGEND, PERTURBED
from relais.structures.capacity import month_starts, places_open_series, targets_series
from relais.structures.models import CapacityTarget, PlaceServicePeriod
from relais.users.enums import Role

# The dashboards that can be read "as known on" a day (their figures come from the facts).
KNOWN_AUDIENCES = (Audience.COMITE, Audience.COORDINATION)


@dataclass
class Filters:
    day: datetime.date
    months: int = DEFAULT_MONTHS
    error: str = ""
    # None: today's knowledge (the figures as corrected since); a day: the figures as known at its end.
    known_on: datetime.date | None = None

    @classmethod
    def from_query(cls, params, *, known: bool = False) -> "Filters":
        """A wrong date gives today's figures, a wrong period the default one, a wrong « connu au » today's
        knowledge; `error` says why. A « connu au » alone gives the figures of that day as known then."""
        form = DashboardFilterForm(params, known=known)
        form.is_valid()
        known_on = form.cleaned_data.get("connu_au")
        return cls(
            day=form.cleaned_data.get("au") or known_on or timezone.localdate(),
            months=form.cleaned_data.get("periode") or DEFAULT_MONTHS,
            error=" ".join(message for name in ("au", "periode", "connu_au") for message in form.errors.get(name, [])),
            known_on=known_on,
        )

    @property
    def as_of(self) -> datetime.datetime:
        return end_of(self.day)

    @property
    def known_at(self) -> datetime.datetime | None:
        """The moment the figures are read as known at: the end of the « connu au » day (None: now)."""
        return end_of(self.known_on) if self.known_on else None

    def query(self) -> str:
        known = f"&connu_au={self.known_on.isoformat()}" if self.known_on else ""
        return f"au={self.day.isoformat()}&periode={self.months}{known}"


def reading_label(known_on: datetime.date | None) -> str:
    """Which reading a dashboard shows, in words."""
    if known_on is None:
        return "Chiffres tels que connus aujourd'hui, corrections faites depuis comprises."
    return (
        f"Chiffres tels que connus le {formats.date_format(known_on, 'j F Y')} : les corrections enregistrées "
        "après ce jour sont ignorées (les séries mois par mois des places, les croisements et les tableaux des "
        "sites restent calculés sur l'historique d'aujourd'hui)."
    )


def display(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit in NON_COUNT_UNITS:
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u202f")


def as_of_label(as_of: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(as_of), "j F Y à H:i")


class Builder:
    """Computes the figures of one dashboard: `where` restricts to one organisation; `publisher` is its
    audience's (publication.publisher_for): it alone decides which figures are exact and which published."""

    def __init__(
        self,
        *,
        as_of: datetime.datetime,
        where: dict | None = None,
        publisher: Publisher = EXACT,
        since: datetime.date | None = None,
    ):
        self.as_of, self.where, self.publisher = as_of, dict(where or {}), publisher
        # Key figures also give their value at the start of the period, to read the evolution.
        self.since = since

    @property
    def published(self) -> bool:
        """Whether some figures of this dashboard are published rather than exact."""
        return not self.publisher.exact

    def figure(self, code: str, *, title: str = "", where: dict | None = None, figure_id: str = "") -> dict:
        indicator = registry.get(code)
        where = {**self.where, **(where or {})}
        cell = self.publisher.total(indicator, as_of=self.as_of, where=where)
        figure = {
            "id": figure_id or code,
            "code": code,
            "label": title or indicator.label,
            "value": cell.value,
            "display": shown(cell, indicator.unit),
            "unit": indicator.unit_label,
            "person_derived": indicator.person_derived,
        }
        if self.since is not None:
            before = self.publisher.total(indicator, as_of=end_of(self.since), where=where)
            figure["previous_display"] = shown(before, indicator.unit)
            figure["previous_label"] = formats.date_format(self.since, "j F Y")
        return figure

    def breakdown(
        self, table_id: str, title: str, codes: list, dimension: str, *, skip_none=False, marker: str = ""
    ) -> dict:
        """One row per value of `dimension`, one column per indicator; the chart draws the first column
        (and the `marker` column, a target say, as a stroke across each bar)."""
        # A code, or an Indicator itself (one counted over the dashboard's period, say: sites.windowed).
        indicators = [c if isinstance(c, registry.Indicator) else registry.get(c) for c in codes]
        where = self.where
        per_code, totals = {}, {}
        for indicator in indicators:
            if dimension not in indicator.paths:
                continue
            rows = self.publisher.rows(indicator, as_of=self.as_of, by=[dimension], where=where)
            per_code[indicator.code] = {r[dimension]: r["cell"] for r in rows}
            totals[indicator.code] = self.publisher.total(indicator, as_of=self.as_of, where=where)
        keys = {k for values in per_code.values() for k in values}
        if skip_none:
            keys.discard(None)
        names = labels_for(dimension, keys)
        keys = sorted(
            keys, key=lambda k: (k is None, label(names, dimension, k) if dimension != "arrondissement" else k)
        )
        row_labels = [label(names, dimension, k) for k in keys]
        columns, grid, total_cells, legend = [], [[] for _ in keys], [], {}
        for indicator in indicators:
            values = per_code.get(indicator.code, {})
            empty = Cell(0 if indicator.unit not in NON_COUNT_UNITS else None)
            column = [values.get(k, empty) for k in keys]
            total = totals.get(indicator.code, empty)
            exact = self.publisher.reads_exactly(indicator, where)
            if skip_none and indicator.unit not in NON_COUNT_UNITS and exact:
                total = Cell(sum(c.value or 0 for c in column))  # the rows shown, without the « hors programme » one
            for cell in (*column, total):
                if cell.hidden:
                    legend[cell.mark] = LEGEND[cell.mark]
            if indicator.person_derived and not exact:
                legend[PERTURBED] = LEGEND[PERTURBED]
            columns.append(
                {
                    "code": indicator.code,
                    "label": indicator.label,
                    "unit": indicator.unit_label,
                    "values": [c.value for c in column],
                }
            )
            for index, cell in enumerate(column):
                grid[index].append(shown(cell, indicator.unit))
            total_cells.append(shown(total, indicator.unit))
        first = columns[0] if columns else None
        markers = next((c["values"] for c in columns if c["code"] == marker), None)
        return {
            "id": table_id,
            "title": title,
            "kind": "breakdown",
            "dimension_label": Dimension(dimension).label,
            "columns": [{k: c[k] for k in ("code", "label", "unit")} for c in columns],
            "rows": [{"label": name, "cells": cells} for name, cells in zip(row_labels, grid, strict=True)],
            "total": {"label": "Total", "cells": total_cells},
            "chart": chart_bars(list(zip(row_labels, first["values"], strict=True)), markers) if first else None,
            "chart_caption": (
                f"{first['label']} ({first['unit']}) par {Dimension(dimension).label.lower()}"
                + (f" ; trait rouge : {registry.get(marker).label.lower()}" if markers else "")
                + "."
            )
            if first
            else "",
            "legend": legend,
        }

    def capacity_series(
        self, table_id: str, title: str, months: int, *, programmes_only: bool = True, with_targets: bool = True
    ) -> dict:
        """Places open (in the programmes' structures, or the organisation's) and targets, month by month."""
        day = timezone.localdate(self.as_of)
        start = (day.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
        days = month_starts(start, day)
        periods = PlaceServicePeriod.objects.all()
        targets = CapacityTarget.objects.all()
        if programmes_only:
            periods = periods.filter(place__structure__programme__isnull=False)
        if "organization" in self.where:
            periods = periods.filter(place__structure__operator_id=self.where["organization"])
            targets = targets.filter(programme__operator_id=self.where["organization"])
        opened = places_open_series(periods, days)
        aimed = _targets_on(targets, days) if with_targets else [None] * len(days)
        rows = [{"day": d, "places_open": o, "target": t} for d, o, t in zip(days, opened, aimed, strict=True)]
        return {
            "id": table_id,
            "title": title,
            "kind": "series",
            "dimension_label": "Date",
            "columns": [
                {"code": "places_open", "label": "Places ouvertes", "unit": "places"},
                {"code": "capacity_target", "label": "Objectif de places", "unit": "places"},
            ],
            "rows": [
                {
                    "label": formats.date_format(r["day"], "j F Y"),
                    "cells": [display(r["places_open"], Unit.PLACES), display(r["target"], Unit.PLACES)],
                }
                for r in rows
            ],
            "total": None,
            "capacity_chart": [{**r, "day": r["day"].isoformat()} for r in rows],
            "chart": None,
            "chart_caption": title + ".",
            "legend": {},
        }


def _sort_key(text: str) -> str:
    """French alphabetical order: « Équipe » with the E, not after Z."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _targets_on(targets, days) -> list[int | None]:
    """Sum over programmes of the target in force and already decided on each day (one query); a
    dispositif's own target stands for its members' (never the same places twice)."""
    return targets_series(targets, days)


def chart_bars(items: list[tuple[str, float | None]], markers: list[float | None] | None = None) -> dict:
    """The data of a bar chart, one bar per labelled value (None: no bar, the table says why), as JSON."""
    return {"items": [[label, value] for label, value in items], "markers": markers}


KIND_COLUMNS = ["places_open", "structures_open", "places_occupied", "places_free", "occupancy_rate"]
PROGRAMME_COLUMNS = ["places_open", "capacity_target", "target_attainment", "hotels_in_use"]
STRUCTURE_COLUMNS = ["places_open", "places_occupied", "places_free", "occupancy_rate", "stale_figures"]


# Other apps add their tables to an audience's dashboard (and so to the comité's situation report) with
# `EXTRA_TABLES[Audience.COMITE].append(lambda builder, filters: builder.breakdown(...))` in their ready().
EXTRA_TABLES: dict[str, list[Callable]] = {audience: [] for audience in Audience}
# Likewise key figures: `EXTRA_FIGURES[audience].append(lambda builder, filters: [builder.figure(...), …])`.
EXTRA_FIGURES: dict[str, list[Callable]] = {audience: [] for audience in Audience}


def build(audience: str, filters: Filters, *, organization=None, kept: bool = False) -> dict:
    """The dashboard of `audience` as of the filters' date; `organization` scopes the operator's one.

    Its figures are read from the daily facts where they cover them (`fact_reader.py`), computed from
    history otherwise; today's are those of the last refresh of the facts when there is one, and the
    dashboard says so by its as-of time (every figure of the page, facts or not, is taken at that moment).
    `kept`: the comité's or coordination's, kept while nothing it was built from changed (`dashboard_memo`);
    the caller must not change it."""
    with fact_reader.reading(known_on=filters.known_at) as reader:
        as_of = reader.as_of_for(filters.day)
        if kept and audience in KNOWN_AUDIENCES:
            key = (audience, filters.day, filters.months, filters.known_on)
            return dashboard_memo.remembered(
                key, filters.day, reader, lambda: _build(audience, filters, as_of, organization)
            )
        return _build(audience, filters, as_of, organization)


def _build(audience: str, filters: Filters, as_of: datetime.datetime, organization) -> dict:
    since = months_before(filters.day, filters.months)
    if audience == Audience.OPERATEUR:
        b = Builder(
            as_of=as_of,
            where={"organization": organization.pk},
            publisher=publisher_for(Role.OPERATEUR, organization.pk),
            since=since,
        )
        figures = [
            b.figure(c) for c in ("places_open", "structures_open", "places_occupied", "places_free", "stale_figures")
        ]
        tables = [
            b.breakdown("par-structure", "Vos structures", STRUCTURE_COLUMNS, "structure"),
            b.capacity_series(
                "capacite",
                "Places ouvertes de vos structures, mois par mois",
                filters.months,
                programmes_only=False,
                with_targets=False,
            ),
        ]
    elif audience == Audience.POLICE:
        b = Builder(as_of=as_of, publisher=publisher_for(Role.POLICE), since=since)
        figures = [b.figure(c) for c in ("structures_open", "places_open", "places_occupied")]
        tables = [
            b.breakdown(
                "par-arrondissement",
                "Lieux et places par arrondissement",
                ["structures_open", "places_open", "places_occupied"],
                "arrondissement",
            ),
            b.breakdown("par-type", "Lieux et places par type", ["structures_open", "places_open"], "kind"),
        ]
    else:
        # The comité's dashboard (and so its frozen situation report) is published; coordination's is exact.
        b = Builder(as_of=as_of, publisher=publisher_for(audience), since=since)
        figures = [
            b.figure("places_open"),
            b.figure(
                "places_open",
                title="Places d'hébergement accompagné à l'hôtel",
                where={"kind": "hotel"},
                figure_id="places_open_hotel",
            ),
            b.figure("capacity_target"),
            b.figure("hotels_in_use"),
            b.figure("structures_open"),
            b.figure("places_free"),
        ]
        tables = [
            # The comité's figure: a dispositif (ASSORE + PHASE) against its own target, then its programmes.
            b.breakdown(
                "programmes",
                "Dispositifs : places ouvertes et objectifs",
                PROGRAMME_COLUMNS,
                "dispositif",
                skip_none=True,
                marker="capacity_target",
            ),
            b.breakdown(
                "programmes-membres",
                "Programmes : places ouvertes et hôtels",
                ["places_open", "hotels_in_use"],
                "programme",
                skip_none=True,
            ),
            b.capacity_series(
                "capacite", "Places ouvertes des programmes et objectifs fixés par décision", filters.months
            ),
            b.breakdown("par-type", "Places et disponibilités par type de structure", KIND_COLUMNS, "kind"),
            b.breakdown(
                "par-arrondissement",
                "Structures et places par arrondissement",
                ["structures_open", "places_open"],
                "arrondissement",
            ),
        ]
        if audience == Audience.COORDINATION:
            figures.append(b.figure("stale_figures"))
            tables.append(b.breakdown("par-structure", "Disponibilités par structure", STRUCTURE_COLUMNS, "structure"))
    figures += [figure for extra in EXTRA_FIGURES[audience] for figure in extra(b, filters)]
    tables += [extra(b, filters) for extra in EXTRA_TABLES[audience]]
    return {
        "audience": audience,
        "audience_label": Audience(audience).label,
        "as_of": as_of.isoformat(),
        "as_of_label": as_of_label(as_of),
        "figures": figures,
        "tables": tables,
    }


def table_of(dashboard: dict, table_id: str) -> dict | None:
    return next((t for t in dashboard["tables"] if t["id"] == table_id), None)


def definitions(dashboard: dict) -> dict[str, dict]:
    """The definition of every indicator a dashboard shows, for the snapshot and the links."""
    codes = [f["code"] for f in dashboard["figures"]] + [c["code"] for t in dashboard["tables"] for c in t["columns"]]
    return definitions_for(codes)


def definitions_for(codes) -> dict[str, dict]:
    out = {}
    for code in dict.fromkeys(codes):
        indicator = registry.get(code)
        out[code] = {
            "label": indicator.label,
            "definition": indicator.definition,
            "unit": indicator.unit_label,
            "source": indicator.source,
            "person_derived": indicator.person_derived,
            "disaggregations": indicator.disaggregation_labels,
        }
    return out

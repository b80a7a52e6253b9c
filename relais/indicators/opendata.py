"""Open data: published indicators by month and arrondissement, through the publication function only."""

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils import timezone

from relais.indicators import registry
from relais.indicators.publication import Cell, publisher_for
from relais.indicators.registry import end_of
from relais.indicators.suppression import LEGEND, PERTURBED, PublishedTable
from relais.utils.identifiers import PARIS_ARRONDISSEMENTS, cog_label
from relais.utils.spreadsheets import safe_cell as escape

MONTHS = 24
PARIS_COG = "75056"
LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0"
# The address data.gouv.fr recognises as its « lov2 » licence when it harvests a DCAT catalogue.
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PREVIEW_LINES = 12
# Part of every file's version: raise it when the files' content or layout changes (the files already
# written for the same facts are then written again).
FORMAT = 2


@dataclass(frozen=True)
class Dataset:
    slug: str
    code: str
    title: str

    @property
    def indicator(self):
        return registry.get(self.code)

    @property
    def dimension(self) -> str:
        """The file's rows: arrondissements, or programmes for an indicator without a place."""
        return "arrondissement" if "arrondissement" in self.indicator.paths else "programme"


DATASETS = [
    Dataset("places-ouvertes", "places_open", "Places ouvertes par arrondissement et par mois"),
    Dataset(
        "structures-en-fonctionnement", "structures_open", "Structures en fonctionnement par arrondissement et par mois"
    ),
    Dataset("hotels-mobilises", "hotels_in_use", "Hôtels mobilisés par programme et par mois"),
    Dataset(
        "places-occupees-declarees",
        "places_occupied",
        "Places occupées déclarées par arrondissement et par mois (secret statistique)",
    ),
    Dataset(
        "personnes-presentes-sur-les-sites-basse",
        "site_headcount_low",
        "Personnes présentes sur les sites de consommation (estimation basse) par arrondissement et par mois "
        "(secret statistique)",
    ),
    Dataset(
        "personnes-presentes-sur-les-sites-haute",
        "site_headcount_high",
        "Personnes présentes sur les sites de consommation (estimation haute) par arrondissement et par mois "
        "(secret statistique)",
    ),
]
BY_SLUG = {d.slug: d for d in DATASETS}


def month_ends(today: datetime.date, months: int = MONTHS) -> list[datetime.date]:
    """The last day of each of the last `months` months, the current month counting up to today."""
    days, day = [], today
    for _ in range(months):
        days.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return list(reversed(days))


def published_table(dataset: Dataset, today: datetime.date | None = None) -> tuple[list[datetime.date], PublishedTable]:
    """Rows: arrondissements (or programmes), columns: months; the Paris total of each month is published."""
    today = today or timezone.localdate()
    days = month_ends(today)
    indicator, dimension = dataset.indicator, dataset.dimension
    public = publisher_for(None)
    # Within `fact_reader.reading()` (the views): read from the daily facts where they cover the month,
    # today's column as of their last refresh; the facts are built on this module, hence the plug.
    reader = registry.FACTS.get()
    moments = [reader.as_of_for(day) if reader is not None else end_of(day) for day in days]
    per_day = [
        {r[dimension]: r["cell"] for r in public.rows(indicator, as_of=as_of, by=[dimension])} for as_of in moments
    ]
    totals = [public.total(indicator, as_of=as_of) for as_of in moments]
    keys = list(PARIS_ARRONDISSEMENTS) if dimension == "arrondissement" else []
    keys += sorted({k for values in per_day for k in values if k is not None and k not in keys})
    cells = [[values.get(k, Cell(0)) for values in per_day] for k in keys]
    marks = {c.mark for row in cells for c in row if c.hidden} | {c.mark for c in totals if c.hidden}
    table = PublishedTable(
        rows=keys,
        columns=[d.strftime("%Y-%m") for d in days],
        cells=cells,
        column_totals=totals,
        legend={m: LEGEND[m] for m in marks},
    )
    return days, table


def records(dataset: Dataset, today: datetime.date | None = None) -> list[dict]:
    """The file's lines, computed (the files read from facts are written once: `opendata_files`)."""
    return list(lines(dataset, today))


def lines(dataset: Dataset, today: datetime.date | None = None) -> Iterator[dict]:
    """The file's lines one by one, month by month (each month's rows, then its Paris total)."""
    days, table = published_table(dataset, today or timezone.localdate())
    return lines_of(dataset, days, table)


def lines_of(dataset: Dataset, days: list[datetime.date], table: PublishedTable) -> Iterator[dict]:
    dimension = dataset.dimension
    for c, day in enumerate(days):
        for r, key in enumerate(table.rows):
            cell = table.cells[r][c]
            yield _record(day, dimension, key, cog_label(key) if dimension == "arrondissement" else key, cell)
        total = table.column_totals[c]
        yield _record(day, dimension, PARIS_COG if dimension == "arrondissement" else "total", "Paris (total)", total)


def file_content(dataset: Dataset, kind: str, today: datetime.date | None = None) -> bytes:
    """The CSV or JSON file computed now (live figures; from facts, `opendata_files` serves it written)."""
    out = io.BytesIO()
    write(out, dataset, kind, lines(dataset, today), today=today)
    return out.getvalue()


def facts_version(dataset: Dataset, today: datetime.date) -> tuple[str, datetime.datetime] | None:
    """What the file is read from when every month is read from facts (None: a live figure changes without
    them, or the facts as known on a past date): a key naming that version, and the facts' last refresh."""
    reader = registry.FACTS.get()
    if reader is None or reader.known_on is not None:
        return None
    indicator, dimension = dataset.indicator, dataset.dimension
    days = month_ends(today)
    for day in days:
        as_of = reader.as_of_for(day)
        if reader.covers(indicator, as_of, set()) is None or reader.covers(indicator, as_of, {dimension}) is None:
            return None
    # Every refresh of a day's facts moves its refreshed_at (the reader has them all): the key changes, an
    # older file is never read.
    refreshed = [reader.refreshed[day] for day in days if day in reader.refreshed]
    if not refreshed:
        return None
    key = f"{FORMAT}:{dataset.slug}:{today.isoformat()}:{len(refreshed)}:{max(refreshed).isoformat()}"
    return key, max(refreshed)


def _record(day, dimension, key, name, cell) -> dict:
    zone = {"code_commune": key, "commune": name} if dimension == "arrondissement" else {"programme": key}
    return {"mois": day.strftime("%Y-%m"), "date_observation": day.isoformat(), **zone, **cell.as_json()}


def last_update(today: datetime.date | None = None) -> datetime.date:
    """The files are computed from the dated records when asked: the current month's figures are today's."""
    return today or timezone.localdate()


def as_csv(dataset: Dataset, today: datetime.date | None = None) -> bytes:
    return file_content(dataset, "csv", today)


def write(out: BinaryIO, dataset: Dataset, kind: str, rows: Iterable[dict], *, today=None, generated=None) -> None:
    """Write the file to `out` line by line (a national file holds tens of thousands: never whole in memory)."""
    if kind == "csv":
        _write_csv(out, dataset, rows)
    else:
        _write_json(out, dataset, rows, today=today, generated=generated)


def _write_csv(out: BinaryIO, dataset: Dataset, rows: Iterable[dict]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    header = _columns(dataset)
    writer.writerow(header)
    for row in rows:
        writer.writerow([escape("" if row[k] is None else str(row[k])) for k in header])
    text.flush()
    text.detach()  # `out` stays open for its owner


def _columns(dataset: Dataset) -> list[str]:
    zone = ["code_commune", "commune"] if dataset.dimension == "arrondissement" else ["programme"]
    return ["mois", "date_observation", *zone, "valeur", "statut"]


def _write_json(out: BinaryIO, dataset: Dataset, rows: Iterable[dict], *, today, generated) -> None:
    # The description as `json.dumps` lays it out, the lines spliced into its empty « donnees », one a line.
    head = json.dumps(_description(dataset, today, generated) | {"donnees": []}, ensure_ascii=False, indent=1)
    before, after = head.rsplit("[]", 1)
    out.write(f"{before}[".encode())
    separator = "\n"
    for row in rows:
        out.write((separator + json.dumps(row, ensure_ascii=False)).encode())
        separator = ",\n"
    out.write(f"\n]{after}".encode())


def as_json(dataset: Dataset, today: datetime.date | None = None) -> dict:
    return _description(dataset, today, None) | {"donnees": records(dataset, today)}


def _description(dataset: Dataset, today: datetime.date | None, generated: datetime.datetime | None) -> dict:
    """Everything in the JSON file but its lines; `generated`: the facts' last refresh (the same facts give
    the same bytes), else now (figures computed from the history)."""
    indicator = dataset.indicator
    return {
        "jeu_de_donnees": dataset.slug,
        "titre": dataset.title,
        "indicateur": {
            "code": indicator.code,
            "libelle": indicator.label,
            "definition": indicator.definition,
            "unite": indicator.unit_label,
            "compte_des_personnes": indicator.person_derived,
        },
        "genere_le": timezone.localtime(generated or timezone.now()).isoformat(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "mise_a_jour": last_update(today).isoformat(),
        "secret_statistique": {
            "regle": (
                "Effectifs de personnes de 1 à 10 masqués (« < 11 »), les autres publiés avec un léger bruit "
                "(méthode de la clé de cellule, au plus ±2), masquage complémentaire (« s »)."
            )
            if indicator.person_derived
            else "Chiffres publiés tels quels (pas des décomptes de personnes).",
            "statuts": {"publié": "valeur publiée", **{k: v for k, v in LEGEND.items() if k != PERTURBED}},
        },
    }

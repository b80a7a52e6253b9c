"""Live figures a measure target can name by code, computed in SQL from the records.

`LIVE_VALUES` maps an indicator code to a callable `(as_of: date) -> int`. Every indicator of the
catalogue is plugged in by its code through `plug_catalogue` once the catalogue is loaded (the app's
ready()); the place codes below are the catalogue's `places_open` grouped by kind and programme. A
target naming a code nobody computes shows no live figure rather than failing. Governance stores the
codes only: the figures are computed here, above it.
"""

import bisect
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from relais.governance.models import MeasureTargetValue
from relais.indicators.enums import Unit
from relais.indicators.publication import EXACT, Publisher
from relais.indicators.registry import INDICATORS as CATALOGUE
from relais.indicators.registry import end_of, get
from relais.structures.capacity import month_starts, places_open_series
from relais.structures.enums import StructureKind
from relais.structures.models import PlaceServicePeriod

ACCOMPANIED_HOUSING_PROGRAMMES = ("assore", "phase")


@dataclass(frozen=True)
class LiveIndicator:
    code: str
    label: str
    unit: str
    compute: Callable[[datetime.date], int]


def _places_open_by_kind_and_programme(as_of: datetime.date) -> list[tuple[str, str | None, int]]:
    """Places in service on `as_of`, grouped by structure kind and programme code: one query, through
    the catalogue's `places_open` indicator (the same computation as the dashboards)."""
    rows = get("places_open").rows(as_of=end_of(as_of), by=["kind", "programme"])
    return [(row["kind"], row["programme"], row["value"]) for row in rows]


def _sum(rows, *, kinds=None, programmes=None) -> int:
    return sum(
        n
        for kind, programme, n in rows
        if (kinds is None or kind in kinds) and (programmes is None or programme in programmes)
    )


# How each code derives from the grouped rows, so that many codes cost one query together.
_DERIVATIONS: dict[str, Callable[[list], int]] = {
    "places_open_programmes": lambda rows: _sum(rows, programmes=ACCOMPANIED_HOUSING_PROGRAMMES),
    "places_open_assore": lambda rows: _sum(rows, programmes=("assore",)),
    "places_open_phase": lambda rows: _sum(rows, programmes=("phase",)),
    "places_open_total": lambda rows: _sum(rows),
    "places_open_rest": lambda rows: _sum(rows, kinds=(StructureKind.REST_DAY, StructureKind.REST_NIGHT)),
    "places_open_medical": lambda rows: _sum(rows, kinds=(StructureKind.LHSS, StructureKind.LAM)),
}
_LABELS: dict[str, str] = {
    "places_open_programmes": "Places ouvertes en hébergement accompagné (ASSORE + PHASE)",
    "places_open_assore": "Places ouvertes ASSORE",
    "places_open_phase": "Places ouvertes PHASE",
    "places_open_total": "Places ouvertes, toutes structures",
    "places_open_rest": "Places ouvertes en espaces de repos (jour et nuit)",
    "places_open_medical": "Places ouvertes en LHSS et LAM",
}
for _kind in StructureKind:
    _DERIVATIONS[f"places_open_{_kind.value}"] = lambda rows, k=_kind.value: _sum(rows, kinds=(k,))
    _LABELS[f"places_open_{_kind.value}"] = f"Places ouvertes — {_kind.label}"

INDICATORS: dict[str, LiveIndicator] = {}
LIVE_VALUES: dict[str, Callable[[datetime.date], int]] = {}


def register_live_value(code: str, label: str, compute: Callable[[datetime.date], int], unit: str = "places"):
    INDICATORS[code] = LiveIndicator(code=code, label=label, unit=unit, compute=compute)
    LIVE_VALUES[code] = compute


for _code, _derive in _DERIVATIONS.items():
    register_live_value(_code, _LABELS[_code], lambda as_of, d=_derive: d(_places_open_by_kind_and_programme(as_of)))
# The callables registered above; a code re-registered by another app no longer takes the shared query.
_BUILTIN = dict(LIVE_VALUES)


def plug_catalogue() -> None:
    """Every catalogue indicator can be a measure's target, by its code: its total on the day."""
    for item in CATALOGUE.values():
        register_live_value(
            item.code, item.label, lambda day, item=item: item.total(as_of=end_of(day)), unit=Unit(item.unit).label
        )


def live_values(codes: Iterable[str], as_of: datetime.date, *, publisher: Publisher) -> dict[str, int | None]:
    """The live value of each code on `as_of` as the audience of `publisher` may read it: a count of
    persons goes through the publication (None when it is hidden); the registry's place codes share one query."""
    codes = set(codes)
    values: dict[str, int | None] = {}
    registry_codes = {c for c in codes if c in _BUILTIN and LIVE_VALUES.get(c) is _BUILTIN[c]}
    if registry_codes:
        rows = _places_open_by_kind_and_programme(as_of)
        values.update({code: _DERIVATIONS[code](rows) for code in registry_codes})
    for code in codes - registry_codes:
        item = CATALOGUE.get(code)
        if item is not None and item.person_derived:
            values[code] = publisher.total(item, as_of=end_of(as_of)).value
            continue
        compute = LIVE_VALUES.get(code)
        values[code] = compute(as_of) if compute else None
    return values


def indicator_label(code: str) -> str:
    indicator = INDICATORS.get(code)
    return indicator.label if indicator else code


def indicator_choices() -> list[tuple[str, str]]:
    return [(code, indicator.label) for code, indicator in INDICATORS.items()]


# The service periods behind each registry code, to draw its history month by month.
_PERIODS: dict[str, Q] = {
    "places_open_programmes": Q(place__structure__programme__code__in=ACCOMPANIED_HOUSING_PROGRAMMES),
    "places_open_assore": Q(place__structure__programme__code="assore"),
    "places_open_phase": Q(place__structure__programme__code="phase"),
    "places_open_total": Q(),
    "places_open_rest": Q(place__structure__kind__in=(StructureKind.REST_DAY, StructureKind.REST_NIGHT)),
    "places_open_medical": Q(place__structure__kind__in=(StructureKind.LHSS, StructureKind.LAM)),
    **{f"places_open_{kind.value}": Q(place__structure__kind=kind.value) for kind in StructureKind},
}


def live_history(code: str, targets: list[tuple[datetime.date, int]], today: datetime.date) -> list[dict]:
    """Monthly rows {day, places_open, target} for a registry code: the value on the first of each
    month, and the dated target that should have been reached by then. Empty for other codes."""
    if code not in _PERIODS or LIVE_VALUES.get(code) is not _BUILTIN.get(code):
        return []
    periods = PlaceServicePeriod.objects.filter(_PERIODS[code])
    first = periods.order_by("start").values_list("start", flat=True).first()
    candidates = [d for d in (first, *(day for day, _ in targets if day <= today)) if d]
    if not candidates:
        return []
    days = month_starts(min(candidates), today)
    values = places_open_series(periods, days)
    targets = sorted(targets)
    due_days = [day for day, _ in targets]
    rows = []
    for day, value in zip(days, values, strict=True):
        index = bisect.bisect_right(due_days, day) - 1
        rows.append({"day": day, "places_open": value, "target": targets[index][1] if index >= 0 else None})
    return rows


def target_rows(measure, values, today):
    """Each target of a measure (targets and their values prefetched) with its live value, the value due
    next and the last one passed, and whether that value is reached."""
    rows = []
    for target in measure.targets.all():
        dated = list(target.values.all())
        passed = [v for v in dated if v.due_on <= today]
        upcoming = [v for v in dated if v.due_on > today]
        live = values.get(target.indicator_code)
        reference = upcoming[0] if upcoming else (passed[-1] if passed else None)
        rows.append(
            {
                "target": target,
                "label": target.label or indicator_label(target.indicator_code),
                "values": dated,
                "live": live,
                "reference": reference,
                "reached": live is not None and reference is not None and live >= reference.value,
            }
        )
    return rows


def reached_measures(measures, day: datetime.date) -> set[int]:
    """The ids of those of `measures` whose targets, every one, are reached on `day` (exact values: a
    status, not a published count). A measure past its due date but reached is not late."""
    measures = list(
        measures.prefetch_related(Prefetch("targets__values", queryset=MeasureTargetValue.objects.order_by("due_on")))
    )
    codes = {t.indicator_code for m in measures for t in m.targets.all()}
    if not codes:
        return set()
    values = live_values(codes, day, publisher=EXACT)
    return {m.pk for m in measures if (rows := target_rows(m, values, day)) and all(r["reached"] for r in rows)}

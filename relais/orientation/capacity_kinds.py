"""The capacity plan per kind of place: which share of the admissions each kind takes, its lengths of stay
and its returns to the street, measured from the stays of the window; the scene split by those shares,
and for each kind the flow estimate, the simulation and the steady-state need (`relais/orientation/capacity.py`).

The scene is split by the measured shares, not by the persons' needs: the question gives a number of
persons, not who they are, and the shares already carry the needs the records met (a medical need went
to LHSS or LAM). Rest spaces have no stays: they keep their Erlang B answer from the nights' passages.
"""

import datetime
from dataclasses import dataclass, field

from relais.orientation.capacity import (
    ACCOMMODATION,
    DEFAULTS,
    MIN_RECORDS,
    WINDOW_WEEKS,
    KindStays,
    Rates,
    back_test_counts,
    stays_by_kind,
)
from relais.structures.enums import StructureKind
from relais.structures.models import PlaceServicePeriod

KIND_COUNTS = ("admissions", "exits", "street_exits")


@dataclass
class KindCounts:
    """The stays of one kind of place over the window; `places` (in service at `until`) only weighs the
    default share of a kind with too few admissions."""

    kind: str
    admissions: int | None
    exits: int | None
    street_exits: int | None
    inside_weeks: float
    places: int
    records: dict = field(default_factory=dict, repr=False)  # count name → ids of the stays counted


def kinds_from(
    stays: dict[str, KindStays], *, since: datetime.date, until: datetime.date, kinds=None
) -> list[KindCounts]:
    """Per kind of place (hotel, CHRS, LHSS, LAM always; any other kind but rest spaces admitted to in the
    window; or exactly `kinds`, so that a back-test measures the kinds of today's plan), from the stays the
    whole was measured on (`capacity.stays_by_kind`): admissions, exits, exits to the street and weeks spent
    inside. One query (the places in service at `until`)."""
    places = PlaceServicePeriod.objects.covering(until).places_by("place__structure__kind")
    # Another kind is planned for only when the window saw admissions to it: a stay begun long before in
    # a CAARUD says nothing of where a scene goes now.
    if kinds is None:
        kinds = [k for k in StructureKind if k in ACCOMMODATION or (k in stays and stays[k].admissions)]
    measured = []
    for kind in kinds:
        mine = stays.get(kind, KindStays())
        measured.append(
            KindCounts(
                kind=str(kind),
                admissions=len(mine.admissions),
                exits=len(mine.exits),
                street_exits=len(mine.street_exits),
                inside_weeks=mine.inside_seconds / 604800,
                places=places.get(kind, 0),
                records={"admissions": mine.admissions, "exits": mine.exits, "street_exits": mine.street_exits},
            )
        )
    return measured


def kinds_measured(*, until: datetime.date, weeks: int = WINDOW_WEEKS, kinds=None) -> list[KindCounts]:
    """`kinds_from` the stays of the `weeks` before `until`, read for this alone (three queries)."""
    since = until - datetime.timedelta(weeks=weeks)
    return kinds_from(stays_by_kind(since=since, until=until), since=since, until=until, kinds=kinds)


def _enough(value) -> bool:
    return value is not None and value >= MIN_RECORDS


def shares(counts: list[KindCounts]) -> dict[str, float]:
    """Each kind's share of the admissions, measured on all the admissions of the window: a kind with few or
    no admissions has a small or zero share, known from the others' records. Below MIN_RECORDS admissions
    in all, every kind takes its default share, its part of the places in service (equal parts when no
    place is in service). A count the reader may not see (None) takes its default share too, and the kinds
    seen split the rest in proportion to their admissions."""
    total_places = sum(c.places for c in counts)
    default = {c.kind: (c.places / total_places if total_places else 1 / len(counts)) for c in counts}
    seen = {c.kind: c.admissions for c in counts if c.admissions is not None}
    admitted = sum(seen.values())
    if admitted < MIN_RECORDS:
        return default
    rest = 1 - sum(share for kind, share in default.items() if kind not in seen)
    return {kind: (rest * seen[kind] / admitted if kind in seen else default[kind]) for kind in default}


def _share_records(counts: list[KindCounts]) -> int:
    """The admissions a measured share rests on (0: the shares are the defaults)."""
    admitted = sum(c.admissions for c in counts if c.admissions is not None)
    return admitted if admitted >= MIN_RECORDS else 0


def kind_rates(counts: list[KindCounts], overall: Rates, *, since: datetime.date, until: datetime.date) -> dict:
    """The rates of each kind: arrivals are the whole's arrivals times the kind's share; lengths of stay and
    returns to the street are the kind's own when measured on enough records, the defaults otherwise."""
    split = shares(counts)
    share_records = _share_records(counts)
    rates = {}
    for c in counts:
        stay = c.inside_weeks / c.admissions if _enough(c.admissions) else DEFAULTS["mean_stay_weeks"]
        returns_measured = _enough(c.exits) and c.street_exits is not None
        rates[c.kind] = Rates(
            arrivals_per_week=overall.arrivals_per_week * split[c.kind],
            mean_stay_weeks=stay,
            return_share=min(c.street_exits / c.exits, 1.0) if returns_measured else DEFAULTS["return_share"],
            measured={
                "arrivals_per_week": overall.measured["arrivals_per_week"],
                "share": share_records if c.admissions is not None else 0,
                "mean_stay_weeks": c.admissions if _enough(c.admissions) else 0,
                "return_share": c.exits if returns_measured else 0,
            },
            since=since,
            until=until,
        )
    return {"shares": split, "rates": rates}


def split_scene(scene: int, split: dict[str, float]) -> dict[str, int]:
    """The scene's persons per kind, by the shares, rounded by largest remainders so they add up to the scene."""
    exact = {kind: scene * share for kind, share in split.items()}
    parts = {kind: int(value) for kind, value in exact.items()}
    left = scene - sum(parts.values())
    for kind in sorted(exact, key=lambda k: (parts[k] - exact[k], list(exact).index(k)))[:left]:
        parts[kind] += 1
    return parts


def kinds_back_test_counts(*, stays_before: dict[str, KindStays], after: dict[str, list], kinds) -> dict[str, dict]:
    """Per kind, the counts of its back-test (`capacity.back_test_counts`), from the stays of the window
    ending at the back-test's date and the admissions after it: nothing read again."""
    return {kind: back_test_counts(stays_before=stays_before, after=after, kinds=(kind,)) for kind in kinds}

"""The capacity plan per kind of place: which share of the admissions each kind takes, its lengths of stay
and its returns to the street, measured from the stays of the window; the scene split by those shares,
and for each kind the flow estimate, the simulation and the steady-state need (`relais/orientation/capacity.py`).

The scene is split by the measured shares, not by the persons' needs: the question gives a number of
persons, not who they are, and the shares already carry the needs the records met (a medical need went
to LHSS or LAM). Rest spaces have no stays: they keep their Erlang B answer from the nights' passages.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from relais.orientation.capacity import (
    ACCOMMODATION,
    DEFAULTS,
    MIN_RECORDS,
    WINDOW_WEEKS,
    Rates,
    _start,
)
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.structures.enums import StructureKind
from relais.structures.models import PlaceServicePeriod

REST_SPACES = (StructureKind.REST_DAY, StructureKind.REST_NIGHT)
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


def kinds_measured(*, until: datetime.date, weeks: int = WINDOW_WEEKS, kinds=None) -> list[KindCounts]:
    """Per kind of place (hotel, CHRS, LHSS, LAM always; any other kind but rest spaces admitted to in the
    window; or exactly `kinds`, so that a back-test measures the kinds of today's plan): admissions, exits,
    exits to the street and weeks spent inside. Two queries."""
    start = _start(until - datetime.timedelta(weeks=weeks))
    end = _start(until)
    rows = list(
        Stay.objects.exclude(structure__kind__in=REST_SPACES)
        .filter(admitted_at__lt=end)
        .exclude(exited_at__lt=start)
        .values_list("pk", "structure__kind", "admitted_at", "exited_at", "exit_destination")
    )
    places = dict(
        PlaceServicePeriod.objects.covering(until)
        .order_by()
        .values("place__structure__kind")
        .annotate(n=Count("place", distinct=True))
        .values_list("place__structure__kind", "n")
    )
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row[1], []).append(row)
    # Another kind is planned for only when the window saw admissions to it: a stay begun long before in
    # a CAARUD says nothing of where a scene goes now.
    admitted = {kind for _, kind, came, _, _ in rows if came >= start}
    if kinds is None:
        kinds = [k for k in StructureKind if k in ACCOMMODATION or k in admitted]
    measured = []
    for kind in kinds:
        mine = by_kind.get(kind, [])
        admissions = [pk for pk, _, came, _, _ in mine if came >= start]
        exits = [(pk, d) for pk, _, _, out, d in mine if out is not None and out < end]
        street = [pk for pk, d in exits if d == ExitDestination.STREET]
        # As for the whole (Little's law on the window): the part of each stay inside the window.
        inside = sum((min(out or end, end) - max(came, start)).total_seconds() for _, _, came, out, _ in mine)
        measured.append(
            KindCounts(
                kind=str(kind),
                admissions=len(admissions),
                exits=len(exits),
                street_exits=len(street),
                inside_weeks=inside / 604800,
                places=places.get(kind, 0),
                records={"admissions": admissions, "exits": [pk for pk, _ in exits], "street_exits": street},
            )
        )
    return measured


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


def kinds_back_test_counts(*, at: datetime.date, weeks: int, kinds: list[str]) -> dict[str, dict]:
    """Per kind, the counts of its back-test (`capacity.back_test_counts`) in one query: stays open at `at`
    and admissions in the W weeks after, each with the ids of its stays."""
    start = _start(at)
    end = start + datetime.timedelta(weeks=weeks)
    counts = {kind: {"occupied": [], "actual_admissions": []} for kind in kinds}
    rows = (
        Stay.objects.filter(structure__kind__in=kinds, admitted_at__lt=end)
        .exclude(exited_at__lt=start)
        .values_list("pk", "structure__kind", "admitted_at")
    )
    for pk, kind, came in rows:
        counts[kind]["occupied" if came < start else "actual_admissions"].append(pk)
    return counts

"""Indicators over the registry of places: capacity, targets, availability, structures, hotels.

Every figure is computed as of a moment: capacity from the dated service periods of the places,
targets from the dated decisions, declared figures from the declarations known at that moment.
Person-derived indicators (people housed, referrals, stays…) come with the apps that record them.
"""

import contextlib
import datetime
from contextvars import ContextVar

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from relais.indicators.cellkey import combine as combine_keys
from relais.indicators.cellkey import python_record_key
from relais.indicators.enums import Unit
from relais.indicators.registry import grouped, indicator, merge, resolve
from relais.stays.models import Stay
from relais.structures.enums import AvailabilityMode, StructureKind, StructureStatus
from relais.structures.models import CapacityTarget, FreshnessRule, OccupancyDeclaration, PlaceServicePeriod, Structure


def dispositif_of(prefix: str = ""):
    """The dispositif a row belongs to: its programme's group (ASSORE and PHASE: the accompanied-accommodation
    dispositif), or the programme itself when it belongs to none."""
    return Coalesce(f"{prefix}programme__group__code", f"{prefix}programme__code")


def structure_paths(prefix: str = "") -> dict:
    return {
        "kind": f"{prefix}kind",
        "programme": f"{prefix}programme__code",
        "dispositif": dispositif_of(prefix),
        "structure": f"{prefix}id",
        "arrondissement": f"{prefix}cog",
        "organization": f"{prefix}operator_id",
    }


STRUCTURE = structure_paths()
PLACE = structure_paths("place__structure__")
PROGRAMME = {"programme": "programme__code", "organization": "programme__operator_id"}
# A dispositif's targets are its own (the group's row); its members' are left out while it has one.
TARGET = {**PROGRAMME, "dispositif": "programme__code"}
HOTEL_PROGRAMME = {
    "programme": "place__structure__programme__code",
    "dispositif": dispositif_of("place__structure__"),
    "organization": "place__structure__operator_id",
}


def open_on(day: datetime.date, prefix: str = "") -> Q:
    """Structures operating on `day`: opened by then (or with no date and not planned), not yet closed."""
    opened = Q(**{f"{prefix}opened_on__lte": day}) | (
        Q(**{f"{prefix}opened_on__isnull": True}) & ~Q(**{f"{prefix}status": StructureStatus.PLANNED})
    )
    closed_undated = Q(**{f"{prefix}status": StructureStatus.CLOSED, f"{prefix}closed_on__isnull": True})
    not_closed = Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    return opened & not_closed & ~closed_undated


def _day(as_of: datetime.datetime) -> datetime.date:
    return timezone.localdate(as_of)


@indicator(
    code="places_open",
    label="Places ouvertes",
    definition=(
        "Nombre de places (lits, chambres, places assises) en service à la date d'observation, "
        "d'après les périodes de service datées de chaque place du registre."
    ),
    unit=Unit.PLACES,
    paths=PLACE,
    person_derived=False,
    source="Registre des lieux : périodes de service des places",
)
def places_open(*, as_of, by, where):
    periods = PlaceServicePeriod.objects.covering(_day(as_of))
    return grouped(periods, PLACE, by, where, value=Count("place", distinct=True))


@indicator(
    code="capacity_target",
    label="Objectif de places",
    definition=(
        "Nombre de places visé pour chaque programme par la dernière décision entrée en vigueur "
        "à la date d'observation et déjà prise à cette date (comité institutionnel, convention…). "
        "Quand un dispositif (ASSORE et PHASE) a son propre objectif, il remplace ceux de ses programmes : "
        "les mêmes places ne sont jamais visées deux fois."
    ),
    unit=Unit.PLACES,
    paths=TARGET,
    person_derived=False,
    source="Programmes : objectifs de capacité datés et décisions",
)
def capacity_target(*, as_of, by, where):
    # Known at the time (in force and already decided); a dispositif's own target stands for its members'.
    return grouped(CapacityTarget.objects.standing_on(_day(as_of)), TARGET, by, where, value=Sum("places"))


@indicator(
    code="target_attainment",
    label="Réalisation de l'objectif",
    definition=(
        "Places ouvertes dans les structures d'un programme rapportées à l'objectif de places "
        "en vigueur pour ce programme à la même date, en pourcentage."
    ),
    unit=Unit.PERCENT,
    paths={"programme": "programme__code", "dispositif": dispositif_of()},
    person_derived=False,
    decimals=1,
    source="Places ouvertes et objectifs de capacité",
)
def target_attainment(*, as_of, by, where):
    periods = PlaceServicePeriod.objects.covering(_day(as_of)).filter(place__structure__programme__isnull=False)
    opened = grouped(periods, PLACE, by, where, value=Count("place", distinct=True))
    aimed = capacity_target(as_of=as_of, by=by, where=where)
    return merge(opened, aimed, by, lambda o, t: round(100 * (o or 0) / t, 1) if t else None)


@indicator(
    code="structures_open",
    label="Structures en fonctionnement",
    definition=(
        "Nombre de structures ouvertes à la date d'observation : date d'ouverture passée (ou inconnue "
        "pour une structure qui n'est pas en projet) et pas encore fermées."
    ),
    unit=Unit.STRUCTURES,
    paths=STRUCTURE,
    person_derived=False,
    source="Registre des lieux : dates d'ouverture et de fermeture",
)
def structures_open(*, as_of, by, where):
    return grouped(Structure.objects.filter(open_on(_day(as_of))), STRUCTURE, by, where, value=Count("pk"))


@indicator(
    code="hotels_in_use",
    label="Hôtels mobilisés",
    definition=(
        "Nombre d'hôtels distincts (lieux des chambres) comptant au moins une chambre en service à la date "
        "d'observation, dans les structures d'hébergement accompagné à l'hôtel rattachées à un programme."
    ),
    unit=Unit.HOTELS,
    paths=HOTEL_PROGRAMME,
    person_derived=False,
    source="Registre des lieux : lieux des places des programmes d'hébergement à l'hôtel",
)
def hotels_in_use(*, as_of, by, where):
    periods = PlaceServicePeriod.objects.covering(_day(as_of)).filter(
        place__structure__kind=StructureKind.HOTEL, place__structure__programme__isnull=False
    )
    return grouped(periods, HOTEL_PROGRAMME, by, where, value=Count("place__location_label", distinct=True))


# While a fill of the facts is under way (`facts.write_day`, `facts.check`): each moment's occupancy by
# structure, computed once for the three indicators and every breakdown that read it.
OCCUPANCY_MEMO: ContextVar[dict | None] = ContextVar("occupancy_by_structure", default=None)


def occupancy_by_structure(as_of: datetime.datetime) -> dict[int, tuple[int | None, int]]:
    """{structure id: (occupied, places open)} at `as_of`: the definition of `with_availability` (latest
    declaration known then for declared mode, stays open then for computed mode, places in service that
    day), computed by three grouped queries instead of one correlated subquery per structure: at national
    scale (5,000 structures, 1.5M stays) seconds instead of a minute. Same figures (tested)."""
    memo = OCCUPANCY_MEMO.get()
    if memo is not None and as_of in memo:
        return memo[as_of]
    day = _day(as_of)
    opened = PlaceServicePeriod.objects.covering(day).places_by("place__structure")
    declared = {}
    latest_first = OccupancyDeclaration.objects.filter(declared_at__lte=as_of).order_by("declared_at", "pk")
    for structure, occupied in latest_first.values_list("structure", "occupied"):
        declared[structure] = occupied  # the latest one wins
    housed = dict(
        Stay.objects.filter(Q(exited_at__isnull=True) | Q(exited_at__gt=as_of), admitted_at__lte=as_of)
        .order_by()
        .values("structure")
        .annotate(n=Count("pk"))
        .values_list("structure", "n")
    )
    out = {}
    for pk, mode in Structure.objects.filter(open_on(day)).values_list("pk", "availability_mode"):
        occupied = declared.get(pk) if mode == AvailabilityMode.DECLARED else housed.get(pk, 0)
        out[pk] = (occupied, opened.get(pk, 0))
    if memo is not None:
        memo[as_of] = out
    return out


@contextlib.contextmanager
def occupancy_memo():
    token = OCCUPANCY_MEMO.set({})
    try:
        yield
    finally:
        OCCUPANCY_MEMO.reset(token)


OCCUPANCY_SPAN = 100_003  # more places than any structure holds: (structure, occupied) pairs stay distinct


def _summed_by_structure(as_of, by, where, **values) -> list[dict]:
    """Per-structure figures (`occupied`, `places_open`, `free`) summed over the groups of `by`, skipping
    structures whose occupancy is unknown. Summed here rather than in SQL: the occupancy of each structure
    comes from three sources (`occupancy_by_structure`)."""
    occupancy = occupancy_by_structure(as_of)
    structures, column = resolve(Structure.objects.filter(open_on(_day(as_of))), STRUCTURE, (*by, *where))
    structures = structures.filter(Q(**{column[d]: v for d, v in where.items()}))
    columns = [column[d] for d in by]
    sums: dict[tuple, dict[str, int]] = {}
    for row in structures.order_by().values(*columns, "pk"):
        occupied, places_open = occupancy.get(row["pk"], (None, 0))
        if occupied is None:
            continue
        figures = {"occupied": occupied, "places_open": places_open, "free": max(places_open - occupied, 0)}
        totals = sums.setdefault(tuple(row[c] for c in columns), {**dict.fromkeys(values, 0), "_key": 0})
        for name, field in values.items():
            totals[name] += figures[field]
        # The cell key of the publication: each structure's occupancy is a record whose key changes with
        # it, so the same cell keeps its noise and one admission more gives a new, unrelated one.
        totals["_key"] = combine_keys(totals["_key"], python_record_key(row["pk"] * OCCUPANCY_SPAN + occupied))
    if not by:
        return [sums.get((), {**dict.fromkeys(values), "_key": 0})]
    keys = sorted(sums, key=lambda k: tuple((v is not None, v) for v in k))
    return [{**dict(zip(by, k, strict=True)), **sums[k]} for k in keys]


@indicator(
    code="places_occupied",
    label="Places occupées",
    definition=(
        "Places occupées à la date d'observation : pour les structures dont l'opérateur déclare ses "
        "disponibilités, la dernière déclaration connue à cette date ; pour celles dont les disponibilités "
        "sont calculées (hôtels, LHSS, LAM…), les séjours en cours. C'est un décompte de personnes "
        "présentes : il est soumis au secret statistique hors des organisations en charge."
    ),
    unit=Unit.PLACES,
    paths=STRUCTURE,
    person_derived=True,
    source="Déclarations d'occupation des opérateurs et séjours en cours",
)
def places_occupied(*, as_of, by, where):
    return _summed_by_structure(as_of, by, where, value="occupied")


@indicator(
    code="places_free",
    label="Places libres",
    definition=(
        "Places ouvertes moins places occupées (jamais moins de zéro), structure par structure, comme au "
        "tableau des disponibilités ; les structures à disponibilités déclarées sans déclaration connue à la "
        "date d'observation ne sont pas comptées. Calculées à partir d'un décompte de personnes : hors des "
        "organisations en charge, places ouvertes moins places occupées publiées."
    ),
    unit=Unit.PLACES,
    paths=STRUCTURE,
    person_derived=True,
    source="Périodes de service des places, déclarations d'occupation et séjours en cours",
)
def places_free(*, as_of, by, where):
    return _summed_by_structure(as_of, by, where, value="free")


@indicator(
    code="occupancy_rate",
    label="Taux d'occupation",
    definition=(
        "Places occupées rapportées aux places ouvertes des mêmes structures (celles dont l'occupation est "
        "connue à la date d'observation), en pourcentage. Réservé aux tableaux de bord internes."
    ),
    unit=Unit.PERCENT,
    paths=STRUCTURE,
    person_derived=True,
    decimals=1,
    public=False,
    source="Périodes de service des places, déclarations d'occupation et séjours en cours",
)
def occupancy_rate(*, as_of, by, where):
    rows = _summed_by_structure(as_of, by, where, occupied="occupied", opened="places_open")
    return [
        {
            **{d: row[d] for d in by},
            "value": round(100 * (row["occupied"] or 0) / row["opened"], 1) if row["opened"] else None,
        }
        for row in rows
    ]


@indicator(
    code="stale_figures",
    label="Chiffres périmés",
    definition=(
        "Nombre de structures en fonctionnement, à disponibilités déclarées et avec des places ouvertes, dont la "
        "dernière déclaration connue à la date d'observation est plus ancienne que le délai de fraîcheur de leur "
        "type de structure (ou qui n'ont jamais rien déclaré)."
    ),
    unit=Unit.STRUCTURES,
    paths=STRUCTURE,
    person_derived=False,
    source="Déclarations d'occupation et délais de fraîcheur",
)
def stale_figures(*, as_of, by, where):
    day = _day(as_of)
    # The last declaration known at `as_of` of each structure, in one grouped query (a correlated subquery
    # per structure takes a minute at national scale); the stale ones are then named by their ids.
    last_declared = dict(
        OccupancyDeclaration.objects.filter(declared_at__lte=as_of)
        .order_by()
        .values("structure")
        .annotate(last=Max("declared_at"))
        .values_list("structure", "last")
    )
    hours = FreshnessRule.as_dict()
    candidates = Structure.objects.filter(open_on(day), availability_mode=AvailabilityMode.DECLARED).filter(
        pk__in=PlaceServicePeriod.objects.covering(day).values("place__structure")
    )
    stale = [
        pk
        for pk, kind in candidates.values_list("pk", "kind")
        if pk not in last_declared
        or (kind in hours and last_declared[pk] < as_of - datetime.timedelta(hours=hours[kind]))
    ]
    return grouped(Structure.objects.filter(pk__in=stale), STRUCTURE, by, where, value=Count("pk"))

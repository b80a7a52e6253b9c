"""Indicators over the registry of places: capacity, targets, availability, structures, hotels.

Every figure is computed as of a moment: capacity from the dated service periods of the places,
targets from the dated decisions, declared figures from the declarations known at that moment.
Person-derived indicators (people housed, referrals, stays…) come with the apps that record them.
"""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from relais.indicators.enums import Unit
from relais.indicators.registry import grouped, indicator, merge
from relais.structures.enums import AvailabilityMode, StructureKind, StructureStatus
from relais.structures.models import CapacityTarget, FreshnessRule, OccupancyDeclaration, PlaceServicePeriod, Structure


def structure_paths(prefix: str = "") -> dict[str, str]:
    return {
        "kind": f"{prefix}kind",
        "programme": f"{prefix}programme__code",
        "structure": f"{prefix}id",
        "arrondissement": f"{prefix}cog",
        "organization": f"{prefix}operator_id",
    }


STRUCTURE = structure_paths()
PLACE = structure_paths("place__structure__")
PROGRAMME = {"programme": "programme__code", "organization": "programme__operator_id"}
HOTEL_PROGRAMME = {"programme": "place__structure__programme__code", "organization": "place__structure__operator_id"}


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


def _declared_structures(as_of: datetime.datetime):
    """Operating structures in declared mode, each with its latest declaration known at `as_of`."""
    latest = OccupancyDeclaration.objects.filter(structure=OuterRef("pk"), declared_at__lte=as_of).order_by(
        "-declared_at", "-pk"
    )
    return Structure.objects.filter(
        open_on(_day(as_of)),
        availability_mode=AvailabilityMode.DECLARED,
        declarations__pk=Subquery(latest.values("pk")[:1]),
    )


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
        "à la date d'observation et déjà prise à cette date (comité institutionnel, convention…)."
    ),
    unit=Unit.PLACES,
    paths=PROGRAMME,
    person_derived=False,
    source="Programmes : objectifs de capacité datés et décisions",
)
def capacity_target(*, as_of, by, where):
    day = _day(as_of)
    # Known at the time: in force by then, and already decided (a retroactive decision is not yet known).
    latest = CapacityTarget.objects.filter(
        programme=OuterRef("programme"), effective_on__lte=day, decided_on__lte=day
    ).order_by("-effective_on")
    targets = CapacityTarget.objects.filter(effective_on=Subquery(latest.values("effective_on")[:1]))
    return grouped(targets, PROGRAMME, by, where, value=Sum("places"))


@indicator(
    code="target_attainment",
    label="Réalisation de l'objectif",
    definition=(
        "Places ouvertes dans les structures d'un programme rapportées à l'objectif de places "
        "en vigueur pour ce programme à la même date, en pourcentage."
    ),
    unit=Unit.PERCENT,
    paths={"programme": "programme__code"},
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


@indicator(
    code="places_occupied",
    label="Places occupées (déclarées)",
    definition=(
        "Somme des places occupées selon la dernière déclaration de chaque structure connue à la date "
        "d'observation (structures dont les disponibilités sont déclarées par l'opérateur). C'est un "
        "décompte de personnes présentes : il est soumis au secret statistique hors des organisations en charge."
    ),
    unit=Unit.PLACES,
    paths=STRUCTURE,
    person_derived=True,
    source="Déclarations d'occupation des opérateurs",
)
def places_occupied(*, as_of, by, where):
    # The records are the declarations: a new one changes the cell's key, and so its noise.
    return grouped(
        _declared_structures(as_of),
        STRUCTURE,
        by,
        where,
        record="declarations__pk",
        value=Sum("declarations__occupied"),
    )


def _open_places_of_declared(as_of, by, where):
    day = _day(as_of)
    declared = _declared_structures(as_of).values("pk")
    periods = PlaceServicePeriod.objects.covering(day).filter(place__structure__in=declared)
    return grouped(periods, PLACE, by, where, value=Count("place", distinct=True))


@indicator(
    code="places_free",
    label="Places libres (déclarées)",
    definition=(
        "Places ouvertes moins places occupées, pour les structures dont l'opérateur a déclaré une occupation "
        "connue à la date d'observation ; les structures sans déclaration ne sont pas comptées. Calculées à partir "
        "d'un décompte de personnes : hors des organisations en charge, places ouvertes moins places occupées publiées."
    ),
    unit=Unit.PLACES,
    paths=STRUCTURE,
    person_derived=True,
    source="Périodes de service des places et déclarations d'occupation",
)
def places_free(*, as_of, by, where):
    opened = _open_places_of_declared(as_of, by, where)
    occupied = places_occupied(as_of=as_of, by=by, where=where)
    return merge(opened, occupied, by, lambda o, t: max((o or 0) - (t or 0), 0))


@indicator(
    code="occupancy_rate",
    label="Taux d'occupation (déclaré)",
    definition=(
        "Places occupées déclarées rapportées aux places ouvertes des mêmes structures (celles qui ont "
        "une déclaration connue à la date d'observation), en pourcentage. Réservé aux tableaux de bord internes."
    ),
    unit=Unit.PERCENT,
    paths=STRUCTURE,
    person_derived=True,
    decimals=1,
    public=False,
    source="Périodes de service des places et déclarations d'occupation",
)
def occupancy_rate(*, as_of, by, where):
    opened = _open_places_of_declared(as_of, by, where)
    occupied = places_occupied(as_of=as_of, by=by, where=where)
    return merge(occupied, opened, by, lambda t, o: round(100 * (t or 0) / o, 1) if o else None)


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
    latest = OccupancyDeclaration.objects.filter(structure=OuterRef("pk"), declared_at__lte=as_of).order_by(
        "-declared_at"
    )
    stale = Q(last_declared_at__isnull=True)
    for kind, hours in FreshnessRule.as_dict().items():
        stale |= Q(kind=kind, last_declared_at__lt=as_of - datetime.timedelta(hours=hours))
    structures = (
        Structure.objects.filter(open_on(day), availability_mode=AvailabilityMode.DECLARED)
        .filter(pk__in=PlaceServicePeriod.objects.covering(day).values("place__structure"))
        .annotate(last_declared_at=Subquery(latest.values("declared_at")[:1]))
        .filter(stale)
    )
    return grouped(structures, STRUCTURE, by, where, value=Count("pk"))

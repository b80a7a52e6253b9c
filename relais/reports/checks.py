"""Consistency checks between figures, before a situation report is frozen.

On the exact figures (never the published ones, whose small counts are hidden): nobody is housed in
places that are not open, free and occupied places add up to the places open, and a dispositif counts
exactly the places of its programmes. A failure names the structure or dispositif and the date, in
French, and nothing is frozen.
"""

import datetime

from django.utils import formats, timezone

from relais.indicators import registry
from relais.indicators.fact_reader import reading
from relais.structures.models import Programme, Structure

ERROR_OCCUPIED_OVER_OPEN = (
    "Incohérence au {day} : « {structure} » compte {occupied} places occupées pour {open} places ouvertes "
    "(places libres et occupées ne font plus le total des places ouvertes). Corrigez la déclaration d'occupation "
    "ou les séjours, ou les périodes de service des places, avant de figer le point de situation."
)
ERROR_HOUSED_OVER_PLACES = (
    "Incohérence au {day} : le dispositif « {dispositif} » compte {housed} personnes hébergées pour {open} places "
    "ouvertes. Vérifiez les séjours et les périodes de service des places avant de figer le point de situation."
)
ERROR_DISPOSITIF_SUM = (
    "Incohérence au {day} : le dispositif « {dispositif} » compte {total} places ouvertes, ses programmes "
    "{parts} au total. Vérifiez le rattachement des structures aux programmes avant de figer le point de situation."
)


def _by(code: str, dimension: str, as_of: datetime.datetime) -> dict:
    return {row[dimension]: row["value"] for row in registry.get(code).rows(as_of=as_of, by=[dimension])}


def consistency_errors(as_of: datetime.datetime) -> list[str]:
    """Every inconsistency between the exact figures as of `as_of` (an empty list when all agree), read
    from the daily facts where they cover them."""
    with reading():
        return _errors(as_of)


def _errors(as_of: datetime.datetime) -> list[str]:
    day = formats.date_format(timezone.localdate(as_of), "j F Y")
    errors = []
    opened = _by("places_open", "structure", as_of)
    declared = _by("places_occupied", "structure", as_of)  # structures whose occupancy is declared
    housed = _by("persons_housed", "structure", as_of)  # open stays: the occupancy of computed-mode ones
    occupied = {**housed, **{pk: n for pk, n in declared.items() if n is not None}}
    over = {pk: n for pk, n in occupied.items() if pk is not None and (n or 0) > opened.get(pk, 0)}
    names = dict(Structure.objects.filter(pk__in=over).values_list("pk", "name"))
    for pk, n in sorted(over.items(), key=lambda item: names.get(item[0], "")):
        errors.append(ERROR_OCCUPIED_OVER_OPEN.format(day=day, structure=names[pk], occupied=n, open=opened.get(pk, 0)))
    by_programme = _by("places_open", "programme", as_of)
    by_dispositif = _by("places_open", "dispositif", as_of)
    housed_by_dispositif = _by("persons_housed", "dispositif", as_of)
    for group in Programme.objects.filter(members__isnull=False).distinct().prefetch_related("members"):
        total = by_dispositif.get(group.code, 0)
        codes = [group.code, *(m.code for m in group.members.all())]
        parts = sum(by_programme.get(code, 0) for code in codes)
        if total != parts:
            errors.append(ERROR_DISPOSITIF_SUM.format(day=day, dispositif=group, total=total, parts=parts))
        if housed_by_dispositif.get(group.code, 0) > total:
            errors.append(
                ERROR_HOUSED_OVER_PLACES.format(
                    day=day, dispositif=group, housed=housed_by_dispositif[group.code], open=total
                )
            )
    return errors

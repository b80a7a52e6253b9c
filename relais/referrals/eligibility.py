"""Whether a place can take a person: the hard constraints, checked place by place.

Read by the proposals (relais/orientation), the admission (relais/stays) and the allocation engine,
so a place offered, a place given at admission and a place allocated all obey the same rules.
"""

from django.db.models import Q

from relais.people.enums import Sex
from relais.structures.enums import PlaceAttribute, StructureKind

# A person's need → the attribute every place offered to them must have.
NEED_ATTRIBUTES = {
    "need_mobility": PlaceAttribute.ACCESSIBLE,
    "need_pets": PlaceAttribute.PETS,
    "need_couple": PlaceAttribute.COUPLE,
}
ATTRIBUTE_WORDS = {
    PlaceAttribute.ACCESSIBLE: "accessible (PMR)",
    PlaceAttribute.PETS: "avec animaux",
    PlaceAttribute.COUPLE: "pour couple",
    PlaceAttribute.WOMEN_ONLY: "réservée aux femmes",
}
OPEN_TO_MEN_WORDS = "ouverte aux hommes"
# Kinds of structure that admit on a medical or psychiatric indication only.
KIND_NEEDS = {
    StructureKind.LHSS: "need_somatic",
    StructureKind.LAM: "need_somatic",
    StructureKind.PSYCHIATRY: "need_psychiatric",
}
KIND_NEED_REASONS = {
    "need_somatic": "Réservée aux personnes ayant un besoin de soins somatiques",
    "need_psychiatric": "Réservée aux personnes ayant un besoin de soins psychiatriques",
}


def required_attributes(person, extra: str = "") -> list[str]:
    """The place attributes the person's needs require (plus one asked for on the page)."""
    attributes = [attribute for need, attribute in NEED_ATTRIBUTES.items() if getattr(person, need)]
    if extra and extra not in attributes:
        attributes.append(extra)
    return attributes


def takes_women_only_places(person) -> bool:
    # A women-only room takes a woman; an unknown sex is not enough to offer it.
    return person.sex == Sex.FEMALE


def kind_refusal(person, kind: str) -> str:
    """Why the person cannot go to a structure of this kind at all ("" when they can)."""
    need = KIND_NEEDS.get(kind)
    if need and not getattr(person, need):
        return KIND_NEED_REASONS[need]
    return ""


def fitting_places_q(person, extra: str = "") -> Q:
    """The places (a `Place` queryset filter) whose attributes take the person."""
    q = Q(**dict.fromkeys(required_attributes(person, extra), True))
    if not takes_women_only_places(person):
        q &= Q(women_only=False)
    return q


def constraints(person, extra: str = "") -> list[tuple[str, callable]]:
    """(words, test on a place's attributes) for each hard constraint on the place, in a stable order."""
    checks = [(ATTRIBUTE_WORDS[a], lambda p, a=a: bool(p[a])) for a in required_attributes(person, extra)]
    if not takes_women_only_places(person):
        checks.insert(0, (OPEN_TO_MEN_WORDS, lambda p: not p[PlaceAttribute.WOMEN_ONLY]))
    return checks


def place_fits(person, place: dict, extra: str = "") -> bool:
    """`place`: its attributes by field name (a `values()` row or `model_to_dict`)."""
    return all(test(place) for _, test in constraints(person, extra))


def why_no_free_place_fits(person, free_places: list[dict], extra: str = "") -> str:
    """The reason shown for a structure whose free places take none of the person's constraints together."""
    checks = constraints(person, extra)
    for words, test in checks:
        if not any(test(p) for p in free_places):
            if words == OPEN_TO_MEN_WORDS:
                return "Places libres réservées aux femmes"
            return f"Aucune place libre {words}"
    together = [words for words, _ in checks if words != OPEN_TO_MEN_WORDS]
    return "Aucune place libre réunissant : " + ", ".join(together)

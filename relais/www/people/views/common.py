"""What the person-level pages share: roles, tracing of the person read, structures a user manages."""

from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.tracing import get_traced
from relais.people.models import Person
from relais.structures.models import Structure
from relais.users.enums import PERSON_DATA_ROLES, Role

PERSON_ROLES = tuple(sorted(PERSON_DATA_ROLES))
OUTREACH_ROLES = (Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT)
ANSWER_ROLES = (Role.COORDINATION, Role.OPERATEUR)
A, C = AccessAction, AccessCategory
PAGE_SIZE = 50


# Break-glass opens reading only: a person is fetched for these through `actionable_by`.
WRITE_ACTIONS = frozenset({A.CREATE, A.UPDATE, A.ERASE})


def traced_person(request, person_id, action=A.READ, *, trace_allowed=True, category=C.PERSON):
    """The person `person_id` as the user may reach it for `action`, with one access event (in
    `category`: what the access is about, a health note, a pathway step…)."""
    persons = Person.objects.actionable_by if action in WRITE_ACTIONS else Person.objects.visible_to
    return get_traced(
        request,
        persons(request.user).select_related("created_by_organization", "merged_into"),
        category=category,
        action=action,
        trace_allowed=trace_allowed,
        pk=person_id,
    )


def managed_structures(user):
    structures = Structure.objects.operating().order_by("name")
    if user.role == Role.COORDINATION:
        return structures
    return structures.filter(operator=user.organization)

"""What the person-level pages share: roles, tracing of the person read, structures a user manages."""

from django.contrib import messages
from django.core.exceptions import ValidationError

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


def traced_person(request, person_id, action=A.READ):
    return get_traced(
        request,
        Person.objects.visible_to(request.user).select_related("created_by_organization", "merged_into"),
        category=C.PERSON,
        action=action,
        pk=person_id,
    )


def flash_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def managed_structures(user):
    structures = Structure.objects.operating().order_by("name")
    if user.role == Role.COORDINATION:
        return structures
    return structures.filter(operator=user.organization)

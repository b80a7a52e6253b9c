"""One access event per access to person-level data, written the same way by every page and API view."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404

from relais.audit.enums import AccessAction, AccessCategory, AccessOutcome
from relais.audit.services import access_record


def pseudonym_of(obj) -> str:
    """The pseudonymous id the auditor follows: the person's display code, whatever the row.
    Read by attribute (a person has `display_code`, its rows a `person`): the audit layer sits below people."""
    code = getattr(obj, "display_code", None)
    if code:
        return code
    person = getattr(obj, "person", None)
    if person is not None:
        return person.display_code
    return f"{obj._meta.model_name}-{obj.pk}"


def traced(request, *, category: AccessCategory, action: AccessAction, obj=None, count=None) -> None:
    access_record(
        user=request.user,
        category=category,
        action=action,
        pseudonym=pseudonym_of(obj) if obj is not None else "",
        count=count,
    )


def get_traced(
    request,
    queryset,
    *,
    category: AccessCategory,
    action: AccessAction = AccessAction.READ,
    trace_allowed: bool = True,
    **lookup,
):
    """The object if `queryset` (already scoped with visible_to) holds it, with one allowed event;
    else one denied event and 404, whether the object is forbidden or absent. `trace_allowed=False`
    when the caller logs the access itself as one event (e.g. the stay an admission creates)."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError):
        requested = queryset.model._base_manager.filter(**lookup)
        # The person comes in the same query: a forbidden id must cost what an absent one does.
        if any(field.name == "person" for field in queryset.model._meta.get_fields()):
            requested = requested.select_related("person")
        requested = requested.first()
        access_record(
            user=request.user,
            category=category,
            action=action,
            pseudonym=pseudonym_of(requested) if requested is not None else "",
            outcome=AccessOutcome.DENIED,
        )
        raise Http404("Aucun élément ne correspond.") from None
    if trace_allowed:
        traced(request, category=category, action=action, obj=obj)
    return obj

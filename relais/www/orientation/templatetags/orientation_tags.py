"""The orientation panel of a person's page: the soignant's vulnerability flag and the waits for a place.

The flag's reason, author and organisation are shown only to the soignant `health_access` lets in
(they tell which care team follows the person); everyone else who sees the person reads only that a
soignant flagged them, and when."""

from django import template

from relais.orientation.models import PlaceWait, VulnerabilityFlag
from relais.orientation.services import WAIT_ROLES
from relais.pathways.models import health_access
from relais.www.orientation.forms import PlaceWaitEndForm, PlaceWaitForm, VulnerabilityFlagForm

register = template.Library()


@register.inclusion_tag("orientation/_person_panel.html", takes_context=True)
def orientation_panel(context, person, writable):
    """`writable`: the user may write about the person (the page's own answer, without break-glass)."""
    user = context["request"].user
    flags = list(
        VulnerabilityFlag.objects.filter(person=person)
        .with_reason_shown(user)
        .select_related("flagged_by", "removed_by", "organization")
    )
    waits = list(PlaceWait.objects.filter(person=person).select_related("created_by", "ended_by", "organization"))
    soignant = health_access(user) is not None
    acts_on_waits = writable and user.role in WAIT_ROLES
    return {
        "person": person,
        "active_flags": [f for f in flags if f.removed_at is None],
        # The flag's past periods: to the soignant who reads them only (they name a care team).
        "past_flags": [f for f in flags if f.removed_at is not None and f.reason_shown],
        "can_flag": writable and soignant,
        # Field ids of their own: the person's page holds other forms (and one end form per wait).
        "flag_form": VulnerabilityFlagForm(auto_id="id_flag_%s"),
        "open_waits": [
            (w, PlaceWaitEndForm(auto_id=f"id_wait{w.pk}_%s") if acts_on_waits else None)
            for w in waits
            if w.ended_at is None
        ],
        "past_waits": [w for w in waits if w.ended_at is not None],
        "acts_on_waits": acts_on_waits,
        "wait_form": PlaceWaitForm(auto_id="id_wait_%s") if acts_on_waits else None,
        "csrf_token": context.get("csrf_token"),
    }

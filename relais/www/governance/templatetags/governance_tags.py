from django import template

from relais.governance.enums import TrackedStatus

register = template.Library()

_BADGES = {
    TrackedStatus.LATE: "fr-badge--error",
    TrackedStatus.DONE: "fr-badge--success",
    TrackedStatus.REACHED: "fr-badge--success",
    TrackedStatus.IN_PROGRESS: "fr-badge--info",
    TrackedStatus.PLANNED: "fr-badge--new",
    TrackedStatus.TODO: "fr-badge--new",
}


@register.filter
def tracked_label(value):
    """The French label of a tracked status (stored status or « en retard »)."""
    try:
        return TrackedStatus(value).label
    except ValueError:
        return value


@register.filter
def badge_class(value):
    return _BADGES.get(value, "")

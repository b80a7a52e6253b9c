from django import template

from relais.governance.enums import TrackedStatus
from relais.premises.enums import Opinion, ProposalStatus

register = template.Library()

_BADGES = {
    TrackedStatus.LATE: "fr-badge--error",
    TrackedStatus.DONE: "fr-badge--success",
    TrackedStatus.IN_PROGRESS: "fr-badge--info",
    TrackedStatus.PLANNED: "fr-badge--new",
    TrackedStatus.TODO: "fr-badge--new",
    ProposalStatus.RETAINED: "fr-badge--success",
    ProposalStatus.OPENED: "fr-badge--success",
    ProposalStatus.EXAMINATION: "fr-badge--info",
    ProposalStatus.WORKS: "fr-badge--info",
    ProposalStatus.PROPOSED: "fr-badge--new",
    Opinion.FAVOURABLE: "fr-badge--success",
    Opinion.RESERVED: "fr-badge--warning",
    Opinion.UNFAVOURABLE: "fr-badge--error",
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

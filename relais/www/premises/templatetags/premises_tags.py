from django import template

from relais.premises.enums import Opinion, ProposalStatus

register = template.Library()

_BADGES = {
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
def badge_class(value):
    """The DSFR badge colour of a proposal's step or of a State opinion."""
    return _BADGES.get(value, "")

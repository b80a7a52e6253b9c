from django import template

from relais.governance.enums import TrackedStatus
from relais.premises.enums import Opinion, ProposalStatus

register = template.Library()

_BADGES = {
    TrackedStatus.LATE: "fr-badge--error",
    TrackedStatus.DONE: "fr-badge--success",
    TrackedStatus.REACHED: "fr-badge--success",
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


_ACTIONS = {0: "création", 1: "modification", 2: "suppression", 3: "consultation"}
_M2M_OPERATIONS = {"add": "ajout", "delete": "retrait", "clear": "vidage"}


def _shown(value):
    return "—" if value in (None, "", "None") else value


@register.filter
def history_action(entry):
    return _ACTIONS.get(entry.action, entry.get_action_display())


@register.filter
def history_lines(entry):
    """One French line per changed field of an audit log entry, in the field's own words.

    Reverse relations and the primary key are left out; many-to-many changes read as additions
    or removals rather than as raw dictionaries.
    """
    model = entry.content_type.model_class() if entry.content_type_id else None
    display = entry.changes_display_dict
    lines = []
    for name, change in (entry.changes_dict or {}).items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except Exception:
                field = None
        if name == "id" or (field is not None and field.auto_created and not field.concrete):
            continue
        label = str(getattr(field, "verbose_name", name))
        if isinstance(change, dict):
            operation = _M2M_OPERATIONS.get(change.get("operation"), change.get("operation"))
            lines.append(f"{label} : {operation} de {', '.join(str(o) for o in change.get('objects', []))}")
            continue
        old, new = display.get(label, change) if isinstance(display.get(label), list | tuple) else change
        if _shown(old) != _shown(new):
            lines.append(f"{label} : {_shown(old)} → {_shown(new)}")
    return lines

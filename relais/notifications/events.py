"""Events of the layers below, turned into notifications for the auditor."""

from django.urls import reverse

from relais.notifications.enums import NotificationKind
from relais.notifications.services import notify, users_acting_for
from relais.users.enums import Role


def _auditors():
    return users_acting_for(roles=[Role.AUDITEUR])


def on_rights_event(event) -> None:
    """A grant proposed, approved, refused or revoked, an API key created or revoked."""
    notify(
        recipients=_auditors(),
        kind=NotificationKind.GRANT_CHANGED,
        url=reverse("audit:rights"),
        key=f"rights:{event.pk}",
    )


def on_break_glass(access) -> None:
    notify(
        recipients=_auditors(),
        kind=NotificationKind.BREAK_GLASS,
        url=reverse("accounts:break_glass_review"),
        key=f"break-glass:{access.pk}",
    )

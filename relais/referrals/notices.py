"""Who is told what about a referral: the kind of event and a link to it, never about the person."""

from django.urls import reverse

from relais.notifications.enums import NotificationKind
from relais.notifications.services import notify, user_ids_acting_for
from relais.referrals.models import Referral
from relais.users.enums import Role


def _team(referral: Referral) -> list[int]:
    """The receiving structure's team (ids); the coordination while a referral names only a kind of place."""
    if referral.to_structure_id is None:
        return user_ids_acting_for(roles=[Role.COORDINATION])
    return user_ids_acting_for(roles=[Role.OPERATEUR], organizations=[referral.to_structure.operator_id])


def referral_notify(referral: Referral, kind: str) -> int:
    if kind == NotificationKind.REFERRAL_ARRIVED:
        recipients = _team(referral)
    elif kind == NotificationKind.REFERRAL_UNANSWERED:
        recipients = [*_team(referral), referral.sent_by_id]
    else:  # accepted, declined: the sender
        recipients = [referral.sent_by_id]
    return notify(
        recipient_ids=recipients,
        kind=kind,
        url=reverse("people:referral_detail", args=[referral.pk]),
        key=f"referral:{referral.pk}:{kind}:{referral.to_structure_id or ''}",
    )

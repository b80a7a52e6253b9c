"""Reminding each owner of the actions due before the next comité."""

import datetime

from django.urls import reverse

from relais.governance.enums import GOVERNANCE_READERS
from relais.governance.models import Action, Meeting
from relais.notifications.enums import NotificationKind
from relais.notifications.services import notify, users_acting_for


def actions_due_reminders(day: datetime.date) -> int:
    """Open actions due by the next dated meeting, told once per meeting to their owner organisation."""
    meeting = Meeting.objects.filter(held_on__gte=day).order_by("held_on", "pk").first()
    if meeting is None:
        return 0
    told = 0
    for action in Action.objects.open().filter(due_on__lte=meeting.held_on):
        told += notify(
            recipients=users_acting_for(roles=GOVERNANCE_READERS, organizations=[action.owner_id]),
            kind=NotificationKind.ACTION_DUE,
            url=reverse("governance:action_detail", args=[action.pk]),
            key=f"action:{action.pk}:before-meeting:{meeting.pk}",
        )
    return told

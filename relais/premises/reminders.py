"""Reminding the State reviewers of the opinions they owe: due soon, then overdue."""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from relais.notifications.enums import NotificationKind
from relais.notifications.services import notify, users_acting_for
from relais.premises.enums import AWAITING_REVIEW, REVIEWER_ROLES
from relais.premises.models import PremisesProposal, PremisesReview
from relais.premises.services import expected_reviewers, review_state


def premises_review_reminders(day: datetime.date) -> int:
    """Each awaited opinion due within RELAIS_REVIEW_REMINDER_DAYS, or overdue, told once to its reviewers."""
    reviewers = expected_reviewers()
    soon = day + datetime.timedelta(days=settings.RELAIS_REVIEW_REMINDER_DAYS)
    proposals = PremisesProposal.objects.filter(status__in=AWAITING_REVIEW, response_due_on__lte=soon).prefetch_related(
        Prefetch("reviews", queryset=PremisesReview.objects.select_related("organization"))
    )
    told = 0
    for proposal in proposals:
        state = review_state(proposal, reviewers, day)
        if not state["missing"]:
            continue
        kind = NotificationKind.REVIEW_OVERDUE if state["overdue"] else NotificationKind.REVIEW_DUE
        told += notify(
            recipients=users_acting_for(roles=REVIEWER_ROLES, organizations=state["missing"]),
            kind=kind,
            url=reverse("premises:proposal_detail", args=[proposal.pk]),
            key=f"premises:{proposal.pk}:{kind}:{proposal.response_due_on.isoformat()}",
        )
    return told

"""Telling users that something happened: a kind of event and a link, in Relais and by email.

Callers (the domain services, the reminder jobs) name the recipients, the kind and the link; the
text is the kind's label only, so no person data can reach a notification or an email. Emails are
sent by the task worker after the transaction commits, never inside the request.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from relais.notifications.enums import EmailMode
from relais.notifications.models import Notification, NotificationPreference
from relais.notifications.tasks import send_event_emails
from relais.users.models import AccessGrant

ERROR_UNKNOWN_KIND = "Type d'événement inconnu."


def users_acting_for(*, roles: Iterable[str] | None = None, organizations=None) -> QuerySet:
    """Active users whose grant in force today has one of `roles` (for one of `organizations`)."""
    grants = AccessGrant.objects.active_on(timezone.localdate())
    if roles is not None:
        grants = grants.filter(role__in=list(roles))
    if organizations is not None:
        grants = grants.filter(organization__in=list(organizations))
    return get_user_model().objects.filter(is_active=True, pk__in=grants.values("user"))


def _muted(users) -> set[int]:
    return {p.user_id: p.muted for p in NotificationPreference.objects.filter(user__in=users)}


# No savepoint of its own: called inside a service's transaction, it succeeds or fails with it.
@transaction.atomic(savepoint=False)
def notify(*, recipients: Iterable, kind: str, url: str, key: str) -> int:
    """One notification of `kind` linking to `url` for each recipient, once per `key` (the event).

    Returns how many were new. Those who chose one email per event get it from the task worker."""
    users = {user.pk: user for user in recipients if user is not None}
    if not users:
        return 0
    muted = _muted(list(users))
    wanted = [pk for pk in users if kind not in muted.get(pk, [])]
    already = set(Notification.objects.filter(key=key, recipient__in=wanted).values_list("recipient", flat=True))
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, url=url, key=key) for pk in wanted if pk not in already],
        ignore_conflicts=True,
    )
    created = len(set(wanted) - already)
    if created:
        transaction.on_commit(lambda: send_event_emails.enqueue(key))
    return created


@transaction.atomic
def notification_read(*, notification: Notification, by) -> Notification:
    if notification.recipient_id == by.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_read_all(*, by) -> int:
    return Notification.objects.for_user(by).unread().update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user, email: str, muted: Iterable[str]) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    preference.email = email
    preference.muted = sorted(set(muted))
    preference.full_clean()
    preference.save()
    return preference


def email_mode(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email if preference else EmailMode.EACH

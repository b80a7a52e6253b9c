"""Tasks run by the worker (`manage.py db_worker`): the emails of notifications."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from relais.notifications.emails import digest_email, event_email
from relais.notifications.enums import EmailMode
from relais.notifications.models import Notification, NotificationPreference


def _each_event_users():
    """Users who want one email per event: those who chose it, and those who never chose (the default)."""
    others = NotificationPreference.objects.exclude(email=EmailMode.EACH).values("user")
    return get_user_model().objects.exclude(pk__in=others).exclude(email="")


@task()
def send_event_emails(key: str) -> int:
    """Email the notifications of one event to those who want each event; each is sent once."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(key=key, emailed_at__isnull=True, recipient__in=_each_event_users())
            .select_related("recipient")
        )
        if not pending:
            return 0
        sent = get_connection().send_messages([event_email(n) for n in pending])
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return sent or 0


@task()
def send_digest(user_id: int) -> int:
    """One email counting the user's events not emailed yet, by kind."""
    user = get_user_model().objects.get(pk=user_id)
    with transaction.atomic():
        pending = list(Notification.objects.select_for_update().filter(recipient=user, emailed_at__isnull=True))
        if not pending or not user.email:
            return 0
        get_connection().send_messages([digest_email(user, Counter(n.kind for n in pending))])
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(pending)


def digest_enqueue() -> int:
    """The daily job: one digest task per user who chose the digest and has events not emailed."""
    users = (
        NotificationPreference.objects.filter(email=EmailMode.DIGEST)
        .filter(user__notifications__emailed_at__isnull=True)
        .values_list("user", flat=True)
        .distinct()
    )
    count = 0
    for user_id in users:
        send_digest.enqueue(user_id)
        count += 1
    return count

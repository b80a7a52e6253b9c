"""Telling users that something happened: a kind of event and a link, in Relais and by email.

Callers (the domain services, the reminder jobs) name the recipients, the kind and the link; the
text is the kind's label only, so no person data can reach a notification or an email. Emails are
sent by the task worker after the transaction commits, never inside the request.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from relais.notifications.enums import EmailMode
from relais.notifications.models import Notification, NotificationPreference
from relais.notifications.tasks import send_event_emails
from relais.users.enums import GrantStatus
from relais.users.models import AccessGrant
from relais.utils.prepared import statement_cursor
from relais.utils.rows import columns_of, instance_from_row

ERROR_UNKNOWN_KIND = "Type d'événement inconnu."


def users_acting_for(*, roles: Iterable[str] | None = None, organizations=None) -> QuerySet:
    """Active users whose grant in force today has one of `roles` (for one of `organizations`)."""
    grants = AccessGrant.objects.active_on(timezone.localdate())
    if roles is not None:
        grants = grants.filter(role__in=list(roles))
    if organizations is not None:
        grants = grants.filter(organization__in=list(organizations))
    return get_user_model().objects.filter(is_active=True, pk__in=grants.values("user"))


def user_ids_acting_for(*, roles: Iterable[str], organizations=None) -> list[int]:
    """The ids of `users_acting_for(roles=…, organizations=…)`, as one statement written once: every
    referral sent tells its receiving team."""
    connection = connections[router.db_for_read(AccessGrant)]
    quote = connection.ops.quote_name
    roles = list(roles)
    grant = AccessGrant._meta
    date = grant.get_field("valid_from")
    today = date.get_db_prep_value(timezone.localdate(), connection)
    sql = (
        f"SELECT u.{quote('id')} FROM {quote(get_user_model()._meta.db_table)} u WHERE u.{quote('is_active')} "  # noqa: S608 - names from the models
        f"AND u.{quote('id')} IN (SELECT g.{quote('user_id')} FROM {quote(grant.db_table)} g "
        f"WHERE g.{quote('status')} = %s AND g.{quote('valid_from')} <= %s "
        f"AND (g.{quote('valid_until')} IS NULL OR g.{quote('valid_until')} >= %s) "
        f"AND g.{quote('role')} IN ({', '.join(['%s'] * len(roles))})"
    )
    params = [GrantStatus.APPROVED, today, today, *roles]
    if organizations is not None:
        organizations = [o if isinstance(o, int) else o.pk for o in organizations]
        if not organizations:
            return []
        sql += f" AND g.{quote('organization_id')} IN ({', '.join(['%s'] * len(organizations))})"
        params += organizations
    with statement_cursor(connection) as cursor:
        cursor.execute(sql + f") ORDER BY u.{quote('id')}", params)
        return [row[0] for row in cursor.fetchall()]


def _muted(user_ids: list[int]) -> dict[int, list[str]]:
    """Each user's muted kinds (those with preferences), as one statement written once."""
    connection = connections[router.db_for_read(NotificationPreference)]
    quote = connection.ops.quote_name
    with statement_cursor(connection) as cursor:
        cursor.execute(
            f"SELECT {columns_of(NotificationPreference, 'p', connection)} "  # noqa: S608 - names from the model
            f"FROM {quote(NotificationPreference._meta.db_table)} p "
            f"WHERE p.{quote('user_id')} IN ({', '.join(['%s'] * len(user_ids))})",
            user_ids,
        )
        preferences = [instance_from_row(NotificationPreference, connection, row) for row in cursor.fetchall()]
    return {p.user_id: p.muted for p in preferences}


def _insert_new(notifications: list[Notification]) -> int:
    """Insert the notifications a recipient does not have yet for their event (the unique index on recipient
    and key decides, so two runs at once cannot both add one); how many were new. One statement."""
    if not notifications:
        return 0
    connection = connections[router.db_for_write(Notification)]
    fields = [Notification._meta.get_field(name) for name in ("recipient", "kind", "url", "key", "created_at")]
    quote = connection.ops.quote_name
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608 - names from the model
        f"VALUES {', '.join([row] * len(notifications))} ON CONFLICT DO NOTHING RETURNING {quote('id')}"
    )
    params = [f.get_db_prep_save(f.pre_save(n, True), connection) for n in notifications for f in fields]
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


# No savepoint of its own: called inside a service's transaction, it succeeds or fails with it.
@transaction.atomic(savepoint=False)
def notify(*, recipients: Iterable = (), recipient_ids: Iterable[int] = (), kind: str, url: str, key: str) -> int:
    """One notification of `kind` linking to `url` for each recipient (users, or their ids), once per `key`
    (the event).

    Returns how many were new. Those who chose one email per event get it from the task worker."""
    users = dict.fromkeys([user.pk for user in recipients if user is not None] + list(recipient_ids))
    if not users:
        return 0
    muted = _muted(list(users))
    wanted = [pk for pk in users if kind not in muted.get(pk, [])]
    created = _insert_new([Notification(recipient_id=pk, kind=kind, url=url, key=key) for pk in wanted])
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

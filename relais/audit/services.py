"""Writing and checking the access log."""

from dataclasses import dataclass

from django.db import connection, transaction

from relais.audit import triggers
from relais.audit.enums import AccessAction, AccessCategory, AccessOutcome
from relais.audit.models import AccessEvent, AccessLogCheckpoint

GENESIS_HASH = "0" * 64
# Any constant: serialises writers of the hash chain on PostgreSQL (SQLite serialises all writers).
_CHAIN_LOCK_ID = 7_201_021


@transaction.atomic
def access_record(
    *,
    user,
    category: AccessCategory,
    action: AccessAction,
    pseudonym: str = "",
    count: int | None = None,
    outcome: AccessOutcome = AccessOutcome.ALLOWED,
) -> AccessEvent:
    """Append one event, chained to the previous one. Call it once per access to person-level data."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    previous = AccessEvent.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS_HASH
    grant = user.active_grant if user is not None else None
    event = AccessEvent(
        user=user,
        username=user.get_username() if user is not None else "",
        organization=grant.organization.name if grant else "",
        role=grant.role if grant else "",
        category=category,
        action=action,
        pseudonym=pseudonym,
        count=count,
        outcome=outcome,
        previous_hash=previous,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""


def access_log_verify() -> ChainReport:
    """Walk the chain in insertion order, from the last purge's checkpoint if any; report the first
    event whose seal does not hold."""
    previous, checked, after = GENESIS_HASH, 0, 0
    checkpoint = AccessLogCheckpoint.objects.order_by("-through_pk").first()
    if checkpoint is not None:
        previous, after = checkpoint.last_hash, checkpoint.through_pk
    for event in AccessEvent.objects.filter(pk__gt=after).order_by("pk").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return ChainReport(checked, event.pk, "maillon précédent manquant ou modifié")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.pk, "contenu modifié")
        previous, checked = event.hash, checked + 1
    return ChainReport(checked, None)


@transaction.atomic
def access_log_prune(*, before) -> int:
    """Delete the oldest events, those that precede the first event at or after `before`, keeping the
    last event whatever its age (new events chain to it). The hash of the last deleted event is kept
    as a checkpoint, so the rest of the chain still verifies. The append-only triggers are lifted
    for this transaction only (DDL is transactional on SQLite and PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    last_pk = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    first_kept = AccessEvent.objects.filter(occurred_at__gte=before).order_by("pk").values_list("pk", flat=True).first()
    bound = min(first_kept or last_pk or 0, last_pk or 0)
    doomed = AccessEvent.objects.filter(pk__lt=bound)
    through = doomed.order_by("-pk").values_list("pk", "hash").first()
    if through is None:
        return 0
    triggers.drop(connection)
    deleted, _ = doomed.delete()
    triggers.create(connection)
    AccessLogCheckpoint.objects.create(through_pk=through[0], last_hash=through[1], deleted=deleted)
    return deleted

"""Writing and checking the access log."""

from dataclasses import dataclass

from django.db import connection, transaction

from relais.audit.enums import AccessAction, AccessCategory, AccessOutcome
from relais.audit.models import AccessEvent

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
    """Walk the chain in insertion order; report the first event whose seal does not hold."""
    previous, checked = GENESIS_HASH, 0
    for event in AccessEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return ChainReport(checked, event.pk, "maillon précédent manquant ou modifié")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.pk, "contenu modifié")
        previous, checked = event.hash, checked + 1
    return ChainReport(checked, None)

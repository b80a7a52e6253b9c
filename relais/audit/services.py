"""Writing and checking the access log."""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

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


def access_log_verify(anchors: list[dict] | None = None) -> ChainReport:
    """Walk the chain in insertion order, from the last purge's checkpoint if any; report the first
    event whose seal does not hold, then check that every signed head exported since is still in the chain."""
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
    for head in access_log_anchors() if anchors is None else anchors:
        if not hmac.compare_digest(head.get("signature", ""), _sign_head(head)):
            return ChainReport(checked, head.get("event_id"), "signature de l'ancre invalide")
        if after and head["event_id"] <= after:
            # Purged by the retention table: only the checkpoint's own event can still be compared.
            if head["event_id"] == after and head["hash"] != checkpoint.last_hash:
                return ChainReport(checked, head["event_id"], "ancre exportée différente du point de reprise")
            continue
        anchored = AccessEvent.objects.filter(pk=head["event_id"]).values_list("hash", flat=True).first()
        if anchored != head["hash"]:
            return ChainReport(checked, head["event_id"], "ancre exportée absente ou différente de la chaîne")
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


def _sign_head(head: dict) -> str:
    message = json.dumps([head.get("event_id"), head.get("hash"), head.get("at")], ensure_ascii=True)
    return hmac.new(settings.RELAIS_ACCESS_LOG_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def access_log_anchor() -> dict | None:
    """Sign the chain's head (last event id and hash) and append it to RELAIS_ACCESS_LOG_ANCHORS.
    Kept outside the database (copied daily elsewhere), it makes a rewrite of the whole table visible."""
    last = AccessEvent.objects.order_by("-pk").values("pk", "hash").first()
    if last is None:
        return None
    head = {"event_id": last["pk"], "hash": last["hash"], "at": timezone.now().isoformat()}
    head["signature"] = _sign_head(head)
    path = settings.RELAIS_ACCESS_LOG_ANCHORS
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(head) + "\n")
    return head


def access_log_anchors() -> list[dict]:
    path = settings.RELAIS_ACCESS_LOG_ANCHORS
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

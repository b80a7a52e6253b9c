"""Referral transitions: each is dated, attributed and recorded in ReferralTransition."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, DurationField, ExpressionWrapper, F
from django.utils import timezone

from relais.notifications.enums import NotificationKind
from relais.people.enums import ConsentPurpose
from relais.people.services import consent_valid
from relais.referrals.deadlines import expire_before, remind_before
from relais.referrals.enums import OPEN, PENDING, DeclineReason, ReferralStatus
from relais.referrals.models import COMMENT_MAX_LENGTH, Referral, ReferralTransition
from relais.referrals.notices import referral_notify
from relais.structures.models import Structure
from relais.utils.auditing import insert_logged, locked_copy, save_logged
from relais.utils.idempotency import record_once
from relais.utils.rows import insert_row, lock_row

ERROR_NO_CONSENT = (
    "La personne n'a pas donné (ou a retiré) son consentement au partage avec la coordination et les "
    "structures d'accueil : recueillez-le avant d'orienter."
)
ERROR_NO_DESTINATION = "Choisissez une structure ou un type de place."
ERROR_ALREADY_REFERRED = "Une orientation de cette personne vers cette structure est déjà en cours."
ERROR_NOT_PENDING = "Cette orientation n'est plus en attente de réponse."
ERROR_NOT_SENT = "Cette orientation a déjà été prise en compte."
ERROR_NOT_OPEN = "Cette orientation est déjà close."
ERROR_NOT_ACCEPTED = "Seule une orientation acceptée peut donner lieu à une admission."
ERROR_REASON = "Indiquez le motif du refus."
ERROR_HAS_STRUCTURE = "Cette orientation a déjà une structure de destination."
ERROR_MERGED = "Cette fiche a été fusionnée : orientez la personne depuis sa fiche principale."
ERROR_PLACE_TAKEN = "Plus de place libre à {structure} : elle a été prise entre-temps. Choisissez une autre structure."
ERROR_COMMENT_TOO_LONG = "Le commentaire dépasse {max} caractères : raccourcissez-le."

# Apps above plug in what a sent referral ends for them, in the same transaction (orientation: the
# person's wait for that kind of place, relais/orientation/services.py).
REFERRAL_SENT_LISTENERS: list[Callable[[Referral], None]] = []


def _lock(referral: Referral) -> Referral:
    # With what its log entry's label (the structure's name) and its notices (sender, team) read.
    return lock_row(Referral, referral.pk, related=("to_structure", "sent_by"))


def _transition(referral: Referral, status: str, *, by, reason: str = "", at=None) -> None:
    referral.status = status
    insert_row(
        ReferralTransition(
            referral=referral,
            status=status,
            at=at or timezone.now(),
            by=by,
            organization=by.organization if by is not None else None,
            reason=reason,
        )
    )


def referral_send(
    *,
    person,
    by,
    to_structure=None,
    to_kind: str = "",
    contact=None,
    comment: str = "",
    require_free_place: bool = False,
    idempotency_key=None,
) -> Referral:
    """Send a referral; the person must have consented to sharing with coordination and structures.

    `require_free_place`: the sender chose the structure for a free place it was shown; if the
    place was taken meanwhile (a phone's outbox sends later), the referral is refused. With an
    `idempotency_key`, the same submission sent again returns the first referral (`replayed`)."""
    return record_once(
        model=Referral,
        key=idempotency_key,
        owner={"sent_by_id": by.pk, "person_id": person.pk},
        record=lambda: _referral_send(
            person=person,
            by=by,
            to_structure=to_structure,
            to_kind=to_kind,
            contact=contact,
            comment=comment,
            require_free_place=require_free_place,
            idempotency_key=idempotency_key,
        ),
    )


@transaction.atomic
def _referral_send(
    *, person, by, to_structure, to_kind, contact, comment, require_free_place, idempotency_key
) -> Referral:
    if to_structure is None and not to_kind:
        raise ValidationError(ERROR_NO_DESTINATION)
    if person.merged_into_id:
        raise ValidationError(ERROR_MERGED)
    if not consent_valid(person, ConsentPurpose.COORDINATION):
        raise ValidationError(ERROR_NO_CONSENT)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError({"comment": ERROR_COMMENT_TOO_LONG.format(max=COMMENT_MAX_LENGTH)})
    if require_free_place and to_structure is not None and not _has_free_place(to_structure):
        raise ValidationError(ERROR_PLACE_TAKEN.format(structure=to_structure))
    now = timezone.now()
    referral = Referral(
        person=person,
        contact=contact,
        from_organization=by.organization,
        sent_by=by,
        to_structure=to_structure,
        to_kind=to_kind if to_structure is None else to_structure.kind,
        comment=comment,
        sent_at=now,
        idempotency_key=idempotency_key,
    )
    # A unique index refuses it (an open referral of the person to this structure, or the same submission's
    # key): nothing inserted, no savepoint needed to go on and say why.
    if not insert_logged(referral, skip_conflicts=True):
        if idempotency_key and Referral.objects.filter(idempotency_key=idempotency_key).exists():
            # The same submission, recorded meanwhile: record_once returns it.
            raise IntegrityError("idempotency_key")
        raise ValidationError(ERROR_ALREADY_REFERRED)
    _transition(referral, ReferralStatus.SENT, by=by, at=now)
    for listener in REFERRAL_SENT_LISTENERS:
        listener(referral)
    referral_notify(referral, NotificationKind.REFERRAL_ARRIVED)
    return referral


def _has_free_place(structure) -> bool:
    return Structure.objects.filter(pk=structure.pk).with_availability(timezone.localdate()).filter(free__gt=0).exists()


@transaction.atomic
def referral_acknowledge(*, referral: Referral, by) -> Referral:
    referral = _lock(referral)
    before = locked_copy(referral)
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(ERROR_NOT_SENT)
    referral.acknowledged_at = timezone.now()
    _transition(referral, ReferralStatus.ACKNOWLEDGED, by=by, at=referral.acknowledged_at)
    save_logged(referral, before=before, update_fields=["status", "acknowledged_at"])
    return referral


@transaction.atomic
def referral_assign(*, referral: Referral, structure, by) -> Referral:
    """Coordination turns a referral to a kind of place into one to a given structure."""
    referral = _lock(referral)
    if referral.status not in PENDING:
        raise ValidationError(ERROR_NOT_PENDING)
    if referral.to_structure_id:
        raise ValidationError(ERROR_HAS_STRUCTURE)
    referral.to_structure, referral.to_kind = structure, structure.kind
    try:
        with transaction.atomic():
            referral.save(update_fields=["to_structure", "to_kind"])
    except IntegrityError as exc:
        raise ValidationError(ERROR_ALREADY_REFERRED) from exc
    referral_notify(referral, NotificationKind.REFERRAL_ARRIVED)
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, by) -> Referral:
    referral = _lock(referral)
    before = locked_copy(referral)
    if referral.status not in PENDING:
        raise ValidationError(ERROR_NOT_PENDING)
    now = timezone.now()
    referral.acknowledged_at = referral.acknowledged_at or now
    referral.answered_at = now
    _transition(referral, ReferralStatus.ACCEPTED, by=by, at=now)
    save_logged(referral, before=before, update_fields=["status", "acknowledged_at", "answered_at"])
    referral_notify(referral, NotificationKind.REFERRAL_ACCEPTED)
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by, reason: str) -> Referral:
    """Refuse while pending (reason), or after acceptance when the person did not come (no-show…)."""
    if reason not in DeclineReason.values:
        raise ValidationError(ERROR_REASON)
    referral = _lock(referral)
    before = locked_copy(referral)
    if referral.status not in OPEN:
        raise ValidationError(ERROR_NOT_PENDING)
    now = timezone.now()
    referral.acknowledged_at = referral.acknowledged_at or now
    referral.answered_at = referral.answered_at or now
    referral.closed_at = now
    referral.decline_reason = reason
    _transition(referral, ReferralStatus.DECLINED, by=by, reason=reason, at=now)
    save_logged(
        referral,
        before=before,
        update_fields=["status", "acknowledged_at", "answered_at", "closed_at", "decline_reason"],
    )
    referral_notify(referral, NotificationKind.REFERRAL_DECLINED)
    return referral


@transaction.atomic
def referral_cancel(*, referral: Referral, by) -> Referral:
    referral = _lock(referral)
    before = locked_copy(referral)
    if referral.status not in OPEN:
        raise ValidationError(ERROR_NOT_OPEN)
    referral.closed_at = timezone.now()
    _transition(referral, ReferralStatus.CANCELLED, by=by, at=referral.closed_at)
    save_logged(referral, before=before, update_fields=["status", "closed_at"])
    return referral


def referral_mark_admitted(*, referral: Referral, by, at=None) -> Referral:
    """Called by the admission service, inside its transaction (which holds the structure's lock),
    once the stay exists."""
    referral = _lock(referral)
    before = locked_copy(referral)
    if referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError(ERROR_NOT_ACCEPTED)
    referral.admitted_at = at or timezone.now()
    referral.closed_at = referral.admitted_at
    _transition(referral, ReferralStatus.ADMITTED, by=by, at=referral.admitted_at)
    save_logged(referral, before=before, update_fields=["status", "admitted_at", "closed_at"])
    return referral


@transaction.atomic
def referrals_remind_and_expire(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Flag pending referrals unanswered past the reminder delay; expire those past the expiry delay."""
    now = now or timezone.now()
    expired = 0
    for referral in Referral.objects.select_for_update().pending().filter(sent_at__lte=expire_before(now)):
        referral.closed_at = now
        _transition(referral, ReferralStatus.EXPIRED, by=None, at=now)
        referral.save(update_fields=["status", "closed_at"])
        expired += 1
    to_remind = list(
        Referral.objects.pending()
        .filter(sent_at__lte=remind_before(now), reminded_at__isnull=True)
        .select_related("to_structure", "sent_by")
    )
    Referral.objects.filter(pk__in=[r.pk for r in to_remind]).update(reminded_at=now)
    for referral in to_remind:
        referral_notify(referral, NotificationKind.REFERRAL_UNANSWERED)
    return len(to_remind), expired


def waiting_times(referrals=None) -> dict:
    """Average sent → acknowledged and sent → admitted delays, in SQL."""
    referrals = referrals if referrals is not None else Referral.objects.all()

    def delay(end):
        return ExpressionWrapper(F(end) - F("sent_at"), output_field=DurationField())

    return {
        "to_acknowledge": referrals.filter(acknowledged_at__isnull=False).aggregate(v=Avg(delay("acknowledged_at")))[
            "v"
        ],
        "to_admit": referrals.filter(admitted_at__isnull=False).aggregate(v=Avg(delay("admitted_at")))["v"],
    }


def delay_label(delay: datetime.timedelta | None) -> str:
    """« 3 h 20 min », « 2 j 4 h »: a waiting time as people say it."""
    if delay is None:
        return "—"
    minutes = int(delay.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} j {hours} h"
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"

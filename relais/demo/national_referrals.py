"""National referrals with their dated transitions, as the referral services would have written them
(relais/referrals/services.py): sent, acknowledged, accepted, then admitted, declined (a no-show after
acceptance too), cancelled or expired by the job past the expiry delay.

A quarter of them ended in an admission: each of those is the referral of a generated stay (same person,
same structure, admitted at the stay's admission, `stays_stay.referral_id` set). The others go to any
generated structure (or to a kind of place, for coordination to pick), sent between the person's
creation and now. Ids follow the sending time. The most recent ones are still open (sent, acknowledged,
accepted), never two open referrals of one person to one structure.
"""

import datetime
import math
import random

from django.conf import settings
from django.db import connection
from django.utils import timezone

from relais.demo.national_base import (
    BENCH_USERNAME,
    ERROR_NO_NETWORK,
    OPERATOR_PREFIX,
    YEARS,
    GenerationError,
    Loader,
    aware,
    field_organizations,
    foreign_keys_checked_once,
)
from relais.referrals.enums import OPEN, DeclineReason, ReferralStatus
from relais.users.enums import OrganizationKind
from relais.users.models import User

ADMITTED_SHARE = 0.25
# What became of the others, and why the declined were declined.
OUTCOMES = [("declined", 0.42), ("expired", 0.33), ("cancelled", 0.25)]
REASONS = [
    (DeclineReason.NO_PLACE, 0.45),
    (DeclineReason.CRITERIA, 0.2),
    (DeclineReason.PERSON_REFUSED, 0.13),
    (DeclineReason.NO_SHOW, 0.14),
    (DeclineReason.OTHER, 0.08),
]
TO_KIND_SHARE = 0.06  # sent to a kind of place, for coordination to pick a structure
CHUNK = 50_000
HOUR = 3600.0

_GENERATED = "SELECT r.id FROM referrals_referral r JOIN users_user u ON u.id = r.sent_by_id WHERE u.username = %s"
_STRUCTURES = """SELECT s.id, s.kind, s.operator_id FROM structures_structure s
    JOIN users_organization o ON o.id = s.operator_id WHERE o.name LIKE %s ORDER BY s.id"""
_PERSONS = """SELECT p.id, p.created_at FROM people_person p
    JOIN users_organization o ON o.id = p.created_by_organization_id WHERE o.name LIKE %s ORDER BY p.display_code"""
_STAYS = """SELECT st.id, st.person_id, st.structure_id, st.admitted_at FROM stays_stay st
    JOIN structures_structure s ON s.id = st.structure_id JOIN users_organization o ON o.id = s.operator_id
    WHERE o.name LIKE %s AND st.referral_id IS NULL ORDER BY st.id"""
REFERRAL_COLUMNS = [
    "id",
    "person_id",
    "contact_id",
    "from_organization_id",
    "sent_by_id",
    "to_structure_id",
    "to_kind",
    "comment",
    "idempotency_key",
    "status",
    "decline_reason",
    "sent_at",
    "acknowledged_at",
    "answered_at",
    "admitted_at",
    "closed_at",
    "reminded_at",
]
TRANSITION_COLUMNS = ["id", "referral_id", "status", "at", "by_id", "organization_id", "reason"]


def remove_referrals() -> None:
    """The referrals an earlier run wrote (sent by the bench user), their transitions and stay links."""
    params = [BENCH_USERNAME]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE stays_stay SET referral_id = NULL WHERE referral_id IN ({_GENERATED})", params)  # noqa: S608
        cursor.execute(f"DELETE FROM referrals_referraltransition WHERE referral_id IN ({_GENERATED})", params)  # noqa: S608
        cursor.execute(f"DELETE FROM referrals_referral WHERE id IN ({_GENERATED})", params)  # noqa: S608


def _lognormal_hours(rng: random.Random, median: float, sigma: float = 1.0) -> float:
    return rng.lognormvariate(math.log(median), sigma) * HOUR


class _Story:
    """One referral's events (status, time, who: `sender`, `receiver` or None for the job), then its
    fields as of now: the events still to come are left out, so recent referrals stay open."""

    def __init__(self, sent: float):
        self.sent = sent
        self.events = [(ReferralStatus.SENT, sent, "sender")]
        self.reason = ""

    def add(self, status: str, at: float, actor: str | None) -> None:
        self.events.append((status, at, actor))

    def as_of(self, now: float, remind: float) -> dict:
        events = [e for e in self.events if e[1] <= now]
        status = events[-1][0]
        at = {s: t for s, t, _ in events}
        answered = at.get(ReferralStatus.ACCEPTED) or at.get(ReferralStatus.DECLINED)
        closed = events[-1][1] if status not in OPEN else None
        acknowledged = at.get(ReferralStatus.ACKNOWLEDGED) or answered
        # Reminded when still pending past the reminder delay (the job flags it then).
        pending_until = answered or closed or now
        reminded = self.sent + remind if pending_until > self.sent + remind and self.sent + remind <= now else None
        return {
            "status": status,
            "events": events,
            "reason": self.reason if status == ReferralStatus.DECLINED else "",
            "acknowledged": acknowledged,
            "answered": answered,
            "admitted": at.get(ReferralStatus.ADMITTED),
            "closed": closed,
            "reminded": reminded,
        }


def _admitted_story(rng: random.Random, admitted: float, expire: float) -> _Story:
    """Sent, (acknowledged,) accepted before the expiry delay, then the stay's admission."""
    wait = min(max(_lognormal_hours(rng, 18, 0.8), 0.5 * HOUR), 10 * 24 * HOUR)
    answered = admitted - wait
    to_ack = _lognormal_hours(rng, 2)
    to_answer = _lognormal_hours(rng, 3)
    pending = to_ack + to_answer
    if pending > 0.9 * expire:  # answered in time, or the job would have expired it
        to_ack, to_answer = (to_ack * 0.9 * expire / pending, to_answer * 0.9 * expire / pending)
    story = _Story(answered - to_ack - to_answer)
    if rng.random() < 0.9:
        story.add(ReferralStatus.ACKNOWLEDGED, answered - to_ack, "receiver")
    story.add(ReferralStatus.ACCEPTED, answered, "receiver")
    story.add(ReferralStatus.ADMITTED, admitted, "receiver")
    return story


def _other_story(rng: random.Random, sent: float, expire: float) -> _Story:
    story = _Story(sent)
    outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
    ack = sent + min(_lognormal_hours(rng, 3), 0.5 * expire)
    if outcome == "declined":
        reason = rng.choices([r for r, _ in REASONS], weights=[w for _, w in REASONS])[0]
        story.reason = reason
        answered = min(ack + _lognormal_hours(rng, 6), sent + 0.95 * expire)
        if rng.random() < 0.85 or reason == DeclineReason.NO_SHOW:
            story.add(ReferralStatus.ACKNOWLEDGED, ack, "receiver")
        if reason == DeclineReason.NO_SHOW:  # accepted, the person never came
            story.add(ReferralStatus.ACCEPTED, answered, "receiver")
            answered += rng.uniform(24, 96) * HOUR
        story.add(ReferralStatus.DECLINED, answered, "receiver")
    elif outcome == "expired":
        if rng.random() < 0.4:
            story.add(ReferralStatus.ACKNOWLEDGED, ack, "receiver")
        story.add(ReferralStatus.EXPIRED, sent + expire + rng.uniform(0, HOUR), None)
    else:
        cancelled = sent + min(_lognormal_hours(rng, 12), 0.95 * expire)
        if rng.random() < 0.5 and ack < cancelled:
            story.add(ReferralStatus.ACKNOWLEDGED, ack, "receiver")
            if rng.random() < 0.3:
                story.add(ReferralStatus.ACCEPTED, rng.uniform(ack, cancelled), "receiver")
        story.add(ReferralStatus.CANCELLED, cancelled, "sender")
    return story


def _stamp(seconds: float | None) -> datetime.datetime | None:
    return None if seconds is None else datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def write_referrals(*, loader: Loader, count: int, seed: int, user: User) -> dict[str, int]:
    """Replaces the generated referrals by `count` new ones; returns the rows written per table."""
    with (
        foreign_keys_checked_once(loader, ["referrals_referral", "referrals_referraltransition"]),
        foreign_keys_checked_once(loader, ["stays_stay"], to="referrals_referral"),
    ):
        written = _write_referrals(loader=loader, count=count, seed=seed, user=user)
    loader.analyze("referrals_referral", "referrals_referraltransition", "stays_stay")
    return written


def _write_referrals(*, loader: Loader, count: int, seed: int, user: User) -> dict[str, int]:
    rng = random.Random(f"{seed}:referrals")
    remove_referrals()
    senders = field_organizations()
    coordination = next(o for o in senders if o.short_name == "RNGC")
    sender_weights = [3 if o.kind == OrganizationKind.ASSOCIATION else 2 for o in senders]
    like = [f"{OPERATOR_PREFIX}%"]
    structures = loader.fetch(_STRUCTURES, like)
    persons = [(pid, aware(created).timestamp()) for pid, created in loader.fetch(_PERSONS, like)]
    if not structures or not persons:
        raise GenerationError(ERROR_NO_NETWORK)
    stays = loader.fetch(_STAYS, like)
    now_dt = timezone.now()
    now = now_dt.timestamp()
    first = (now_dt - datetime.timedelta(days=365 * YEARS)).timestamp()
    remind = settings.RELAIS_REFERRAL_REMIND_AFTER_HOURS * HOUR
    expire = settings.RELAIS_REFERRAL_EXPIRE_AFTER_HOURS * HOUR
    kind_of = {sid: (kind, operator) for sid, kind, operator in structures}

    # Each referral's sending time first (admitted ones from their stay), so that ids follow it; each
    # referral then draws from a generator of its own, so that the order does not change the draws.
    admitted = min(round(count * ADMITTED_SHARE), len(stays))
    plans = []
    for index in sorted(rng.sample(range(len(stays)), admitted)):
        own = rng.getrandbits(64)
        sent = _admitted_story(random.Random(own), aware(stays[index][3]).timestamp(), expire).sent
        plans.append((sent, index, own))
    for _ in range(count - admitted):
        person = rng.randrange(len(persons))
        created = max(persons[person][1], first)
        sent = rng.uniform(created, now) if created < now else now
        plans.append((sent, -1 - person, rng.getrandbits(64)))
    plans.sort()

    referral_id = loader.next_id("referrals_referral")
    transition_id = loader.next_id("referrals_referraltransition")
    written = {"referrals": 0, "referral_transitions": 0}
    links, open_pairs = [], set()
    for begin in range(0, len(plans), CHUNK):
        referrals, transitions = [], []
        for sent, index, own in plans[begin : begin + CHUNK]:
            draw = random.Random(own)
            if index >= 0:
                stay_id, person, structure, admitted_at = stays[index]
                story = _admitted_story(draw, aware(admitted_at).timestamp(), expire)
                links.append((stay_id, referral_id))
            else:
                person = persons[-1 - index][0]
                story = _other_story(draw, sent, expire)
                structure = draw.choice(structures)[0]
            state = story.as_of(now, remind)
            accepted = ReferralStatus.ACCEPTED in {e[0] for e in state["events"]}
            to_kind_only = index < 0 and not accepted and draw.random() < TO_KIND_SHARE
            if state["status"] in OPEN and (person, structure) in open_pairs:  # one open per person and structure
                if accepted:
                    while (person, structure) in open_pairs:
                        structure = draw.choice(structures)[0]
                else:
                    to_kind_only = True
            if to_kind_only:
                kind, receiver = kind_of[structure][0], coordination.pk
                structure = None
            else:
                kind, receiver = kind_of[structure]
                if state["status"] in OPEN:
                    open_pairs.add((person, structure))
            sender = draw.choices(senders, weights=sender_weights)[0].pk
            referrals.append(
                (
                    referral_id,
                    person,
                    None,
                    sender,
                    user.pk,
                    structure,
                    kind,
                    "",
                    None,
                    state["status"],
                    state["reason"],
                    _stamp(sent),
                    _stamp(state["acknowledged"]),
                    _stamp(state["answered"]),
                    _stamp(state["admitted"]),
                    _stamp(state["closed"]),
                    _stamp(state["reminded"]),
                )
            )
            for status, at, actor in state["events"]:
                organization = {"sender": sender, "receiver": receiver}.get(actor)
                transitions.append(
                    (
                        transition_id,
                        referral_id,
                        status,
                        _stamp(at),
                        user.pk if actor else None,
                        organization,
                        story.reason if status == ReferralStatus.DECLINED else "",
                    )
                )
                transition_id += 1
            referral_id += 1
        written["referrals"] += loader.write("referrals_referral", REFERRAL_COLUMNS, referrals)
        written["referral_transitions"] += loader.write("referrals_referraltransition", TRANSITION_COLUMNS, transitions)
    written["stays_with_referral"] = _link_stays(loader, links)
    loader.reset_sequence("referrals_referral")
    loader.reset_sequence("referrals_referraltransition")
    return written


def _link_stays(loader: Loader, links: list[tuple[int, int]]) -> int:
    """Each admitted referral on its stay (`stays_stay.referral_id`); the capacity trigger watches only
    the exit and the structure, not this column."""
    with connection.cursor() as cursor:
        if loader.postgres:
            cursor.execute("CREATE TEMPORARY TABLE generated_stay_referral (stay_id integer, referral_id integer)")
            loader.write("generated_stay_referral", ["stay_id", "referral_id"], links)
            cursor.execute(
                "UPDATE stays_stay s SET referral_id = g.referral_id FROM generated_stay_referral g WHERE s.id = g.stay_id"
            )
            cursor.execute("DROP TABLE generated_stay_referral")
        else:
            cursor.executemany(
                "UPDATE stays_stay SET referral_id = %s WHERE id = %s", [(ref, stay) for stay, ref in links]
            )
    return len(links)

"""The by-name list: every person with an open referral, or put on the list as waiting for a kind of
place, and no stay; their needs, how long they have waited, and their rank under the prioritisation
rules in force, with the reasons for it."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from relais.orientation.enums import SENIOR_AGE, Criterion, WaitEnd
from relais.orientation.models import PlaceWait, PriorityRules, VulnerabilityFlag
from relais.people.models import Contact, Person
from relais.referrals.enums import OPEN
from relais.referrals.models import Referral
from relais.stays.models import Stay
from relais.structures.enums import StructureKind

DEFAULT_WEIGHTS = {Criterion.WAITING: 2, Criterion.OUTSIDE: 1, Criterion.VULNERABLE: 10, Criterion.AGE: 5}
HISTORY_SHOWN = 5


def default_rules() -> PriorityRules:
    """Version 0, in force until coordination applies a version of its own."""
    return PriorityRules(
        version=0, weights={str(k): v for k, v in DEFAULT_WEIGHTS.items()}, reason="Règles initiales de Relais."
    )


def current_rules() -> PriorityRules:
    return PriorityRules.objects.applied().order_by("-version").first() or default_rules()


@dataclass
class Reason:
    criterion: str
    label: str
    detail: str
    points: int


@dataclass
class Entry:
    person: Person
    kinds: list[str]
    waiting_since: datetime.datetime
    last_contact_at: datetime.datetime | None
    outside_since: datetime.datetime
    referrals: list[Referral]
    waits: list[PlaceWait] = field(default_factory=list)
    # When a soignant flagged the person vulnerable (the flag in force); never why, on the list.
    flagged_at: datetime.datetime | None = None
    kind_codes: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    points: int = 0
    rank: int = 0

    @property
    def waiting_days(self) -> int:
        return max((timezone.now() - self.waiting_since).days, 0)


def waiting_persons(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Persons with an open referral or an open wait for a place, and no open stay, with the dates the
    list needs, in SQL; their referrals and open waits prefetched."""
    # One list of ids (a UNION): an OR of two EXISTS is checked person by person, 6 s on a million persons.
    waiting_ids = (
        Referral.objects.filter(status__in=sorted(OPEN))
        .order_by()
        .values("person_id")
        .union(PlaceWait.objects.open().order_by().values("person_id"))
    )
    flags = VulnerabilityFlag.objects.active().filter(person=OuterRef("pk")).order_by().values("person")
    open_stay = Stay.objects.open().filter(person=OuterRef("pk"))
    stays = Stay.objects.filter(person=OuterRef("pk")).order_by().values("person")
    contacts = Contact.objects.filter(person=OuterRef("pk")).order_by().values("person")
    latest_contact = Contact.objects.filter(person=OuterRef("pk")).order_by("-occurred_at", "-pk")
    return (
        persons.active()
        .filter(pk__in=waiting_ids)
        .exclude(Exists(open_stay))
        .annotate(
            last_admission=Subquery(stays.annotate(v=Max("admitted_at")).values("v")),
            last_exit=Subquery(stays.annotate(v=Max("exited_at")).values("v")),
            first_contact=Subquery(contacts.annotate(v=Min("occurred_at")).values("v")),
            last_contact=Subquery(contacts.annotate(v=Max("occurred_at")).values("v")),
            # Where the person was last met: the distances of the allocation start there.
            last_lat=Subquery(latest_contact.values("latitude")[:1]),
            last_lon=Subquery(latest_contact.values("longitude")[:1]),
            last_cog=Subquery(latest_contact.values("cog")[:1]),
            flagged_at=Subquery(flags.annotate(v=Min("flagged_at")).values("v")),
        )
        .prefetch_related(
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("to_structure").order_by("-sent_at", "-pk"),
                to_attr="history",
            ),
            # Open waits, and those a referral took over (the wait's date still counts).
            Prefetch(
                "place_waits",
                queryset=PlaceWait.objects.filter(Q(ended_at__isnull=True) | Q(end_reason=WaitEnd.REFERRAL)).order_by(
                    "since", "pk"
                ),
                to_attr="counted_waits",
            ),
        )
    )


def _entry(person: Person) -> Entry:
    history, placed = person.history, person.last_admission
    since_placed = [r for r in history if placed is None or r.sent_at > placed]
    waits = [w for w in person.counted_waits if w.ended_at is None]
    # Waiting counts from the first referral since the last admission, or from the wait put on the list
    # before it: an expired referral sent again, or a wait turned into a referral, keeps its place.
    starts = [r.sent_at for r in since_placed] + [
        w.since for w in person.counted_waits if placed is None or w.since > placed
    ]
    waiting_since = min(starts, default=history[-1].sent_at if history else timezone.now())
    kind_codes = sorted({r.to_kind for r in history if r.status in OPEN and r.to_kind} | {w.kind for w in waits})
    outside_since = person.last_exit or person.first_contact or person.created_at
    return Entry(
        person=person,
        kinds=[StructureKind(k).label for k in kind_codes],
        kind_codes=kind_codes,
        waiting_since=waiting_since,
        last_contact_at=person.last_contact,
        outside_since=outside_since,
        referrals=history[:HISTORY_SHOWN],
        waits=waits,
        flagged_at=person.flagged_at,
    )


def score(entry: Entry, rules: PriorityRules, now: datetime.datetime) -> None:
    """Each criterion the rules weigh, with its fact and its points; the sum ranks."""
    reasons = []
    waited = max((now - entry.waiting_since).days // 7, 0)
    outside = min(max((now - entry.outside_since).days // 7, 0), rules.outside_cap_weeks)
    person = entry.person
    facts = {
        Criterion.WAITING: (waited, f"{waited} semaine(s) d'attente"),
        Criterion.OUTSIDE: (outside, f"{outside} semaine(s) dehors (estimées)"),
        # The flag counts as one fact: its reason (read by soignant only) never weighs.
        Criterion.VULNERABLE: (
            int(entry.flagged_at is not None),
            f"signalée vulnérable par un·e soignant·e le {timezone.localtime(entry.flagged_at):%d/%m/%Y}"
            if entry.flagged_at
            else "",
        ),
        Criterion.AGE: (
            int(bool(person.year_of_birth) and now.year - person.year_of_birth >= SENIOR_AGE),
            f"{SENIOR_AGE} ans ou plus",
        ),
    }
    for criterion in Criterion:
        count, detail = facts[criterion]
        points = rules.points(criterion) * count
        if points:
            reasons.append(Reason(criterion, criterion.label, detail, points))
    entry.reasons = reasons
    entry.points = sum(r.points for r in reasons)


def rank(entries: list[Entry], rules: PriorityRules, now: datetime.datetime | None = None) -> list[Entry]:
    """Entries by points, then the longest wait, then the code (a total, repeatable order)."""
    now = now or timezone.now()
    for entry in entries:
        score(entry, rules, now)
    ordered = sorted(entries, key=lambda e: (-e.points, e.waiting_since, e.person.display_code))
    for position, entry in enumerate(ordered, start=1):
        entry.rank = position
    return ordered


def waiting_list(persons: QuerySet[Person], rules: PriorityRules | None = None, now=None) -> list[Entry]:
    """The ranked list (four queries: persons with their dates, their referrals, their waits, the rules)."""
    rules = rules or current_rules()
    return rank([_entry(p) for p in waiting_persons(persons)], rules, now)


@dataclass
class Move:
    entry: Entry
    before: int
    before_points: int


def rules_effect(persons: QuerySet[Person], proposed: PriorityRules, now=None) -> list[Move]:
    """Each person's rank and points under the rules in force and under the proposed ones."""
    now = now or timezone.now()
    entries = [_entry(p) for p in waiting_persons(persons)]
    before = {e.person.pk: (e.rank, e.points) for e in rank(entries, current_rules(), now)}
    return [Move(e, *before[e.person.pk]) for e in rank(entries, proposed, now)]

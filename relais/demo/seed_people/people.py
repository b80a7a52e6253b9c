"""Generated persons, their contacts and consents, referrals in every state and stays, from 2018 to today.

Stays are planned place by place (relais/demo/seed_people/history.py) so that the persons housed in the
dispositif agree with its places open at every date; persons are then drawn for the stays (one stay at a
time each, some coming back), and their contacts, consents, referrals and pathway steps follow their dates.
"""

import datetime
import random
import uuid
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from relais.demo.seed_people.history import (
    CARE_STAYS,
    HOTEL_STAYS,
    HOUSED_ANCHORS,
    OTHER_STAYS,
    SHORT_STAYS,
    PlannedStay,
    assign_persons,
    place_stays,
    scattered_stays,
)
from relais.demo.seed_people.pathways import CARE_ORGS, pathways_create
from relais.demo.seed_people.times import random_time
from relais.demo.seed_people.vocabulary import DESTINATIONS, LANGUAGES, NICKNAMES, site_on
from relais.people.crypto import matching_key
from relais.people.enums import ConsentPurpose, Sex
from relais.people.models import CODE_ALPHABET, Consent, Contact, Person
from relais.referrals.enums import DeclineReason, ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
from relais.stays.models import Stay
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.models import PlaceServicePeriod, Structure
from relais.users.enums import GrantStatus, Role
from relais.users.models import AccessGrant, Organization, User


class ReferralBatch(NamedTuple):
    """Referrals left in `status`, sent between `min_hours` and `max_hours` ago."""

    status: str
    min_hours: int
    max_hours: int


FIRST_DAY = datetime.date(2018, 1, 2)
PERSONS_WITHOUT_STAY = 400  # met and referred, never housed
DECLARED_STAYS = 800  # in the structures whose occupancy is declared (rest spaces, CAARUD…): history only
COMPUTED_KINDS = {StructureKind.HOTEL, StructureKind.LHSS, StructureKind.LAM}
OCCUPANCY = {StructureKind.HOTEL: 0.9, StructureKind.LHSS: 0.85, StructureKind.LAM: 0.8}
FIELD_ORGS = ["Équinoxe", "Le Phare", "Aube Solidaire", "Horizon Nord", "Trait d'Union", "HNEP"]
FIELD_WEIGHTS = [45, 15, 12, 10, 8, 10]


def _field_users(orgs: dict[str, Organization]) -> dict[str, User]:
    """One acting user per organisation: the demo account when there is one, else a team account
    without password (it only signs the generated records)."""
    users = {}
    for short in {*FIELD_ORGS, *CARE_ORGS}:
        org = orgs[short]
        grant = (
            AccessGrant.objects.filter(organization=org, role__in=[Role.MARAUDE, Role.SOIGNANT, Role.OPERATEUR])
            .select_related("user")
            .first()
        )
        if grant:
            users[short] = grant.user
            continue
        user, created = User.objects.get_or_create(
            username=f"equipe-{org.pk}", defaults={"first_name": f"Équipe {short}"}
        )
        if created:
            user.set_unusable_password()
            user.save()
            role = Role.SOIGNANT if org.kind == "hospital" else Role.MARAUDE
            AccessGrant.objects.create(
                user=user,
                organization=org,
                role=role,
                valid_from=datetime.date(2021, 1, 1),
                status=GrantStatus.APPROVED,
            )
        users[short] = user
    return users


def plan_stays(computed, declared, rng: random.Random, today: datetime.date) -> list[PlannedStay]:
    """Every stay from 2018 to today: chains of stays on each place of the computed-mode structures (the
    dispositif's places occupied as the anchors say), scattered closed stays in the declared ones."""
    kinds = {s.pk: s.kind for s in computed}
    in_dispositif = {s.pk for s in computed if s.programme_id and s.programme.group_id}
    periods: dict[tuple[int, int], list] = {}
    rows = (
        PlaceServicePeriod.objects.filter(place__structure__in=computed)
        .order_by("place__structure_id", "place_id", "start")
        .values_list("place__structure_id", "place_id", "start", "end")
    )
    for structure_id, place_id, start, end in rows:
        periods.setdefault((structure_id, place_id), []).append((start, end))
    occupied, vacant = {}, {}
    for anchor in HOUSED_ANCHORS:
        eligible = [
            key
            for key, spans in periods.items()
            if key[0] in in_dispositif and any(s <= anchor.start and (e is None or anchor.end <= e) for s, e in spans)
        ]
        chosen = set(rng.sample(eligible, anchor.persons))
        for key in eligible:
            (occupied if key in chosen else vacant).setdefault(key, []).append(anchor)
    planned = []
    for key, spans in periods.items():
        rule = HOTEL_STAYS if kinds[key[0]] == StructureKind.HOTEL else CARE_STAYS
        stays = place_stays(spans, rule, rng, today, occupied=occupied.get(key, ()), vacant=vacant.get(key, ()))
        planned += [PlannedStay(key[0], key[1], admitted, exited) for admitted, exited in stays]
    for structure in declared:
        rule = SHORT_STAYS if structure.kind in {StructureKind.REST_NIGHT, StructureKind.REST_DAY} else OTHER_STAYS
        share = DECLARED_STAYS // len(declared)
        for admitted, exited in scattered_stays(structure.opened_on or FIRST_DAY, None, share, rule, rng, today):
            planned.append(PlannedStay(structure.pk, None, admitted, exited))
    return planned


def _persons(created_days, users, orgs, rng):
    """One pseudonymous person per creation day (each first met then), a few recorded twice."""
    codes, persons, creators = set(), [], {}
    while len(codes) < len(created_days):
        codes.add("P-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(6)))
    for index, (code, created) in enumerate(zip(sorted(codes), created_days, strict=True)):
        creator = rng.choices(FIELD_ORGS, FIELD_WEIGHTS)[0]
        sex = rng.choices([Sex.MALE, Sex.FEMALE, Sex.OTHER, Sex.UNKNOWN], [74, 22, 1, 3])[0]
        alias = (
            ""
            if rng.random() < 0.2
            else f"{rng.choice(NICKNAMES)}{rng.choice(['', ' ' + rng.choice('ABCDEFGHJKLMNPRST') + '.', ' ' + rng.choice('ABCDEFGHJKLMNPRST') + '.'])}"
        )
        year = rng.randint(1960, 2003) if rng.random() < 0.9 else None
        if index % 37 == 0 and persons:  # the same person recorded again by another team
            twin = persons[rng.randrange(len(persons))]
            alias, year, sex = twin.alias or "Doublon", twin.year_of_birth, twin.sex
        person = Person(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            display_code=code,
            alias=alias,
            year_of_birth=year,
            sex=sex,
            languages=", ".join(sorted({rng.choice(LANGUAGES) for _ in range(rng.randint(1, 2))})),
            need_psychiatric=rng.random() < 0.3,
            need_somatic=rng.random() < 0.35,
            need_mobility=rng.random() < 0.06,
            need_pets=rng.random() < 0.07,
            need_couple=rng.random() < 0.05,
            created_at=random_time(created, rng),
            created_by=users[creator],
            created_by_organization=orgs[creator],
        )
        person.matching_key = matching_key(alias=alias, year_of_birth=year, sex=sex)
        creators[person.id] = creator
        persons.append(person)
    return persons, creators


@transaction.atomic
def seed_people(orgs: dict[str, Organization], rng: random.Random | None = None) -> None:
    if Person.objects.exists():
        return
    rng = rng or random.Random(2022_10_05)
    today = timezone.localdate()
    now = timezone.now()
    users = _field_users(orgs)
    coordination = User.objects.filter(grants__role=Role.COORDINATION).first() or users["Équinoxe"]

    Structure.objects.filter(kind__in=COMPUTED_KINDS).update(availability_mode=AvailabilityMode.COMPUTED)
    computed = list(
        Structure.objects.operating().filter(kind__in=COMPUTED_KINDS).select_related("operator", "programme")
    )
    declared = list(
        Structure.objects.operating()
        .exclude(kind__in=COMPUTED_KINDS)
        .filter(places__isnull=False)
        .distinct()
        .select_related("operator")
    )
    structures = {s.pk: s for s in computed + declared}

    # Stays first, then who stays: persons are created when first met, a few days before a first stay
    planned = plan_stays(computed, declared, rng, today)
    owner, created_days = assign_persons(planned, rng, first_day=FIRST_DAY)
    span = (today - FIRST_DAY).days - 4
    created_days += sorted(
        FIRST_DAY + datetime.timedelta(days=rng.randrange(span)) for _ in range(PERSONS_WITHOUT_STAY)
    )
    persons, creators = _persons(created_days, users, orgs, rng)
    Person.objects.bulk_create(persons, batch_size=500)
    last_seen = {p.id: timezone.localdate(p.created_at) for p in persons}
    for index, stay in enumerate(planned):
        person = persons[owner[index]]
        last_seen[person.id] = max(last_seen[person.id], stay.exited or today)

    # Consents and contacts --------------------------------------------------------------------
    consents, contacts = [], []
    for person in persons:
        creator = creators[person.id]
        created = timezone.localdate(person.created_at)
        if rng.random() < 0.88:
            given = (
                max(created, today - datetime.timedelta(days=rng.randint(10, 330))) if rng.random() < 0.7 else created
            )
            consents.append(
                Consent(
                    person=person,
                    purpose=ConsentPurpose.COORDINATION,
                    given_on=given,
                    expires_on=given + datetime.timedelta(days=365),
                    withdrawn_on=given + datetime.timedelta(days=40)
                    if rng.random() < 0.02 and given < today - datetime.timedelta(days=41)
                    else None,
                    recorded_by=users[creator],
                    organization=orgs[creator],
                )
            )
            if rng.random() < 0.6:
                consents.append(
                    Consent(
                        person=person,
                        purpose=ConsentPurpose.HEALTH,
                        given_on=given,
                        expires_on=given + datetime.timedelta(days=365),
                        recorded_by=users[creator],
                        organization=orgs[creator],
                    )
                )
        followed = max((min(last_seen[person.id], today) - created).days, 1)
        for n in range(rng.choices([1, 2, 3, 4, 6], [40, 30, 15, 10, 5])[0]):
            team = creator if n == 0 or rng.random() < 0.7 else "Équinoxe"
            day = created if n == 0 else created + datetime.timedelta(days=rng.randrange(followed))
            site = site_on(day, rng)
            contacts.append(
                Contact(
                    occurred_at=random_time(day, rng, (18, 23)),
                    organization=orgs[team],
                    recorded_by=users[team],
                    location_label=site.label,
                    cog=site.cog,
                    person=person,
                )
            )
    for _ in range(1500):  # anonymous encounters, counted only
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
        site = site_on(day, rng)
        team = rng.choices(["Équinoxe", "Le Phare", "Aube Solidaire"], [60, 25, 15])[0]
        contacts.append(
            Contact(
                occurred_at=random_time(day, rng, (18, 23)),
                organization=orgs[team],
                recorded_by=users[team],
                location_label=site.label,
                cog=site.cog,
                people_count=rng.randint(1, 8),
            )
        )
    Contact.objects.bulk_create(contacts, batch_size=1000)

    # Stays, most of them through an admitted referral -------------------------------------------
    referrals, stays, transitions = [], [], []

    def referral_for(person, structure, sent, status, **dates):
        creator = creators[person.id]
        referral = Referral(
            person=person,
            from_organization=orgs[creator],
            sent_by=users[creator],
            to_structure=structure,
            to_kind=structure.kind if structure else rng.choice([StructureKind.LHSS, StructureKind.HOTEL]),
            status=status,
            sent_at=sent,
            **dates,
        )
        referrals.append(referral)
        return referral

    open_persons = set()
    for index, plan in enumerate(planned):
        person, structure = persons[owner[index]], structures[plan.structure_id]
        admitted = random_time(plan.admitted, rng, (14, 20))
        exited = random_time(plan.exited, rng, (9, 12)) if plan.exited else None
        if exited is None:
            open_persons.add(person.id)
        referral = None
        if plan.place_id is None or rng.random() < 0.85:
            sent = admitted - datetime.timedelta(hours=rng.randint(3, 72))
            referral = referral_for(
                person,
                structure,
                sent,
                ReferralStatus.ADMITTED,
                acknowledged_at=sent + datetime.timedelta(hours=1),
                answered_at=sent + datetime.timedelta(hours=2),
                admitted_at=admitted,
                closed_at=admitted,
            )
        operator = users.get(structure.operator.short_name, coordination)
        stays.append(
            Stay(
                person=person,
                structure=structure,
                place_id=plan.place_id,
                referral=referral,
                admitted_at=admitted,
                admitted_by=operator,
                exited_at=exited,
                exited_by=operator if exited else None,
                exit_destination=rng.choices([d.destination for d in DESTINATIONS], [d.weight for d in DESTINATIONS])[0]
                if exited
                else "",
            )
        )

    # Referrals in every other state: the pending ones recent, the closed ones over the whole period --------
    candidates = [p for p in persons if p.id not in open_persons and p.created_at < now - datetime.timedelta(days=3)]
    rng.shuffle(candidates)
    targets = [s for s in computed + declared if s.operator.short_name in {"Horizon Nord", "Le Phare", "Trait d'Union"}]
    horizon = [s for s in targets if s.operator.short_name == "Horizon Nord"] or targets
    plan = (
        [ReferralBatch(status=ReferralStatus.SENT, min_hours=0, max_hours=20)] * 14
        + [ReferralBatch(status=ReferralStatus.SENT, min_hours=26, max_hours=40)] * 5  # overdue: flagged in the inbox
        + [ReferralBatch(status=ReferralStatus.ACKNOWLEDGED, min_hours=2, max_hours=20)] * 8
        + [ReferralBatch(status=ReferralStatus.ACCEPTED, min_hours=2, max_hours=30)] * 6
        + [ReferralBatch(status=ReferralStatus.DECLINED, min_hours=48, max_hours=0)] * 400
        + [ReferralBatch(status=ReferralStatus.CANCELLED, min_hours=48, max_hours=0)] * 100
        + [ReferralBatch(status=ReferralStatus.EXPIRED, min_hours=100, max_hours=0)] * 150
    )
    used = set()
    for index, batch in enumerate(plan):
        status, min_h, max_h = batch.status, batch.min_hours, batch.max_hours
        person = candidates[index % len(candidates)]
        structure = rng.choice(horizon if index % 2 == 0 else targets)
        if status in {ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.ACCEPTED}:
            if (person.id, structure.pk) in used:
                continue
            used.add((person.id, structure.pk))
        if max_h:
            sent = max(now - datetime.timedelta(hours=rng.randint(min_h, max_h)), person.created_at)
        else:  # closed long ago or lately: any time while the person was followed
            latest = min(
                now - datetime.timedelta(hours=min_h),
                timezone.make_aware(datetime.datetime.combine(last_seen[person.id], datetime.time(12))),
            )
            window = max((latest - person.created_at).total_seconds(), 3600)
            sent = person.created_at + datetime.timedelta(seconds=rng.uniform(0, window))
        dates = {}
        if status in {ReferralStatus.ACKNOWLEDGED, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}:
            dates["acknowledged_at"] = sent + datetime.timedelta(minutes=rng.randint(20, 600))
        if status in {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}:
            dates["answered_at"] = dates["acknowledged_at"] + datetime.timedelta(minutes=30)
        if status in {ReferralStatus.DECLINED, ReferralStatus.CANCELLED, ReferralStatus.EXPIRED}:
            dates["closed_at"] = sent + datetime.timedelta(hours=2 if status != ReferralStatus.EXPIRED else 72)
        if status == ReferralStatus.SENT and min_h >= 24:
            dates["reminded_at"] = sent + datetime.timedelta(hours=24)
        # Every 17th goes to a kind of place (coordination picks the structure), never once accepted.
        to_kind_only = index % 17 == 0 and status != ReferralStatus.ACCEPTED
        referral = referral_for(person, None if to_kind_only else structure, sent, status, **dates)
        if status == ReferralStatus.DECLINED:
            referral.decline_reason = rng.choices(list(DeclineReason), [45, 20, 15, 15, 5])[0]
    # No referral without the consent to share with coordination and structures (as the service
    # requires): a person referred outside a recorded consent gets one given that day.
    windows = {}
    for consent in consents:
        if consent.purpose == ConsentPurpose.COORDINATION and consent.withdrawn_on is None:
            windows.setdefault(consent.person.id, []).append((consent.given_on, consent.expires_on))
    for referral in referrals:
        day = timezone.localdate(referral.sent_at)
        person = referral.person
        if not any(given <= day < expires for given, expires in windows.get(person.id, [])):
            windows.setdefault(person.id, []).append((day, day + datetime.timedelta(days=365)))
            consents.append(
                Consent(
                    person=person,
                    purpose=ConsentPurpose.COORDINATION,
                    given_on=day,
                    expires_on=day + datetime.timedelta(days=365),
                    recorded_by=referral.sent_by,
                    organization=referral.from_organization,
                )
            )
    Consent.objects.bulk_create(consents, batch_size=1000)
    Referral.objects.bulk_create(referrals, batch_size=500)
    for referral in referrals:
        steps = [(ReferralStatus.SENT, referral.sent_at, referral.sent_by, referral.from_organization)]
        answerer = (
            users.get(referral.to_structure.operator.short_name, coordination)
            if referral.to_structure
            else coordination
        )
        answer_org = referral.to_structure.operator if referral.to_structure else None
        if referral.acknowledged_at:
            steps.append((ReferralStatus.ACKNOWLEDGED, referral.acknowledged_at, answerer, answer_org))
        if referral.status in {ReferralStatus.ACCEPTED, ReferralStatus.ADMITTED} and referral.answered_at:
            steps.append((ReferralStatus.ACCEPTED, referral.answered_at, answerer, answer_org))
        if referral.status == ReferralStatus.ADMITTED:
            steps.append((ReferralStatus.ADMITTED, referral.admitted_at, answerer, answer_org))
        if referral.status == ReferralStatus.DECLINED:
            steps.append((ReferralStatus.DECLINED, referral.closed_at, answerer, answer_org))
        if referral.status == ReferralStatus.CANCELLED:
            steps.append((ReferralStatus.CANCELLED, referral.closed_at, referral.sent_by, referral.from_organization))
        if referral.status == ReferralStatus.EXPIRED:
            steps.append((ReferralStatus.EXPIRED, referral.closed_at, None, None))
        for status, at, by, org in steps:
            transitions.append(
                ReferralTransition(
                    referral=referral,
                    status=status,
                    at=at,
                    by=by,
                    organization=org,
                    reason=referral.decline_reason if status == ReferralStatus.DECLINED else "",
                )
            )
    ReferralTransition.objects.bulk_create(transitions, batch_size=1000)
    Stay.objects.bulk_create(stays, batch_size=500)

    pathways_create(persons, orgs, users, rng, today)

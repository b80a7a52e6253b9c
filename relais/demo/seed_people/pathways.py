"""Pathway steps of the generated persons, with health notes written by the hospitals."""

import datetime
import random

from django.utils import timezone

from relais.demo.seed_people.times import random_time
from relais.demo.seed_people.vocabulary import HEALTH_NOTES
from relais.pathways.enums import StepKind, StepOutcome, StepStatus, sensitivity_of
from relais.pathways.models import HealthNote, PathwayStep
from relais.people.models import Person
from relais.users.models import Organization, User

CARE_ORGS = ["HNEP", "GHP Lutèce", "Équinoxe", "Le Phare"]


def pathways_create(
    persons: list[Person],
    orgs: dict[str, Organization],
    users: dict[str, User],
    rng: random.Random,
    today: datetime.date,
) -> None:
    steps, notes = [], []
    kinds = list(StepKind)
    for person in persons:
        if rng.random() > 0.55:
            continue
        for _ in range(rng.randint(1, 3)):
            org = rng.choice(CARE_ORGS)
            day = timezone.localdate(person.created_at) + datetime.timedelta(days=rng.randint(0, 300))
            if day > today:
                day = today
            done = day < today - datetime.timedelta(days=7)
            kind = rng.choice(kinds)
            steps.append(
                PathwayStep(
                    person=person,
                    kind=kind,
                    sensitivity=sensitivity_of(kind),
                    on=day,
                    organization=orgs[org],
                    recorded_by=users[org],
                    status=rng.choice([StepStatus.DONE, StepStatus.DONE, StepStatus.CANCELLED])
                    if done
                    else rng.choice([StepStatus.PLANNED, StepStatus.IN_PROGRESS]),
                    outcome=rng.choice([o for o in StepOutcome if o]) if done else StepOutcome.NONE,
                )
            )
    PathwayStep.objects.bulk_create(steps, batch_size=1000)
    for step in steps:
        if step.organization.short_name in {"HNEP", "GHP Lutèce"} and rng.random() < 0.3:
            notes.append(
                HealthNote(
                    person=step.person,
                    step=step,
                    written_at=random_time(step.on, rng, (9, 18)),
                    author=step.recorded_by,
                    organization=step.organization,
                    text=rng.choice(HEALTH_NOTES),
                )
            )
    HealthNote.objects.bulk_create(notes, batch_size=1000)

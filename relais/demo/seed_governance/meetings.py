"""The comités since 30 September 2021, their decisions and the actions that carry them out."""

import datetime

from django.db import transaction
from django.utils import timezone

from relais.demo.seed_governance.records import STATE_PARTNERS, ActionRecord, Commitment, D, DecisionRecord
from relais.demo.seed_registry.programmes import DISPOSITIF_CODE
from relais.governance.enums import ActionStatus, CommitmentMode, MeetingKind
from relais.governance.models import Action, Measure, Meeting
from relais.governance.services import decision_record
from relais.structures.models import Programme
from relais.users.models import Organization, User


@transaction.atomic
def seed_meetings(orgs: dict[str, Organization]) -> None:
    if Meeting.objects.exists():
        return
    recorder = User.objects.get(username="comite")
    today = timezone.localdate()
    dispositif = Programme.objects.filter(code=DISPOSITIF_CODE).first()
    measures = {m.code: m for m in Measure.objects.filter(code__startswith="C21-")}
    present = [orgs[s] for s in STATE_PARTNERS]
    first = Meeting.objects.create(
        kind=MeetingKind.INSTITUTIONAL,
        title="Comité institutionnel du plan crack",
        held_on=D(2021, 9, 30),
        agenda="Point de situation ; mesures à court terme et mesures pérennes ; site Forceval.",
        minutes=(
            "Le comité a fait le point sur la situation et arrêté les mesures à déployer : locaux proposés par la "
            "Ville et examinés rapidement par l'État, renforcement très rapide de l'hébergement accompagné, "
            "accompagnement médico-social renforcé, action de police maintenue. Une nouvelle réunion se tiendra "
            "à bref délai."
        ),
    )
    first.organizations.set(present)
    second = Meeting.objects.create(
        kind=MeetingKind.INSTITUTIONAL,
        title="Comité institutionnel du plan crack",
        held_on=D(2022, 1, 20),
        hold_by=D(2021, 12, 31),
        previous=first,
        agenda="Suites du comité du 30 septembre ; hébergement accompagné ; locaux proposés.",
        minutes="Le comité a décidé d'ajouter 70 places d'hébergement accompagné au 1er février 2022.",
    )
    second.organizations.set(present)
    third = Meeting.objects.create(
        kind=MeetingKind.FOLLOW_UP,
        title="Comité de suivi du plan crack",
        held_on=D(2022, 10, 20),
        previous=second,
        agenda="Bilan de l'évacuation du site Forceval ; capacité d'hébergement accompagné.",
        minutes="Extension du dispositif d'hébergement accompagné à 610 places au 1er novembre 2022.",
    )
    third.organizations.set(present)
    upcoming = Meeting.objects.create(
        kind=MeetingKind.FOLLOW_UP,
        title="Comité de suivi du plan crack",
        hold_by=today + datetime.timedelta(days=21),
        previous=third,
        agenda="Suivi des engagements ; propositions de locaux en attente d'avis.",
    )
    upcoming.organizations.set(present)

    decisions = [
        DecisionRecord(
            meeting=first,
            title="Renforcer très rapidement l'hébergement accompagné",
            measures=[measures["C21-5"]],
            commitment=Commitment(
                programme=dispositif, mode=CommitmentMode.SET, places=440, effective_on=D(2021, 12, 15)
            ),
        ),
        DecisionRecord(
            meeting=first,
            title="Examiner rapidement les locaux proposés par la Ville",
            measures=[measures["C21-1"], measures["C21-2"], measures["C21-3"], measures["C21-4"]],
            commitment=None,
        ),
        DecisionRecord(
            meeting=first,
            title="Conforter l'offre sanitaire sur le site Forceval",
            measures=[measures["C21-6"], measures["C21-8"]],
            commitment=None,
        ),
        DecisionRecord(
            meeting=first,
            title="Réunir le comité institutionnel à bref délai",
            measures=[measures["C21-10"]],
            commitment=None,
        ),
        DecisionRecord(
            meeting=second,
            title="+70 places d'hébergement accompagné (objectif porté à 510 places)",
            measures=[measures["C21-5"]],
            commitment=Commitment(programme=dispositif, mode=CommitmentMode.ADD, places=70, effective_on=D(2022, 2, 1)),
        ),
        DecisionRecord(
            meeting=third,
            title="Étendre le dispositif d'hébergement accompagné à 610 places",
            measures=[measures["C21-5"]],
            commitment=Commitment(
                programme=dispositif, mode=CommitmentMode.SET, places=610, effective_on=D(2022, 11, 1)
            ),
        ),
    ]
    by_title = {}
    for decision in decisions:
        kwargs = {}
        if decision.commitment and dispositif is not None:
            kwargs = {
                "programme": decision.commitment.programme,
                "commitment_mode": decision.commitment.mode,
                "places": decision.commitment.places,
                "effective_on": decision.commitment.effective_on,
            }
        by_title[decision.title] = decision_record(
            meeting=decision.meeting, title=decision.title, measures=decision.measures, by=recorder, **kwargs
        )

    actions = [
        ActionRecord(
            title="Transmettre à l'État la liste des locaux mobilisables",
            owner="Ville",
            due_on=D(2021, 10, 31),
            status=ActionStatus.DONE,
            evidence="Liste de six sites transmise le 28/10/2021.",
            done_on=D(2021, 10, 28),
            meeting=first,
            decision="Examiner rapidement les locaux proposés par la Ville",
        ),
        ActionRecord(
            title="Installer une unité de premiers soins sur le site Forceval",
            owner="Équinoxe",
            due_on=D(2021, 10, 15),
            status=ActionStatus.DONE,
            evidence="Unité ouverte, activité quotidienne déclarée dans Relais.",
            done_on=D(2021, 10, 1),
            meeting=first,
            decision="Conforter l'offre sanitaire sur le site Forceval",
        ),
        ActionRecord(
            title="Ouvrir 70 chambres supplémentaires en hôtel",
            owner="Horizon Nord",
            due_on=D(2022, 2, 1),
            status=ActionStatus.DONE,
            evidence="Sept hôtels conventionnés au 1er février 2022 : 510 places ouvertes.",
            done_on=D(2022, 2, 1),
            meeting=second,
            decision="+70 places d'hébergement accompagné (objectif porté à 510 places)",
        ),
        ActionRecord(
            title="Présenter au comité le bilan de l'hébergement accompagné",
            owner="Horizon Nord",
            due_on=D(2022, 10, 15),
            status=ActionStatus.DONE,
            evidence="Bilan présenté au comité de suivi du 20/10/2022.",
            done_on=D(2022, 10, 20),
            meeting=second,
            decision=None,
        ),
        ActionRecord(
            title="Identifier des lits d'aval psychiatrique avec les hôpitaux",
            owner="GHP Lutèce",
            due_on=D(2025, 6, 30),
            status=ActionStatus.IN_PROGRESS,
            evidence="",
            done_on=None,
            meeting=third,
            decision=None,
        ),
        ActionRecord(
            title="Publier le bilan chiffré partagé du plan",
            owner="Préfecture",
            due_on=today - datetime.timedelta(days=10),
            status=ActionStatus.TODO,
            evidence="",
            done_on=None,
            meeting=third,
            decision=None,
        ),
        ActionRecord(
            title="Rendre les avis de l'État sur les locaux en attente",
            owner="ARS IDF",
            due_on=today + datetime.timedelta(days=14),
            status=ActionStatus.IN_PROGRESS,
            evidence="",
            done_on=None,
            meeting=third,
            decision=None,
        ),
        ActionRecord(
            title="Fixer la date du prochain comité de suivi",
            owner="Préfecture",
            due_on=today + datetime.timedelta(days=7),
            status=ActionStatus.TODO,
            evidence="",
            done_on=None,
            meeting=third,
            decision=None,
        ),
    ]
    for action in actions:
        Action.objects.create(
            title=action.title,
            owner=orgs[action.owner],
            due_on=action.due_on,
            status=action.status,
            evidence=action.evidence,
            done_on=action.done_on,
            meeting=action.meeting,
            decision=by_title.get(action.decision),
            measure=by_title[action.decision].measures.first() if action.decision else None,
        )

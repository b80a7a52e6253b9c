"""Demo plans, measures, comité meetings, decisions, actions and premises proposals (idempotent).

Modelled on the public record: the 2019-2021 plan (4 axes, 33 actions, 19 done by June 2021) and
the comité institutionnel of 30 September 2021 (reference/communique-2021-10-01-comite-plan-crack.txt).
Titles are paraphrases; every proposal, address and figure below is generated, not a real file.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from relais.governance.enums import ActionStatus, CommitmentMode, MeasureStatus, MeetingKind
from relais.governance.models import Action, Axis, Measure, MeasureBudget, Meeting, Plan
from relais.governance.services import decision_record, measure_target_set
from relais.premises.enums import BlockerKind, Opinion, ProposalStatus
from relais.premises.models import PremisesBlocker, PremisesProposal, PremisesReview
from relais.premises.services import document_attach
from relais.structures.enums import StructureKind
from relais.structures.models import Programme, Structure
from relais.users.models import Organization, User

D = datetime.date
JUNE_2021 = D(2021, 6, 30)

PLAN_2019_AXES = [
    (1, "Accompagner les usagers de crack et leur entourage"),
    (2, "Héberger et offrir des espaces de repos"),
    (3, "Intervenir dans l'espace public et apaiser les quartiers"),
    (4, "Observer, connaître et coordonner l'action"),
]
# (axis, title, lead short name, done?) — 33 actions, 19 done by June 2021.
PLAN_2019_MEASURES = [
    (1, "Renforcer les maraudes d'aller-vers sur les lieux de consommation", "ARS IDF", True),
    (1, "Étendre les horaires d'ouverture des CAARUD du nord-est parisien", "ARS IDF", True),
    (1, "Distribuer du matériel de réduction des risques adapté au crack", "ARS IDF", True),
    (1, "Créer une équipe mobile psychiatrie précarité dédiée", "ARS IDF", False),
    (1, "Faciliter l'accès aux droits et à la couverture maladie", "Préfecture", True),
    (1, "Former les professionnels de premier recours au repérage", "ARS IDF", True),
    (1, "Développer l'accompagnement des femmes consommatrices", "Ville", False),
    (1, "Ouvrir des consultations avancées en addictologie", "ARS IDF", True),
    (1, "Accompagner l'entourage et les familles", "Ville", False),
    (1, "Proposer des parcours d'insertion par l'activité", "Préfecture", False),
    (2, "Porter l'hébergement accompagné de 60 à 200 places", "Préfecture", True),
    (2, "Ouvrir un espace de repos de jour", "ARS IDF", True),
    (2, "Ouvrir un espace de repos de nuit", "ARS IDF", False),
    (2, "Créer des places de lits halte soins santé dédiées", "ARS IDF", False),
    (2, "Mobiliser des logements d'insertion en sortie d'hébergement", "Préfecture", True),
    (2, "Identifier des locaux mobilisables avec la Ville", "Ville", True),
    (2, "Organiser l'orientation vers les places disponibles", "Préfecture", True),
    (2, "Adapter l'accueil des personnes avec animaux", "Ville", False),
    (2, "Structurer le suivi sanitaire dans les hôtels", "ARS IDF", True),
    (3, "Sécuriser les abords des lieux d'accueil", "PP", True),
    (3, "Démanteler les points de revente", "PP", True),
    (3, "Renforcer le nettoyage de l'espace public", "Ville", True),
    (3, "Installer des équipements de réduction des risques sur l'espace public", "Ville", False),
    (3, "Associer les riverains par des comités de quartier", "Ville", False),
    (3, "Coordonner les interventions police et médico-sociales", "PP", True),
    (3, "Éviter la reconstitution de scènes ouvertes", "PP", False),
    (4, "Mettre en place un observatoire des usages de crack", "MILDECA", True),
    (4, "Réunir un comité de suivi trimestriel", "Préfecture", True),
    (4, "Produire un tableau de bord partagé du plan", "Préfecture", False),
    (4, "Évaluer le dispositif d'hébergement accompagné", "MILDECA", False),
    (4, "Soutenir la recherche sur les traitements du crack", "MILDECA", True),
    (4, "Partager les données d'activité entre partenaires", "ARS IDF", False),
    (4, "Publier un bilan annuel du plan", "Préfecture", False),
]
# Not done by June 2021 and since dropped (the others are still open, hence late).
ABANDONED_2019 = {"Proposer des parcours d'insertion par l'activité", "Accompagner l'entourage et les familles"}

COMMUNIQUE_AXES = [
    (1, "Lieux de prise en charge des consommateurs"),
    (2, "Hébergement accompagné (ASSORE et PHASE)"),
    (3, "Accompagnement médico-social"),
    (4, "Court terme : site Forceval et sécurité"),
]
# (code, axis, title, lead, status, done_on, due_on, targets [(indicator, [(date, value)])])
COMMUNIQUE_MEASURES = [
    (
        "C21-1",
        1,
        "Proposer des locaux pour une prise en charge adaptée des consommateurs",
        "Ville",
        MeasureStatus.IN_PROGRESS,
        None,
        D(2026, 12, 31),
        [("premises_proposals", [(D(2022, 12, 31), 5), (D(2026, 12, 31), 10)])],
    ),
    (
        "C21-2",
        1,
        "Ouvrir des espaces de repos de jour et de nuit complémentaires",
        "ARS IDF",
        MeasureStatus.IN_PROGRESS,
        None,
        D(2026, 12, 31),
        [("places_open_rest", [(D(2022, 3, 31), 100), (D(2027, 6, 30), 200)])],
    ),
    (
        "C21-3",
        1,
        "Développer des places de lits halte soins santé et de lits d'accueil médicalisés",
        "ARS IDF",
        MeasureStatus.IN_PROGRESS,
        None,
        D(2027, 6, 30),
        [("places_open_medical", [(D(2022, 12, 31), 40), (D(2027, 6, 30), 90)])],
    ),
    (
        "C21-4",
        1,
        "Rouvrir le CAARUD du 18e arrondissement",
        "ARS IDF",
        MeasureStatus.DONE,
        D(2022, 4, 4),
        D(2022, 6, 30),
        [("places_open_caarud", [(D(2022, 6, 30), 35)])],
    ),
    (
        "C21-5",
        2,
        "Renforcer très rapidement l'hébergement accompagné ASSORE et PHASE",
        "Préfecture",
        MeasureStatus.IN_PROGRESS,
        None,
        D(2026, 12, 31),
        [
            ("places_open_programmes", [(D(2021, 10, 1), 400), (D(2022, 2, 1), 510), (D(2022, 11, 1), 610)]),
            ("places_open_assore", [(D(2022, 2, 1), 510)]),
        ],
    ),
    (
        "C21-6",
        3,
        "Renforcer la réponse sanitaire sur les sites de consommation",
        "ARS IDF",
        MeasureStatus.IN_PROGRESS,
        None,
        D(2026, 12, 31),
        [("places_open_onsite_care", [(D(2022, 1, 1), 6)]), ("onsite_acts", [(D(2022, 1, 1), 4000)])],
    ),
    (
        "C21-7",
        3,
        "Développer des parcours comportant une réponse psychiatrique avec des ressources hospitalières",
        "ARS IDF",
        MeasureStatus.IN_PROGRESS,
        None,
        D(2025, 12, 31),
        [("places_open_psychiatry", [(D(2022, 6, 30), 10), (D(2025, 12, 31), 30)])],
    ),
    (
        "C21-8",
        4,
        "Conforter l'offre sanitaire et de premiers soins sur le site Forceval",
        "ARS IDF",
        MeasureStatus.DONE,
        D(2021, 10, 15),
        D(2021, 10, 31),
        [("onsite_acts", [(D(2021, 10, 31), 4000)])],
    ),
    (
        "C21-9",
        4,
        "Maintenir une action forte de police sur Forceval et les sites historiques",
        "PP",
        MeasureStatus.IN_PROGRESS,
        None,
        D(2026, 12, 31),
        [("security_operations", [(D(2021, 12, 31), 4)]), ("operation_kitchens_dismantled", [(D(2022, 6, 30), 2)])],
    ),
    (
        "C21-10",
        4,
        "Réunir à nouveau le comité institutionnel à bref délai",
        "Préfecture",
        MeasureStatus.DONE,
        D(2022, 1, 20),
        D(2021, 12, 31),
        [],
    ),
]
STATE_PARTNERS = ["Préfecture", "PP", "ARS IDF", "MILDECA", "Ville"]


def seed_governance(orgs: dict[str, Organization], rng: random.Random) -> None:
    _seed_plans(orgs, rng)
    _seed_meetings(orgs)
    _seed_premises(orgs)


@transaction.atomic
def _seed_plans(orgs, rng):
    if Plan.objects.exists():
        return
    plan = Plan.objects.create(
        name="Plan de mobilisation coordonnée sur la problématique du crack à Paris 2019-2021",
        short_name="Plan crack 2019-2021",
        adopted_on=D(2019, 5, 27),
        starts_on=D(2019, 5, 27),
        ends_on=D(2021, 12, 31),
        description="Signé le 27 mai 2019 par l'État, la Ville de Paris, l'ARS et la MILDECA : 33 actions en 4 axes.",
    )
    axes = {n: Axis.objects.create(plan=plan, number=n, title=t) for n, t in PLAN_2019_AXES}
    counters = dict.fromkeys(axes, 0)
    for axis, title, lead, done in PLAN_2019_MEASURES:
        counters[axis] += 1
        due = D(2021, 12, 31) if counters[axis] % 3 == 0 else D(2020, 12, 31)
        if done:
            status, done_on = MeasureStatus.DONE, D(2019, 9, 1) + datetime.timedelta(days=rng.randint(0, 600))
        elif title in ABANDONED_2019:
            status, done_on = MeasureStatus.ABANDONED, None
        else:
            status, done_on = MeasureStatus.IN_PROGRESS, None
        measure = Measure.objects.create(
            code=f"P19-{axis}.{counters[axis]}",
            title=title,
            axis=axes[axis],
            lead_organization=orgs[lead],
            starts_on=D(2019, 5, 27),
            due_on=due,
            status=status,
            done_on=min(done_on, JUNE_2021) if done_on else None,
        )
        measure.partners.set([orgs[p] for p in rng.sample(STATE_PARTNERS, 2) if p != lead])
        # About €9M committed over the plan, more than €24M spent (Cour des comptes, December 2021).
        for year in (2019, 2020, 2021):
            committed = Decimal(rng.randint(60, 120) * 1000)
            MeasureBudget.objects.create(
                measure=measure, year=year, committed=committed, spent=committed * Decimal(rng.choice([2, 3, 3, 4]))
            )
        if title.startswith("Porter l'hébergement accompagné"):
            measure_target_set(
                measure=measure, indicator_code="places_open_programmes", due_on=D(2021, 12, 31), value=200
            )
        if title == "Ouvrir un espace de repos de nuit":
            measure_target_set(
                measure=measure, indicator_code="places_open_rest_night", due_on=D(2021, 6, 30), value=40
            )

    roadmap = Plan.objects.create(
        name="Mesures du comité institutionnel du 30 septembre 2021",
        short_name="Comité du 30/09/2021",
        adopted_on=D(2021, 9, 30),
        starts_on=D(2021, 9, 30),
        description="Les mesures annoncées par le communiqué du 1er octobre 2021.",
    )
    axes = {n: Axis.objects.create(plan=roadmap, number=n, title=t) for n, t in COMMUNIQUE_AXES}
    for code, axis, title, lead, status, done_on, due_on, targets in COMMUNIQUE_MEASURES:
        measure = Measure.objects.create(
            code=code,
            title=title,
            axis=axes[axis],
            lead_organization=orgs[lead],
            starts_on=D(2021, 9, 30),
            due_on=due_on,
            status=status,
            done_on=done_on,
        )
        measure.partners.set([orgs[p] for p in STATE_PARTNERS if p != lead][:3])
        for indicator, values in targets:
            for due, value in values:
                measure_target_set(measure=measure, indicator_code=indicator, due_on=due, value=value)


@transaction.atomic
def _seed_meetings(orgs):
    if Meeting.objects.exists():
        return
    recorder = User.objects.get(username="comite")
    today = timezone.localdate()
    assore = Programme.objects.filter(code="assore").first()
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
        minutes="Le comité a décidé d'ajouter 70 places ASSORE au 1er février 2022.",
    )
    second.organizations.set(present)
    third = Meeting.objects.create(
        kind=MeetingKind.FOLLOW_UP,
        title="Comité de suivi du plan crack",
        held_on=D(2022, 10, 20),
        previous=second,
        agenda="Bilan de l'évacuation du site Forceval ; capacité d'hébergement accompagné.",
        minutes="Extension du dispositif ASSORE à 610 places au 1er novembre 2022.",
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
        (
            first,
            "Renforcer très rapidement l'hébergement accompagné",
            [measures["C21-5"]],
            (assore, CommitmentMode.SET, 400, D(2021, 9, 30)),
        ),
        (
            first,
            "Examiner rapidement les locaux proposés par la Ville",
            [measures["C21-1"], measures["C21-2"], measures["C21-3"], measures["C21-4"]],
            None,
        ),
        (first, "Conforter l'offre sanitaire sur le site Forceval", [measures["C21-6"], measures["C21-8"]], None),
        (first, "Réunir le comité institutionnel à bref délai", [measures["C21-10"]], None),
        (
            second,
            "+70 places ASSORE (objectif porté à 510 places)",
            [measures["C21-5"]],
            (assore, CommitmentMode.SET, 510, D(2022, 2, 1)),
        ),
        (
            third,
            "Étendre le dispositif ASSORE à 610 places",
            [measures["C21-5"]],
            (assore, CommitmentMode.SET, 610, D(2022, 11, 1)),
        ),
    ]
    by_title = {}
    for meeting, title, linked, commitment in decisions:
        kwargs = {}
        if commitment and assore is not None:
            programme, mode, places, effective_on = commitment
            kwargs = {"programme": programme, "commitment_mode": mode, "places": places, "effective_on": effective_on}
        by_title[title] = decision_record(meeting=meeting, title=title, measures=linked, by=recorder, **kwargs)

    actions = [
        (
            "Transmettre à l'État la liste des locaux mobilisables",
            "Ville",
            D(2021, 10, 31),
            ActionStatus.DONE,
            "Liste de six sites transmise le 28/10/2021.",
            D(2021, 10, 28),
            first,
            "Examiner rapidement les locaux proposés par la Ville",
        ),
        (
            "Installer une unité de premiers soins sur le site Forceval",
            "Équinoxe",
            D(2021, 10, 15),
            ActionStatus.DONE,
            "Unité ouverte, activité quotidienne déclarée dans Relais.",
            D(2021, 10, 1),
            first,
            "Conforter l'offre sanitaire sur le site Forceval",
        ),
        (
            "Ouvrir 70 chambres supplémentaires en hôtel",
            "Horizon Nord",
            D(2022, 2, 1),
            ActionStatus.DONE,
            "Onze hôtels conventionnés au 1er février 2022.",
            D(2022, 2, 1),
            second,
            "+70 places ASSORE (objectif porté à 510 places)",
        ),
        (
            "Présenter au comité le bilan de l'hébergement accompagné",
            "Horizon Nord",
            D(2022, 10, 15),
            ActionStatus.DONE,
            "Bilan présenté au comité de suivi du 20/10/2022.",
            D(2022, 10, 20),
            second,
            None,
        ),
        (
            "Identifier des lits d'aval psychiatrique avec les hôpitaux",
            "GHP Lutèce",
            D(2025, 6, 30),
            ActionStatus.IN_PROGRESS,
            "",
            None,
            third,
            None,
        ),
        (
            "Publier le bilan chiffré partagé du plan",
            "Préfecture",
            today - datetime.timedelta(days=10),
            ActionStatus.TODO,
            "",
            None,
            third,
            None,
        ),
        (
            "Rendre les avis de l'État sur les locaux en attente",
            "ARS IDF",
            today + datetime.timedelta(days=14),
            ActionStatus.IN_PROGRESS,
            "",
            None,
            third,
            None,
        ),
        (
            "Fixer la date du prochain comité de suivi",
            "Préfecture",
            today + datetime.timedelta(days=7),
            ActionStatus.TODO,
            "",
            None,
            third,
            None,
        ),
    ]
    for title, owner, due_on, status, evidence, done_on, meeting, decision in actions:
        Action.objects.create(
            title=title,
            owner=orgs[owner],
            due_on=due_on,
            status=status,
            evidence=evidence,
            done_on=done_on,
            meeting=meeting,
            decision=by_title.get(decision),
            measure=by_title[decision].measures.first() if decision else None,
        )


@transaction.atomic
def _seed_premises(orgs):
    if PremisesProposal.objects.exists():
        return
    today = timezone.localdate()
    ville = User.objects.get(username="ville")
    reviewers = {
        "PP": User.objects.get(username="police"),
        "ARS IDF": User.objects.get(username="coordination"),
        "Préfecture": User.objects.get(username="comite"),
    }
    caarud = Structure.objects.filter(name="CAARUD du 18e").first()

    def days_ago(n):
        return today - datetime.timedelta(days=n)

    # (name, address, cog, m², kind, capacity, proposed days ago, status, reviews, reason, structure)
    proposals = [
        (
            "Ancien centre de loisirs rue Riquet",
            "12 rue Riquet, 75019 Paris",
            "75119",
            420,
            StructureKind.REST_NIGHT,
            40,
            8,
            ProposalStatus.PROPOSED,
            {},
            "",
        ),
        (
            "Local associatif boulevard de la Chapelle",
            "80 boulevard de la Chapelle, 75018 Paris",
            "75118",
            260,
            StructureKind.REST_DAY,
            25,
            45,
            ProposalStatus.EXAMINATION,
            {"PP": Opinion.RESERVED},
            "",
        ),
        (
            "Pavillon rue de l'Évangile",
            "30 rue de l'Évangile, 75018 Paris",
            "75118",
            600,
            StructureKind.LHSS,
            20,
            120,
            ProposalStatus.RETAINED,
            {"PP": Opinion.FAVOURABLE, "ARS IDF": Opinion.FAVOURABLE, "Préfecture": Opinion.FAVOURABLE},
            "",
        ),
        (
            "Ancien bureau de poste avenue de Flandre",
            "95 avenue de Flandre, 75019 Paris",
            "75119",
            750,
            StructureKind.LAM,
            25,
            300,
            ProposalStatus.WORKS,
            {"PP": Opinion.FAVOURABLE, "ARS IDF": Opinion.FAVOURABLE, "Préfecture": Opinion.RESERVED},
            "",
        ),
        (
            "Ancienne crèche rue Curial",
            "40 rue Curial, 75019 Paris",
            "75119",
            180,
            StructureKind.REST_DAY,
            15,
            200,
            ProposalStatus.SET_ASIDE,
            {"PP": Opinion.UNFAVOURABLE, "ARS IDF": Opinion.RESERVED},
            "Surface insuffisante et accès impossible aux personnes à mobilité réduite.",
        ),
        (
            "Rez-de-chaussée rue Ordener",
            "110 rue Ordener, 75018 Paris",
            "75118",
            300,
            StructureKind.CAARUD,
            20,
            D(2021, 10, 20),
            ProposalStatus.OPENED,
            {"PP": Opinion.FAVOURABLE, "ARS IDF": Opinion.FAVOURABLE, "Préfecture": Opinion.FAVOURABLE},
            "",
        ),
        (
            "Entrepôt quai de la Seine",
            "60 quai de la Seine, 75019 Paris",
            "75119",
            900,
            StructureKind.REST_NIGHT,
            60,
            400,
            ProposalStatus.ABANDONED,
            {"ARS IDF": Opinion.RESERVED},
            "Le propriétaire a retiré les locaux avant la décision.",
        ),
    ]
    for name, address, cog, surface, kind, capacity, ago, status, reviews, reason in proposals:
        proposed_on = ago if isinstance(ago, datetime.date) else days_ago(ago)
        if status == ProposalStatus.OPENED and caarud is None:
            status = ProposalStatus.WORKS
        proposal = PremisesProposal.objects.create(
            name=name,
            address=address,
            cog=cog,
            surface_m2=surface,
            intended_kind=kind,
            capacity=capacity,
            available_from=proposed_on + datetime.timedelta(days=60),
            owner="Ville de Paris",
            proposed_by=orgs["Ville"],
            created_by=ville,
            proposed_on=proposed_on,
            response_due_on=proposed_on + datetime.timedelta(days=30),
            status=status,
            status_changed_on=min(today, proposed_on + datetime.timedelta(days=40)),
            decision_reason=reason,
            structure=caarud if status == ProposalStatus.OPENED else None,
        )
        if status == ProposalStatus.OPENED:
            proposal.status_changed_on = caarud.opened_on or proposal.status_changed_on
            proposal.save(update_fields=["status_changed_on"])
        for offset, (org, opinion) in enumerate(reviews.items()):
            PremisesReview.objects.create(
                proposal=proposal,
                organization=orgs[org],
                author=reviewers[org],
                opinion=opinion,
                comments="" if opinion == Opinion.FAVOURABLE else "Réserve sur l'insertion dans le quartier.",
                given_on=min(today, proposed_on + datetime.timedelta(days=10 + 5 * offset)),
            )
        if status == ProposalStatus.RETAINED:
            document_attach(
                proposal=proposal,
                upload=SimpleUploadedFile("plan-des-locaux.pdf", _demo_pdf(name)),
                title="Plan des locaux (document de démonstration)",
                by=ville,
            )
        if status == ProposalStatus.WORKS:
            PremisesBlocker.objects.create(
                proposal=proposal,
                kind=BlockerKind.STAFF,
                description="Recrutement de l'équipe soignante de nuit en cours (deux postes infirmiers vacants).",
                raised_on=days_ago(60),
                raised_by=reviewers["ARS IDF"],
            )
            PremisesBlocker.objects.create(
                proposal=proposal,
                kind=BlockerKind.NEIGHBOURHOOD,
                description="Réunion publique avec le conseil de quartier à organiser.",
                raised_on=days_ago(90),
                resolved_on=days_ago(30),
                raised_by=ville,
            )


def _demo_pdf(title: str) -> bytes:
    """A one-page PDF saying what it is: enough to show the document flow in the demo."""
    text = (
        f"Relais - document de demonstration : {title}".encode("latin-1", "replace")
        .replace(b"(", b"[")
        .replace(b")", b"]")
    )
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)

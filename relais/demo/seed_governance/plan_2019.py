"""The 2019-2021 plan: 4 axes, 33 actions, 19 done by June 2021."""

import datetime
import random
from decimal import Decimal

from relais.demo.seed_governance.records import STATE_PARTNERS, AxisRecord, D, PlanMeasure
from relais.governance.enums import MeasureStatus
from relais.governance.models import Axis, Measure, MeasureBudget, Plan
from relais.governance.services import measure_target_set
from relais.users.models import Organization

JUNE_2021 = D(2021, 6, 30)

PLAN_2019_AXES = [
    AxisRecord(number=1, title="Accompagner les usagers de crack et leur entourage"),
    AxisRecord(number=2, title="Héberger et offrir des espaces de repos"),
    AxisRecord(number=3, title="Intervenir dans l'espace public et apaiser les quartiers"),
    AxisRecord(number=4, title="Observer, connaître et coordonner l'action"),
]
# 33 actions, 19 done by June 2021.
PLAN_2019_MEASURES = [
    PlanMeasure(
        axis=1, title="Renforcer les maraudes d'aller-vers sur les lieux de consommation", lead="ARS IDF", done=True
    ),
    PlanMeasure(
        axis=1, title="Étendre les horaires d'ouverture des CAARUD du nord-est parisien", lead="ARS IDF", done=True
    ),
    PlanMeasure(
        axis=1, title="Distribuer du matériel de réduction des risques adapté au crack", lead="ARS IDF", done=True
    ),
    PlanMeasure(axis=1, title="Créer une équipe mobile psychiatrie précarité dédiée", lead="ARS IDF", done=False),
    PlanMeasure(axis=1, title="Faciliter l'accès aux droits et à la couverture maladie", lead="Préfecture", done=True),
    PlanMeasure(axis=1, title="Former les professionnels de premier recours au repérage", lead="ARS IDF", done=True),
    PlanMeasure(axis=1, title="Développer l'accompagnement des femmes consommatrices", lead="Ville", done=False),
    PlanMeasure(axis=1, title="Ouvrir des consultations avancées en addictologie", lead="ARS IDF", done=True),
    PlanMeasure(axis=1, title="Accompagner l'entourage et les familles", lead="Ville", done=False),
    PlanMeasure(axis=1, title="Proposer des parcours d'insertion par l'activité", lead="Préfecture", done=False),
    PlanMeasure(axis=2, title="Porter l'hébergement accompagné de 60 à 200 places", lead="Préfecture", done=True),
    PlanMeasure(axis=2, title="Ouvrir un espace de repos de jour", lead="ARS IDF", done=True),
    PlanMeasure(axis=2, title="Ouvrir un espace de repos de nuit", lead="ARS IDF", done=False),
    PlanMeasure(axis=2, title="Créer des places de lits halte soins santé dédiées", lead="ARS IDF", done=False),
    PlanMeasure(
        axis=2, title="Mobiliser des logements d'insertion en sortie d'hébergement", lead="Préfecture", done=True
    ),
    PlanMeasure(axis=2, title="Identifier des locaux mobilisables avec la Ville", lead="Ville", done=True),
    PlanMeasure(axis=2, title="Organiser l'orientation vers les places disponibles", lead="Préfecture", done=True),
    PlanMeasure(axis=2, title="Adapter l'accueil des personnes avec animaux", lead="Ville", done=False),
    PlanMeasure(axis=2, title="Structurer le suivi sanitaire dans les hôtels", lead="ARS IDF", done=True),
    PlanMeasure(axis=3, title="Sécuriser les abords des lieux d'accueil", lead="PP", done=True),
    PlanMeasure(axis=3, title="Démanteler les points de revente", lead="PP", done=True),
    PlanMeasure(axis=3, title="Renforcer le nettoyage de l'espace public", lead="Ville", done=True),
    PlanMeasure(
        axis=3, title="Installer des équipements de réduction des risques sur l'espace public", lead="Ville", done=False
    ),
    PlanMeasure(axis=3, title="Associer les riverains par des comités de quartier", lead="Ville", done=False),
    PlanMeasure(axis=3, title="Coordonner les interventions police et médico-sociales", lead="PP", done=True),
    PlanMeasure(axis=3, title="Éviter la reconstitution de scènes ouvertes", lead="PP", done=False),
    PlanMeasure(axis=4, title="Mettre en place un observatoire des usages de crack", lead="MILDECA", done=True),
    PlanMeasure(axis=4, title="Réunir un comité de suivi trimestriel", lead="Préfecture", done=True),
    PlanMeasure(axis=4, title="Produire un tableau de bord partagé du plan", lead="Préfecture", done=False),
    PlanMeasure(axis=4, title="Évaluer le dispositif d'hébergement accompagné", lead="MILDECA", done=False),
    PlanMeasure(axis=4, title="Soutenir la recherche sur les traitements du crack", lead="MILDECA", done=True),
    PlanMeasure(axis=4, title="Partager les données d'activité entre partenaires", lead="ARS IDF", done=False),
    PlanMeasure(axis=4, title="Publier un bilan annuel du plan", lead="Préfecture", done=False),
]
# Not done by June 2021 and since dropped (the others are still open, hence late).
ABANDONED_2019 = {"Proposer des parcours d'insertion par l'activité", "Accompagner l'entourage et les familles"}


def plan_2019_create(orgs: dict[str, Organization], rng: random.Random) -> None:
    plan = Plan.objects.create(
        name="Plan de mobilisation coordonnée sur la problématique du crack à Paris 2019-2021",
        short_name="Plan crack 2019-2021",
        adopted_on=D(2019, 5, 27),
        starts_on=D(2019, 5, 27),
        ends_on=D(2021, 12, 31),
        description="Signé le 27 mai 2019 par l'État, la Ville de Paris, l'ARS et la MILDECA : 33 actions en 4 axes.",
    )
    axes = {a.number: Axis.objects.create(plan=plan, number=a.number, title=a.title) for a in PLAN_2019_AXES}
    counters = dict.fromkeys(axes, 0)
    for record in PLAN_2019_MEASURES:
        axis, title, lead = record.axis, record.title, record.lead
        counters[axis] += 1
        due = D(2021, 12, 31) if counters[axis] % 3 == 0 else D(2020, 12, 31)
        if record.done:
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

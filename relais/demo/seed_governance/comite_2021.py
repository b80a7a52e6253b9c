"""The measures of the comité institutionnel of 30 September 2021 (communiqué of 1 October 2021)."""

from relais.demo.seed_governance.records import STATE_PARTNERS, AxisRecord, ComiteMeasure, D, Target, TargetValue
from relais.governance.enums import MeasureStatus
from relais.governance.models import Axis, Measure, Plan
from relais.governance.services import measure_target_set
from relais.users.models import Organization

COMMUNIQUE_AXES = [
    AxisRecord(number=1, title="Lieux de prise en charge des consommateurs"),
    AxisRecord(number=2, title="Hébergement accompagné (ASSORE et PHASE)"),
    AxisRecord(number=3, title="Accompagnement médico-social"),
    AxisRecord(number=4, title="Court terme : site Forceval et sécurité"),
]
COMMUNIQUE_MEASURES = [
    ComiteMeasure(
        code="C21-1",
        axis=1,
        title="Proposer des locaux pour une prise en charge adaptée des consommateurs",
        lead="Ville",
        status=MeasureStatus.IN_PROGRESS,
        done_on=None,
        due_on=D(2026, 12, 31),
        targets=[
            Target(
                indicator="premises_proposals",
                values=[TargetValue(due_on=D(2022, 12, 31), value=5), TargetValue(due_on=D(2026, 12, 31), value=10)],
            )
        ],
    ),
    ComiteMeasure(
        code="C21-2",
        axis=1,
        title="Ouvrir des espaces de repos de jour et de nuit complémentaires",
        lead="ARS IDF",
        status=MeasureStatus.IN_PROGRESS,
        done_on=None,
        due_on=D(2026, 12, 31),
        targets=[
            Target(
                indicator="places_open_rest",
                values=[TargetValue(due_on=D(2022, 3, 31), value=100), TargetValue(due_on=D(2027, 6, 30), value=200)],
            )
        ],
    ),
    ComiteMeasure(
        code="C21-3",
        axis=1,
        title="Développer des places de lits halte soins santé et de lits d'accueil médicalisés",
        lead="ARS IDF",
        status=MeasureStatus.IN_PROGRESS,
        done_on=None,
        due_on=D(2027, 6, 30),
        targets=[
            Target(
                indicator="places_open_medical",
                values=[TargetValue(due_on=D(2022, 12, 31), value=40), TargetValue(due_on=D(2027, 6, 30), value=90)],
            )
        ],
    ),
    ComiteMeasure(
        code="C21-4",
        axis=1,
        title="Rouvrir le CAARUD du 18e arrondissement",
        lead="ARS IDF",
        status=MeasureStatus.DONE,
        done_on=D(2022, 4, 4),
        due_on=D(2022, 6, 30),
        targets=[Target(indicator="places_open_caarud", values=[TargetValue(due_on=D(2022, 6, 30), value=35)])],
    ),
    ComiteMeasure(
        code="C21-5",
        axis=2,
        title="Renforcer très rapidement l'hébergement accompagné ASSORE et PHASE",
        lead="Préfecture",
        status=MeasureStatus.IN_PROGRESS,
        done_on=None,
        due_on=D(2026, 12, 31),
        targets=[
            Target(
                indicator="places_open_programmes",
                values=[
                    TargetValue(due_on=D(2021, 10, 1), value=400),
                    TargetValue(due_on=D(2022, 2, 1), value=510),
                    TargetValue(due_on=D(2022, 11, 1), value=610),
                ],
            ),
        ],
    ),
    ComiteMeasure(
        code="C21-6",
        axis=3,
        title="Renforcer la réponse sanitaire sur les sites de consommation",
        lead="ARS IDF",
        status=MeasureStatus.IN_PROGRESS,
        done_on=None,
        due_on=D(2026, 12, 31),
        targets=[
            Target(indicator="places_open_onsite_care", values=[TargetValue(due_on=D(2022, 1, 1), value=6)]),
            Target(indicator="onsite_acts", values=[TargetValue(due_on=D(2022, 1, 1), value=4000)]),
        ],
    ),
    ComiteMeasure(
        code="C21-7",
        axis=3,
        title="Développer des parcours comportant une réponse psychiatrique avec des ressources hospitalières",
        lead="ARS IDF",
        status=MeasureStatus.IN_PROGRESS,
        done_on=None,
        due_on=D(2025, 12, 31),
        targets=[
            Target(
                indicator="places_open_psychiatry",
                values=[TargetValue(due_on=D(2022, 6, 30), value=10), TargetValue(due_on=D(2025, 12, 31), value=30)],
            )
        ],
    ),
    ComiteMeasure(
        code="C21-8",
        axis=4,
        title="Conforter l'offre sanitaire et de premiers soins sur le site Forceval",
        lead="ARS IDF",
        status=MeasureStatus.DONE,
        done_on=D(2021, 10, 15),
        due_on=D(2021, 10, 31),
        targets=[Target(indicator="onsite_acts", values=[TargetValue(due_on=D(2021, 10, 31), value=4000)])],
    ),
    ComiteMeasure(
        code="C21-9",
        axis=4,
        title="Maintenir une action forte de police sur Forceval et les sites historiques",
        lead="PP",
        status=MeasureStatus.IN_PROGRESS,
        done_on=None,
        due_on=D(2026, 12, 31),
        targets=[
            Target(indicator="security_operations", values=[TargetValue(due_on=D(2021, 12, 31), value=4)]),
            Target(indicator="operation_kitchens_dismantled", values=[TargetValue(due_on=D(2022, 6, 30), value=2)]),
        ],
    ),
    ComiteMeasure(
        code="C21-10",
        axis=4,
        title="Réunir à nouveau le comité institutionnel à bref délai",
        lead="Préfecture",
        status=MeasureStatus.DONE,
        done_on=D(2022, 1, 20),
        due_on=D(2021, 12, 31),
        targets=[],
    ),
]


def comite_2021_create(orgs: dict[str, Organization]) -> None:
    roadmap = Plan.objects.create(
        name="Mesures du comité institutionnel du 30 septembre 2021",
        short_name="Comité du 30/09/2021",
        adopted_on=D(2021, 9, 30),
        starts_on=D(2021, 9, 30),
        description="Les mesures annoncées par le communiqué du 1er octobre 2021.",
    )
    axes = {a.number: Axis.objects.create(plan=roadmap, number=a.number, title=a.title) for a in COMMUNIQUE_AXES}
    for record in COMMUNIQUE_MEASURES:
        measure = Measure.objects.create(
            code=record.code,
            title=record.title,
            axis=axes[record.axis],
            lead_organization=orgs[record.lead],
            starts_on=D(2021, 9, 30),
            due_on=record.due_on,
            status=record.status,
            done_on=record.done_on,
        )
        measure.partners.set([orgs[p] for p in STATE_PARTNERS if p != record.lead][:3])
        for target in record.targets:
            for value in target.values:
                measure_target_set(
                    measure=measure, indicator_code=target.indicator, due_on=value.due_on, value=value.value
                )

"""The public sequence of the consumption sites: where, when they appeared and were dismantled,
the evacuations and where people went, the services installed."""

import datetime

from relais.demo.seed_sites.records import (
    DestinationRecord,
    DisplacementRecord,
    ServiceRecord,
    SiteRecord,
    StatusRecord,
)
from relais.sites.enums import Destination, DisplacementKind, ServiceKind, SiteKind, SiteStatus

D = datetime.date

SITES = [
    SiteRecord(
        name="Colline de la Chapelle",
        kind=SiteKind.HISTORIC,
        cog="75118",
        latitude=48.8990,
        longitude=2.3640,
        description="Talus entre la porte de la Chapelle et le boulevard périphérique",
    ),
    SiteRecord(
        name="Place de la Bataille-de-Stalingrad",
        kind=SiteKind.HISTORIC,
        cog="75119",
        latitude=48.8843,
        longitude=2.3699,
        description="Place et abords de la rotonde, quai de Seine",
    ),
    SiteRecord(
        name="Jardins d'Éole",
        kind=SiteKind.OPEN_SCENE,
        cog="75118",
        latitude=48.8868,
        longitude=2.3626,
        description="Jardin public, côté rue d'Aubervilliers",
    ),
    SiteRecord(
        name="Forceval / place Auguste-Baron",
        kind=SiteKind.OPEN_SCENE,
        cog="75119",
        latitude=48.8985,
        longitude=2.3885,
        description="Rue Forceval et square entre la porte de la Villette et le boulevard périphérique",
    ),
    SiteRecord(
        name="Porte d'Aubervilliers",
        kind=SiteKind.OTHER,
        cog="75119",
        latitude=48.9020,
        longitude=2.3700,
        description="Abords de la porte et du tramway",
    ),
    SiteRecord(
        name="Porte de la Chapelle — abords du périphérique",
        kind=SiteKind.OPEN_SCENE,
        cog="75118",
        latitude=48.8993,
        longitude=2.3590,
        description="Sous les bretelles du boulevard périphérique",
    ),
]
LIFECYCLE = [
    StatusRecord(
        site="Colline de la Chapelle",
        day=D(2018, 1, 1),
        status=SiteStatus.APPEARED,
        decision="Site historique, occupé avant 2018",
    ),
    StatusRecord(
        site="Colline de la Chapelle",
        day=D(2019, 6, 27),
        status=SiteStatus.DISMANTLED,
        decision="Évacuation décidée par le préfet de police",
    ),
    StatusRecord(site="Colline de la Chapelle", day=D(2019, 7, 15), status=SiteStatus.APPEARED, decision=""),
    StatusRecord(
        site="Colline de la Chapelle",
        day=D(2019, 11, 6),
        status=SiteStatus.DISMANTLED,
        decision="Évacuation et travaux de fermeture du talus",
    ),
    StatusRecord(
        site="Place de la Bataille-de-Stalingrad", day=D(2019, 11, 7), status=SiteStatus.APPEARED, decision=""
    ),
    StatusRecord(
        site="Place de la Bataille-de-Stalingrad",
        day=D(2021, 5, 17),
        status=SiteStatus.DISMANTLED,
        decision="Évacuation de la place",
    ),
    StatusRecord(site="Jardins d'Éole", day=D(2021, 5, 17), status=SiteStatus.APPEARED, decision=""),
    StatusRecord(
        site="Jardins d'Éole",
        day=D(2021, 5, 20),
        status=SiteStatus.TOLERATED,
        decision="Décision conjointe préfecture de police et Ville de Paris : accueil dans le jardin",
    ),
    StatusRecord(
        site="Jardins d'Éole",
        day=D(2021, 9, 24),
        status=SiteStatus.DISMANTLED,
        decision="Évacuation du jardin vers la rue Forceval",
    ),
    StatusRecord(
        site="Forceval / place Auguste-Baron",
        day=D(2021, 9, 24),
        status=SiteStatus.ASSIGNED,
        decision="Décision du préfet de police du 24/09/2021 : regroupement rue Forceval",
    ),
    StatusRecord(
        site="Forceval / place Auguste-Baron",
        day=D(2022, 10, 5),
        status=SiteStatus.DISMANTLED,
        decision="Évacuation du site décidée par le préfet de police",
    ),
    StatusRecord(site="Porte d'Aubervilliers", day=D(2022, 10, 6), status=SiteStatus.APPEARED, decision=""),
    StatusRecord(
        site="Porte d'Aubervilliers",
        day=D(2023, 6, 20),
        status=SiteStatus.DISMANTLED,
        decision="Évacuation des abords de la porte",
    ),
    StatusRecord(
        site="Porte de la Chapelle — abords du périphérique",
        day=D(2022, 10, 10),
        status=SiteStatus.APPEARED,
        decision="",
    ),
]
DISPLACEMENTS = [
    DisplacementRecord(
        site="Colline de la Chapelle",
        day=D(2019, 6, 27),
        kind=DisplacementKind.EVACUATION,
        decision="Évacuation décidée par le préfet de police",
        destinations=[
            DestinationRecord(
                destination=Destination.ASSORE_PHASE, structure="ASSORE — hébergement accompagné en hôtel", people=42
            ),
            DestinationRecord(destination=Destination.HOSPITAL, structure=None, people=5),
            DestinationRecord(destination=Destination.REFUSED, structure=None, people=28),
            DestinationRecord(destination=Destination.UNKNOWN, structure=None, people=55),
        ],
        reappeared_at=["Colline de la Chapelle"],
    ),
    DisplacementRecord(
        site="Colline de la Chapelle",
        day=D(2019, 11, 6),
        kind=DisplacementKind.EVACUATION,
        decision="Évacuation et travaux de fermeture du talus",
        destinations=[
            DestinationRecord(
                destination=Destination.ASSORE_PHASE, structure="ASSORE — hébergement accompagné en hôtel", people=35
            ),
            DestinationRecord(destination=Destination.OTHER_STRUCTURE, structure="CSAPA Gare du Nord", people=6),
            DestinationRecord(destination=Destination.REFUSED, structure=None, people=30),
            DestinationRecord(destination=Destination.UNKNOWN, structure=None, people=49),
        ],
        reappeared_at=["Place de la Bataille-de-Stalingrad"],
    ),
    DisplacementRecord(
        site="Place de la Bataille-de-Stalingrad",
        day=D(2021, 5, 17),
        kind=DisplacementKind.EVACUATION,
        decision="Évacuation de la place",
        destinations=[
            DestinationRecord(
                destination=Destination.ASSORE_PHASE, structure="ASSORE — hébergement accompagné en hôtel", people=18
            ),
            DestinationRecord(
                destination=Destination.REST_SPACE, structure="Espace de repos de jour Chapelle", people=9
            ),
            DestinationRecord(destination=Destination.UNKNOWN, structure=None, people=63),
        ],
        reappeared_at=["Jardins d'Éole"],
    ),
    DisplacementRecord(
        site="Jardins d'Éole",
        day=D(2021, 9, 24),
        kind=DisplacementKind.EVACUATION,
        decision="Évacuation du jardin vers la rue Forceval",
        destinations=[
            DestinationRecord(
                destination=Destination.ASSORE_PHASE, structure="ASSORE — hébergement accompagné en hôtel", people=24
            ),
            DestinationRecord(destination=Destination.HOSPITAL, structure=None, people=3),
            DestinationRecord(destination=Destination.REFUSED, structure=None, people=35),
            DestinationRecord(destination=Destination.UNKNOWN, structure=None, people=58),
        ],
        reappeared_at=["Forceval / place Auguste-Baron"],
    ),
    DisplacementRecord(
        site="Forceval / place Auguste-Baron",
        day=D(2022, 10, 5),
        kind=DisplacementKind.EVACUATION,
        decision="Évacuation du site décidée par le préfet de police",
        destinations=[
            DestinationRecord(
                destination=Destination.REST_SPACE, structure="Espace de repos de nuit Porte de la Villette", people=37
            ),
            DestinationRecord(
                destination=Destination.ASSORE_PHASE, structure="ASSORE — hébergement accompagné en hôtel", people=18
            ),
            DestinationRecord(
                destination=Destination.HOSPITAL, structure="Unité psychiatrique d'accueil Lutèce", people=6
            ),
            DestinationRecord(destination=Destination.REFUSED, structure=None, people=41),
            DestinationRecord(destination=Destination.UNKNOWN, structure=None, people=48),
        ],
        reappeared_at=["Porte d'Aubervilliers", "Porte de la Chapelle — abords du périphérique"],
    ),
    DisplacementRecord(
        site="Porte d'Aubervilliers",
        day=D(2023, 6, 20),
        kind=DisplacementKind.SHELTERING,
        decision="Mise à l'abri coordonnée par la préfecture",
        destinations=[
            DestinationRecord(destination=Destination.REST_SPACE, structure="Espace de repos de nuit Rosa", people=14),
            DestinationRecord(
                destination=Destination.ASSORE_PHASE, structure="ASSORE — hébergement accompagné en hôtel", people=11
            ),
            DestinationRecord(destination=Destination.UNKNOWN, structure=None, people=20),
        ],
        reappeared_at=["Porte de la Chapelle — abords du périphérique"],
    ),
]
SERVICES = [
    ServiceRecord(
        site="Jardins d'Éole",
        kind=ServiceKind.WATER,
        structure=None,
        installed_on=D(2021, 6, 1),
        removed_on=D(2021, 9, 24),
    ),
    ServiceRecord(
        site="Forceval / place Auguste-Baron",
        kind=ServiceKind.WATER,
        structure=None,
        installed_on=D(2021, 10, 1),
        removed_on=D(2022, 10, 5),
    ),
    ServiceRecord(
        site="Forceval / place Auguste-Baron",
        kind=ServiceKind.TOILETS,
        structure=None,
        installed_on=D(2021, 10, 1),
        removed_on=D(2022, 10, 5),
    ),
    ServiceRecord(
        site="Forceval / place Auguste-Baron",
        kind=ServiceKind.CARE_UNIT,
        structure="Unité de soins Forceval",
        installed_on=D(2021, 10, 5),
        removed_on=D(2022, 10, 5),
    ),
    ServiceRecord(
        site="Porte de la Chapelle — abords du périphérique",
        kind=ServiceKind.CARE_UNIT,
        structure="Unité de soins mobile Porte de la Chapelle",
        installed_on=D(2022, 10, 10),
        removed_on=None,
    ),
]

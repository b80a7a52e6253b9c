"""What the generated person records are drawn from: nicknames, places of contact, exits."""

import datetime
import random
from typing import NamedTuple

from relais.stays.enums import ExitDestination


class ContactSite(NamedTuple):
    label: str
    cog: str


class WeightedDestination(NamedTuple):
    destination: str
    weight: int


NICKNAMES = [
    "Bébert",
    "Mimi",
    "Tonton",
    "Le Grand",
    "Petit Lu",
    "Jojo",
    "Nono",
    "Fanfan",
    "Doudou",
    "Kiki",
    "Le Prof",
    "Titi",
    "Lolo",
    "Momo",
    "Zaza",
    "Pépé",
    "La Brune",
    "Le Breton",
    "Coco",
    "Riri",
    "Gigi",
    "Dédé",
    "Fifi",
    "Loulou",
    "Nanou",
    "Pipo",
    "Le Marin",
    "Chouchou",
    "Bibi",
    "Kader",
    "Sissi",
    "Tintin",
    "Yoyo",
    "Le Rouquin",
    "Malou",
    "Juju",
    "Toto",
    "Lili",
    "Popeye",
    "Nina",
]
LANGUAGES = ["français", "français", "français", "arabe", "anglais", "wolof", "roumain", "tamoul", "russe"]
SITES = [
    ContactSite(label="Jardins d'Éole", cog="75118"),
    ContactSite(label="Porte de la Villette", cog="75119"),
    ContactSite(label="Place de la Bataille-de-Stalingrad", cog="75119"),
    ContactSite(label="Rue Riquet", cog="75118"),
    ContactSite(label="Square Forceval", cog="75119"),
    ContactSite(label="Place Auguste-Baron", cog="75119"),
    ContactSite(label="Colline de la Chapelle", cog="75118"),
    ContactSite(label="Gare du Nord", cog="75110"),
    ContactSite(label="Porte d'Aubervilliers", cog="75119"),
    ContactSite(label="Boulevard de la Chapelle", cog="75118"),
]


class ContactEra(NamedTuple):
    """Where the outreach teams met people until `until` (excluded), as the scènes moved."""

    until: datetime.date
    sites: list[str]


CONTACT_ERAS = [
    ContactEra(
        until=datetime.date(2019, 11, 7),
        sites=["Colline de la Chapelle", "Porte de la Villette", "Rue Riquet", "Boulevard de la Chapelle"],
    ),
    ContactEra(
        until=datetime.date(2021, 5, 17),
        sites=["Place de la Bataille-de-Stalingrad", "Rue Riquet", "Gare du Nord", "Porte de la Villette"],
    ),
    ContactEra(
        until=datetime.date(2021, 9, 24),
        sites=["Jardins d'Éole", "Rue Riquet", "Place de la Bataille-de-Stalingrad"],
    ),
    ContactEra(
        until=datetime.date(2022, 10, 5),
        sites=["Square Forceval", "Place Auguste-Baron", "Porte de la Villette"],
    ),
    ContactEra(
        until=datetime.date.max,
        sites=["Porte d'Aubervilliers", "Porte de la Villette", "Gare du Nord", "Boulevard de la Chapelle"],
    ),
]


def site_on(day: datetime.date, rng: random.Random) -> ContactSite:
    """A place of contact where the scène was on `day`."""
    era = next(e for e in CONTACT_ERAS if day < e.until)
    label = rng.choice(era.sites)
    return next(site for site in SITES if site.label == label)


HEALTH_NOTES = [
    "Évaluation réalisée ; suivi proposé, à revoir dans quinze jours.",
    "Traitement en cours bien toléré selon la personne ; prochain rendez-vous fixé.",
    "Plaie suivie en consultation infirmière ; évolution favorable.",
    "Orientation vers une consultation spécialisée acceptée par la personne.",
    "Rendez-vous manqué ; nouvelle proposition faite lors de la maraude.",
]
DESTINATIONS = [
    WeightedDestination(destination=ExitDestination.HOUSING, weight=10),
    WeightedDestination(destination=ExitDestination.INSERTION, weight=14),
    WeightedDestination(destination=ExitDestination.HOSPITAL, weight=8),
    WeightedDestination(destination=ExitDestination.PSYCHIATRY, weight=6),
    WeightedDestination(destination=ExitDestination.ADDICTION_CARE, weight=9),
    WeightedDestination(destination=ExitDestination.PRISON, weight=3),
    WeightedDestination(destination=ExitDestination.STREET, weight=20),
    WeightedDestination(destination=ExitDestination.OTHER_STRUCTURE, weight=10),
    WeightedDestination(destination=ExitDestination.LOST, weight=18),
    WeightedDestination(destination=ExitDestination.DEATH, weight=2),
]

"""What the generated person records are drawn from: nicknames, places of contact, exits."""

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

"""The public part of the registry in the data·inclusion schema (v1), read by DORA, Soliguide and others.

Only open structures that coordination has not withdrawn from publication; never an occupancy or any
person-derived figure. One service per structure: what the structure offers, by kind.
"""

import csv
import io

from django.utils import timezone

from relais.structures.enums import StructureKind, StructureStatus
from relais.structures.models import Structure
from relais.utils.spreadsheets import safe_cell

SOURCE = "relais-plan-crack-paris"

# kind -> (service name, description, service type, thematiques)
SERVICES = {
    StructureKind.REST_DAY: (
        "Accueil de jour et repos",
        "Espace de repos de jour pour les consommateurs de crack : accueil inconditionnel, repos, hygiène, collation et orientation vers le soin.",
        "aide-materielle",
        ["sante--addictions", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    ),
    StructureKind.REST_NIGHT: (
        "Accueil de nuit et repos",
        "Espace de repos de nuit pour les consommateurs de crack : mise à l'abri pour la nuit, hygiène, collation et orientation vers le soin.",
        "aide-materielle",
        ["sante--addictions", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    ),
    StructureKind.HOTEL: (
        "Hébergement accompagné",
        "Chambres d'hôtel avec accompagnement sanitaire et social, sur orientation des équipes du plan crack.",
        "accompagnement",
        ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire", "sante--addictions"],
    ),
    StructureKind.LHSS: (
        "Lits halte soins santé",
        "Hébergement temporaire avec soins médicaux pour des personnes sans domicile dont l'état de santé le nécessite.",
        "accompagnement",
        ["sante--acces-aux-soins", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    ),
    StructureKind.LAM: (
        "Lits d'accueil médicalisés",
        "Accueil médicalisé durable de personnes sans domicile atteintes de pathologies chroniques.",
        "accompagnement",
        ["sante--acces-aux-soins"],
    ),
    StructureKind.CAARUD: (
        "Réduction des risques",
        "Accueil, matériel de réduction des risques, accès aux droits et aux soins pour les usagers de drogues.",
        "aide-materielle",
        ["sante--addictions"],
    ),
    StructureKind.CSAPA: (
        "Soins en addictologie",
        "Consultations, accompagnement et traitements en addictologie, dont les traitements de substitution.",
        "accompagnement",
        ["sante--addictions"],
    ),
    StructureKind.HSA: (
        "Halte soins addictions",
        "Espace de consommation à moindre risque avec accompagnement sanitaire et social.",
        "accompagnement",
        ["sante--addictions"],
    ),
    StructureKind.ONSITE_CARE: (
        "Soins sur site",
        "Premiers soins, soins infirmiers et matériel de réduction des risques sur les lieux de consommation.",
        "aide-materielle",
        ["sante--acces-aux-soins", "sante--addictions"],
    ),
    StructureKind.EMPP: (
        "Psychiatrie de rue",
        "Équipe mobile psychiatrie précarité : évaluation et orientation psychiatrique des personnes à la rue.",
        "accompagnement",
        ["sante--sante-mentale"],
    ),
    StructureKind.PSYCHIATRY: (
        "Accueil psychiatrique",
        "Capacité d'accueil psychiatrique hospitalière mobilisée pour les parcours du plan crack.",
        "accompagnement",
        ["sante--sante-mentale"],
    ),
    StructureKind.CHRS: (
        "Hébergement et réinsertion",
        "Hébergement avec accompagnement social vers l'insertion et le logement.",
        "accompagnement",
        ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    ),
}
PUBLICS = ["personnes-en-situation-durgence"]


def published_structures():
    return (
        Structure.objects.filter(is_public=True)
        .exclude(status=StructureStatus.CLOSED)
        .select_related("operator")
        .order_by("pk")
    )


def _postal_code(cog: str) -> str | None:
    # A Paris arrondissement's postal code is 750xx for COG 751xx (the 16th also has 75116).
    return f"750{cog[-2:]}" if cog.startswith("751") else None


def _place(structure) -> dict:
    return {
        "commune": "Paris" if structure.cog.startswith("751") else None,
        "code_postal": _postal_code(structure.cog),
        "code_insee": structure.cog,
        "adresse": structure.address,
        "longitude": structure.longitude,
        "latitude": structure.latitude,
    }


def structure_record(structure) -> dict:
    return {
        "source": SOURCE,
        "id": f"{SOURCE}--{structure.pk}",
        "nom": structure.name.rstrip("."),
        "date_maj": timezone.localdate(structure.updated_at).isoformat(),
        "siret": structure.operator.siret or None,
        **_place(structure),
        "horaires_accueil": structure.opening_hours or None,
    }


def service_record(structure) -> dict:
    name, description, kind, thematiques = SERVICES[structure.kind]
    return {
        "source": SOURCE,
        "structure_id": f"{SOURCE}--{structure.pk}",
        "id": f"{SOURCE}--{structure.pk}--{structure.kind}",
        "nom": name,
        "description": description,
        "date_maj": timezone.localdate(structure.updated_at).isoformat(),
        "type": kind,
        "thematiques": thematiques,
        "frais": "gratuit",
        "publics": PUBLICS,
        **_place(structure),
        "modes_accueil": ["en-presentiel"],
        "horaires_accueil": structure.opening_hours or None,
    }


def structures_export() -> list[dict]:
    return [structure_record(s) for s in published_structures()]


def services_export() -> list[dict]:
    return [service_record(s) for s in published_structures()]


def as_csv(records: list[dict]) -> str:
    """Lists become comma-separated values, as data·inclusion's CSV files do."""
    if not records:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    for record in records:
        writer.writerow({key: _csv_value(value) for key, value in record.items()})
    return out.getvalue()


def _csv_value(value):
    if isinstance(value, list):
        return ",".join(value)
    return "" if value is None else safe_cell(value)

"""French labels of dimension values, one query per dimension shown (never one per row)."""

from relais.indicators.enums import Dimension
from relais.pathways.enums import StepKind
from relais.referrals.enums import DeclineReason
from relais.stays.enums import ExitDestination
from relais.structures.enums import StructureKind
from relais.structures.models import Programme, Structure
from relais.users.models import Organization
from relais.utils.identifiers import cog_label

NO_PROGRAMME = "Hors programme"
# Other indicator modules label their own dimensions: EXTRA_LABELS[dimension] = lambda values: {value: label}.
EXTRA_LABELS: dict = {}
# Dimensions whose values are the codes of an enum (person-level indicators, relais/indicators/people.py).
CHOICE_LABELS = {
    Dimension.EXIT_DESTINATION: ExitDestination,
    Dimension.REASON: DeclineReason,
    Dimension.STEP_KIND: StepKind,
}


def labels_for(dimension: str, values) -> dict:
    values = {v for v in values if v is not None}
    if dimension in EXTRA_LABELS:
        return EXTRA_LABELS[dimension](values)
    if dimension == Dimension.KIND:
        return {v: StructureKind(v).label if v in StructureKind.values else v for v in values}
    if dimension == Dimension.ARRONDISSEMENT:
        return {v: cog_label(v) for v in values}
    if dimension in (Dimension.PROGRAMME, Dimension.DISPOSITIF):
        return dict(Programme.objects.filter(code__in=values).values_list("code", "name"))
    if dimension == Dimension.STRUCTURE:
        return dict(Structure.objects.filter(pk__in=values).values_list("pk", "name"))
    if dimension == Dimension.ORGANIZATION:
        return {
            pk: short or name
            for pk, short, name in Organization.objects.filter(pk__in=values).values_list("pk", "short_name", "name")
        }
    if dimension in CHOICE_LABELS:
        choices = CHOICE_LABELS[dimension]
        return {v: choices(v).label if v in choices.values else v for v in values}
    return {v: str(v) for v in values}


def label(labels: dict, dimension: str, value) -> str:
    if value is None:
        return NO_PROGRAMME if dimension == Dimension.PROGRAMME else "Non renseigné"
    return str(labels.get(value, value))

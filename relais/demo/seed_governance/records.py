"""The shape of the demo plans, meetings and premises: one keyword record per line of the tables."""

import datetime
from typing import NamedTuple

D = datetime.date
# The State partners named beside each measure's lead, and present at every comité.
STATE_PARTNERS = ["Préfecture", "PP", "ARS IDF", "MILDECA", "Ville"]


class AxisRecord(NamedTuple):
    number: int
    title: str


class PlanMeasure(NamedTuple):
    axis: int
    title: str
    lead: str  # organisation short name
    done: bool  # by June 2021


class TargetValue(NamedTuple):
    due_on: datetime.date
    value: int


class Target(NamedTuple):
    indicator: str
    values: list[TargetValue]


class ComiteMeasure(NamedTuple):
    code: str
    axis: int
    title: str
    lead: str
    status: str
    done_on: datetime.date | None
    due_on: datetime.date
    targets: list[Target]


class Commitment(NamedTuple):
    programme: object
    mode: str
    places: int
    effective_on: datetime.date


class DecisionRecord(NamedTuple):
    meeting: object
    title: str
    measures: list
    commitment: Commitment | None


class ActionRecord(NamedTuple):
    title: str
    owner: str
    due_on: datetime.date
    status: str
    evidence: str
    done_on: datetime.date | None
    meeting: object
    decision: str | None  # the title of the decision it carries out


class ProposalRecord(NamedTuple):
    name: str
    address: str
    cog: str
    surface_m2: int
    kind: str
    capacity: int
    proposed: int | datetime.date  # days ago, or a date
    status: str
    reviews: dict[str, str]  # organisation short name: opinion
    reason: str

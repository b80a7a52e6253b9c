"""The shape of the demo registry: one keyword record per line of the tables."""

import datetime
from typing import NamedTuple

D = datetime.date


class OrganizationRecord(NamedTuple):
    name: str
    short_name: str
    kind: str


class DemoAccount(NamedTuple):
    role: str  # also the username
    organization: str  # short name


class HotelWave(NamedTuple):
    day: datetime.date
    hotels: int  # opened (+) or closed (-)
    rooms: int  # per hotel


class TargetRecord(NamedTuple):
    effective_on: datetime.date
    places: int
    decision: str
    decided_on: datetime.date


class StructureRecord(NamedTuple):
    name: str
    kind: str
    operator: str  # short name
    cog: str
    places: int
    place_kind: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    finess: bool  # has FINESS numbers

"""The shape of the demo sites' public sequence: one keyword record per line of the tables."""

import datetime
from typing import NamedTuple


class SiteRecord(NamedTuple):
    name: str
    kind: str
    cog: str
    latitude: float
    longitude: float
    description: str


class StatusRecord(NamedTuple):
    site: str
    day: datetime.date
    status: str
    decision: str


class DestinationRecord(NamedTuple):
    destination: str
    structure: str | None  # structure name
    people: int


class DisplacementRecord(NamedTuple):
    site: str
    day: datetime.date
    kind: str
    decision: str
    destinations: list[DestinationRecord]
    reappeared_at: list[str]  # site names


class ServiceRecord(NamedTuple):
    site: str
    kind: str
    structure: str | None  # care-unit structure name
    installed_on: datetime.date
    removed_on: datetime.date | None

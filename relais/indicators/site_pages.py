"""A site's page (relais/sites/timeline.py) through the publication: the counts of persons on it —
acts of the health teams, people evacuated and where to, arrests and custody — as its reader may see them.

The organisations in charge of persons (coordination, field teams) read them as recorded. Everyone else
(police, comité, Ville, admin, auditor) reads each count published by the cell-key rule (1 to 10 never
given, « < 11 »; the others with their noise), no destination of an evacuation, and the health activity
as a published total only.
"""

from relais.indicators.publication import Publisher, perturb
from relais.sites.enums import ActType

PERSON_COUNTS = ("acts_total", "arrests", "custody", "displaced")


def reads_site_exactly(publisher: Publisher) -> bool:
    return publisher.exact or publisher.exact_occupancy


def publish_timeline(timeline, site, publisher: Publisher):
    """`timeline` as the audience of `publisher` may read it (changed in place, and returned); a hidden
    count becomes None (the page reads « < 11 »)."""
    for displacement in timeline.displacements:
        displacement.people = displacement.people or 0
        displacement.hide_destinations = False
    if reads_site_exactly(publisher):
        return timeline

    def cell(value, *where):
        # The cell's key: the site, the period and the figure (the same cell always reads the same).
        salt = "|".join(str(part) for part in ("site", site.pk, *where))
        return perturb(value, _key(salt), salt).value

    period = (timeline.period.start, timeline.period.end)
    for row in timeline.rows:
        for name in PERSON_COUNTS:
            row[name] = cell(row[name], row["start"], name)
        row["acts"] = dict.fromkeys(ActType.values)
        row["events"] = [e.split(" : ")[0] if "personne" in e else e for e in row["events"]]
    for name in PERSON_COUNTS:
        timeline.totals[name] = cell(timeline.totals[name], *period, name)
    timeline.totals["acts"] = {act: cell(n, *period, act) for act, n in timeline.totals["acts"].items()}
    for displacement in timeline.displacements:
        displacement.people = cell(displacement.people, displacement.pk, "people")
        displacement.hide_destinations = True
    timeline.activity_by_organization = []
    return timeline


def _key(salt: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(salt.encode()).digest()[:8], "big")

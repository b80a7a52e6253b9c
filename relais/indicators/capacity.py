"""The capacity answer (relais/orientation/capacity_answer.py) as its reader may see it.

Coordination reads its counts as recorded. Every other audience (the comité, and the situation report,
which leaves the organisations in charge) reads each count of persons — newcomers, admissions, exits,
exits to the street, places occupied and admissions of the back-test — published by the cell-key
method: 1 to 10 never given (« < 11 »), the others with the noise of their records' keys, so the same
records always read the same. The answer then computes every rate, place count and probability from
those published counts; a hidden count leaves its rate's default in place, as too few records do.
"""

import uuid

from relais.indicators import cellkey
from relais.indicators.enums import Unit
from relais.indicators.publication import Publisher, perturb, shown
from relais.orientation.capacity_answer import Publish, exact

SALT = "capacity|"


def _record_id(record) -> int:
    return record.int if isinstance(record, uuid.UUID) else int(record)


def capacity_publish(publisher: Publisher) -> Publish:
    """The `publish` of the capacity answer for the audience of `publisher`."""
    if publisher.exact:
        return exact

    def publish(name: str, value: int, records: list) -> tuple[int | None, str]:
        key = cellkey.combine(*(cellkey.python_record_key(_record_id(r)) for r in records))
        cell = perturb(value, key, SALT + name)
        return cell.value, shown(cell, Unit.PERSONS)

    return publish

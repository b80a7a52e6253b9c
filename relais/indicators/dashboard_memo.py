"""A built dashboard kept, in the process and in the shared cache, while nothing it was built from changed.

A dashboard of the comité or coordination reads the daily facts (the reader's signature says which: days,
refreshes, pending corrections) and, for what the facts do not hold (sites, plan measures, premises, places
month by month), the history of a few areas. Every committed change of an area's history adds a row to the
journal (`FactChange`, `fact_journal.py`), whose ids only grow: the last id of each area read from history
is its version. Same signature, same versions: the same figures, so the page is drawn from the kept
dashboard (one query checks the versions) instead of ~60 queries and the joint checks of publication.
Kept only when the day shown has facts (otherwise everything comes from history: nothing to key it by).
Names of organisations (not in the journal) follow at the next refresh of the facts (hourly).
"""

import gc
import pickle
import zlib

from django.core.cache import cache
from django.db.models import Max

from relais.indicators import fact_memo
from relais.indicators.models import FactChange

# Read from history by every such dashboard whatever its indicators: places and targets month by month
# (structures), names of structures, programmes and sites in the rows.
ALWAYS_READ = frozenset({"structures", "sites", "governance", "premises"})
# A national dashboard is a few megabytes in memory: a handful per worker (filters other than the default).
SIZE = 8
_LOCAL: dict = {}


def journal_versions() -> dict[str, int]:
    """The last journal id of each area (an area without pending change is absent)."""
    return dict(FactChange.objects.values_list("area").annotate(last=Max("pk")).values_list("area", "last"))


def remembered(key: tuple, day, reader, build):
    """`build()`, or the dashboard built for `key` (its audience and filters, `day` the one shown) and the
    reader's signature, while the areas it read from history have not changed."""
    if reader.known_on is None and day not in reader.days:
        return build()
    name = "dashboard:" + fact_memo.shared_key(("dashboard", *key, reader.signature()))
    versions = journal_versions()
    found = _LOCAL.get(name)
    if found is None:
        stored = cache.get(name)
        found = _unpacked(stored) if stored is not None else None
    if found is not None and all(versions.get(area) == seen for area, seen in found[0]):
        _keep(name, found)
        return found[1]
    reader.live_areas = set(ALWAYS_READ)
    dashboard = build()
    # The versions taken before the build: a change committed meanwhile makes the next reader build again.
    found = (tuple(sorted((area, versions.get(area)) for area in reader.live_areas)), dashboard)
    cache.set(name, zlib.compress(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL), 1), fact_memo.SHARED_SECONDS)
    _keep(name, found)
    return dashboard


def forget() -> None:
    _LOCAL.clear()


def _keep(name: str, found: tuple) -> None:
    _LOCAL[name] = found
    while len(_LOCAL) > SIZE:
        del _LOCAL[next(iter(_LOCAL))]


def _unpacked(stored: bytes) -> tuple:
    collecting = gc.isenabled()
    gc.disable()  # thousands of rows built at once: no pass over the worker's heap meanwhile
    try:
        return pickle.loads(zlib.decompress(stored))  # noqa: S301 - written by this module only
    finally:
        if collecting:
            gc.enable()

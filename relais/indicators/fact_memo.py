"""What is computed from the daily facts, kept per process by the version of the facts it was read from,
and, for what costs seconds (the published universes), in the cache shared by every process.

The facts of a day change only when they are written (`facts.write_day`, which moves the day's
`refreshed_at` and empties this process's memo); a version names the facts of one indicator on one day
as one reading sees them (`fact_reader.Reader.version`), so the same version always gives the same
answer. Other processes see the new `refreshed_at`, hence a new version: an entry of the shared cache is
never stale, only no longer asked for (it expires). Bounded: the oldest answers go first.
"""

import datetime
import gc
import hashlib
import pickle
import zlib

from django.conf import settings
from django.core.cache import cache

SIZE = 512
# A version names facts that never change, but today's is replaced at each hourly refresh: a day is enough.
SHARED_SECONDS = 24 * 3600
# Bump when what is kept changes shape (a process of the previous release must not read it).
SHARED_FORMAT = 1
_MEMO: dict = {}


def remember(key: tuple, compute, *, shared: tuple | None = None):
    """`compute()`, kept under `key` (a tuple holding the versions of every fact it reads); `shared`, a pair
    of functions (`pack`: the answer as plain tuples and scalars, `unpack`: back), also keeps it in the
    shared cache, so that one process computes it for all (and `refresh_facts` before any)."""
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = _shared(key, compute, *shared) if shared else compute()
        while len(_MEMO) > SIZE:
            del _MEMO[next(iter(_MEMO))]
    return found


def forget() -> None:
    """Empty this process's memo (facts were written); the shared cache is keyed by the new versions."""
    _MEMO.clear()


def _shared(key: tuple, compute, pack, unpack):
    name = shared_key(key)
    stored = cache.get(name)
    if stored is not None:
        # Plain data: unpickling thousands of objects one by one cost more than the page (25 ms a universe);
        # and no collection while they are built (each pass over a worker's heap found nothing to free).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return unpack(pickle.loads(zlib.decompress(stored)))  # noqa: S301 - written by this module only, below
        finally:
            if collecting:
                gc.enable()
    found = compute()
    # Compressed: a universe of 10,000 cells pickles to a few hundred kilobytes of repeated names.
    cache.set(name, zlib.compress(pickle.dumps(pack(found), protocol=pickle.HIGHEST_PROTOCOL), 1), SHARED_SECONDS)
    return found


def shared_key(key: tuple) -> str:
    """The shared cache's name for `key`: the same in every process (datetimes in UTC), and tied to the
    cell-key secret (the published values depend on it)."""
    text = repr((SHARED_FORMAT, _stable(key), settings.RELAIS_CELL_KEY_SECRET))
    return "facts-memo:" + hashlib.sha256(text.encode()).hexdigest()


def _stable(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return tuple(_stable(v) for v in value)
    return value

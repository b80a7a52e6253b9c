"""What is computed from the daily facts, kept per process by the version of the facts it was read from.

The facts of a day change only when they are written (`facts.write_day`, which moves the day's
`refreshed_at` and empties this process's memo); a version names the facts of one indicator on one day
as one reading sees them (`fact_reader.Reader.version`), so the same version always gives the same
answer. Other processes see the new `refreshed_at`, hence a new version. Bounded: the oldest answers go
first.
"""

SIZE = 512
_MEMO: dict = {}


def remember(key: tuple, compute):
    """`compute()`, kept under `key` (a tuple holding the versions of every fact it reads)."""
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = compute()
        while len(_MEMO) > SIZE:
            del _MEMO[next(iter(_MEMO))]
    return found


def forget() -> None:
    """Empty the memo (facts were written)."""
    _MEMO.clear()

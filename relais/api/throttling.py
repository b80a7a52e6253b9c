"""The API's rate limits, counted where every worker sees them.

With the database as the shared cache (the default), DRF's throttle reads the caller's list of
request times, counts the cache's rows and rewrites the list in a transaction: five statements per
request, and two workers may both read before either writes. Here each request is one atomic
`INSERT … ON CONFLICT DO UPDATE … RETURNING` on `RateWindow`: a sliding window approximated from the
current fixed window and the previous one, the previous one weighed by the share of it still inside
the sliding window. On PostgreSQL the table is unlogged (migration `api 0002`): a count is not worth
a WAL flush at each request, which cost more than the rest of the throttle; a crash only resets the
limits, and the table is read on the primary only (`api` is in `PRIMARY_ONLY_APPS`). With Redis
configured (`cache_settings`), DRF's own throttle in Redis is kept.
"""

import hashlib

from django.conf import settings
from django.db import connections, router
from rest_framework.throttling import SimpleRateThrottle

from relais.api.models import RateWindow

KEY_LENGTH = RateWindow._meta.get_field("key").max_length
_COUNT_HIT = """INSERT INTO {table} (key, window_number, hits, previous_hits) VALUES (%s, %s, 1, 0)
    ON CONFLICT (key) DO UPDATE SET
        previous_hits = CASE WHEN {table}.window_number = excluded.window_number THEN {table}.previous_hits
            WHEN {table}.window_number = excluded.window_number - 1 THEN {table}.hits ELSE 0 END,
        hits = CASE WHEN {table}.window_number = excluded.window_number THEN {table}.hits + 1 ELSE 1 END,
        window_number = excluded.window_number
    RETURNING hits, previous_hits"""


def window_hits(key: str, duration: int, *, now: float) -> tuple[int, int]:
    """Counts this request for `key`; returns the hits of the current window (this one included) and of
    the one before, windows of `duration` seconds."""
    if len(key) > KEY_LENGTH:
        # An identity longer than the column (a long forwarded chain): counted under its digest.
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    connection = connections[router.db_for_write(RateWindow)]
    sql = _COUNT_HIT.format(table=connection.ops.quote_name(RateWindow._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, int(now // duration)])
        hits, previous = cursor.fetchone()
    return hits, previous


def _in_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


class WindowRateThrottle(SimpleRateThrottle):
    """DRF's throttle, counted by `window_hits` unless the shared cache is Redis (where DRF's read and
    write of the list are two cheap round trips)."""

    def allow_request(self, request, view):
        if _in_redis():
            return super().allow_request(request, view)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        hits, previous = window_hits(self.key, self.duration, now=self.now)
        self.elapsed = self.now % self.duration
        # Requests refused are counted too: a caller who keeps asking stays limited.
        return hits + previous * (1 - self.elapsed / self.duration) <= self.num_requests

    def wait(self):
        if _in_redis():
            return super().wait()
        # At the latest, the previous window has left the sliding one at the end of the current one.
        return self.duration - self.elapsed + 1


class ApiKeyRateThrottle(WindowRateThrottle):
    """Requests per key (rate in REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['api_key'])."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        key = getattr(request, "api_key", None)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.pk}


class SessionRateThrottle(WindowRateThrottle):
    scope = "session"

    def get_cache_key(self, request, view):
        if getattr(request, "api_key", None) is not None:
            return None
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

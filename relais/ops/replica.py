"""Reads scaled out to a PostgreSQL streaming replica, when `DATABASE_REPLICA_URL` configures one.

Only the pages named in `RELAIS_REPLICA_VIEWS` (dashboards, exports, open data, aggregate API reads,
the board) read from the replica, and only for the models they aggregate: accounts, sessions,
grants, sign-in state, the access log and person records are always read on the primary
(`PRIMARY_ONLY_APPS`), and every write goes to the primary. A request reads on the primary instead
when:

- the browser wrote something less than `RELAIS_REPLICA_STICKY_SECONDS` ago (a cookie set after
  each successful POST/PUT/PATCH/DELETE: the board right after a declaration shows the declaration);
- the request itself has written data (the rest of it reads what it wrote);
- the replica lags more than `RELAIS_REPLICA_MAX_LAG_SECONDS`, or cannot be reached (then it is not
  tried again for `RELAIS_REPLICA_RETRY_SECONDS`); if it goes away during a request, the view is run
  again on the primary (only safe methods come here, so running again changes nothing).

A page read from the replica says so: `request.replica_lag` (seconds, shown by the base template)
and the `X-Relais-Replica-Lag` header.
"""

import contextlib
import contextvars
import fnmatch
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "relais_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# Read on the primary whatever the page: who is signed in and with which rights, lockouts and
# second factors, the scheduler's and task queue's state, the access log, and person records.
PRIMARY_ONLY_APPS = {
    "admin",
    "api",
    "audit",
    "auditlog",
    "auth",
    "axes",
    "contenttypes",
    "django_otp",
    "django_otp_webauthn",
    "django_tasks",
    "django_tasks_database",
    "identity",
    "ops",
    "otp_static",
    "otp_totp",
    "people",
    "sessions",
    "users",
}

logger = logging.getLogger("relais.replica")


@dataclass
class _ReadScope:
    replica: bool
    wrote: bool = False


_SCOPE = contextvars.ContextVar("relais_read_scope", default=None)
# Per process: when the replica last failed; it is not tried again before the retry delay.
_down_since = {"at": None}


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    """Sends the reads of a replica scope to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        scope = _SCOPE.get()
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if scope is None or not scope.replica:
            return None
        # After a write, even objects first read on the replica are read again on the primary.
        return PRIMARY if scope.wrote else REPLICA

    def db_for_write(self, model, **hints):
        scope = _SCOPE.get()
        # Bookkeeping (a key's last use, the access log, the session) changes no figure on the page.
        if scope is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            scope.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same database.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's WAL: it is never migrated (nor flushed by the tests).
        return False if db == REPLICA else None


_LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


def replica_lag() -> float | None:
    """Seconds the replica is behind the primary; None when it is unreachable or not a replica."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(_LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError:
        _mark_down()
        return None
    if not in_recovery:
        # A promoted replica is no longer fed by the primary: its data may diverge.
        _mark_down()
        return None
    return max(float(lag), 0.0)


def _mark_down():
    _down_since["at"] = time.monotonic()
    logger.warning("replica unavailable, reads go to the primary")
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def _recently_down() -> bool:
    at = _down_since["at"]
    return at is not None and time.monotonic() - at < settings.RELAIS_REPLICA_RETRY_SECONDS


def _wants_replica(request, view_name: str) -> bool:
    return (
        replica_configured()
        and request.method in SAFE_METHODS
        and STICKY_COOKIE not in request.COOKIES
        and any(fnmatch.fnmatchcase(view_name, pattern) for pattern in settings.RELAIS_REPLICA_VIEWS)
        and not _recently_down()
    )


class ReplicaReadsMiddleware:
    """Opens the read scope of each request (after authentication) and keeps writers on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.replica_lag = None
        token = _SCOPE.set(_ReadScope(replica=False))
        try:
            response = self.get_response(request)
        finally:
            _SCOPE.reset(token)
        if request.replica_lag is not None:
            response["X-Relais-Replica-Lag"] = f"{request.replica_lag:.1f}"
        if request.method not in SAFE_METHODS and response.status_code < 400 and replica_configured():
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.RELAIS_REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not _wants_replica(request, match.view_name):
            return None
        lag = replica_lag()
        if lag is None or lag > settings.RELAIS_REPLICA_MAX_LAG_SECONDS:
            return None
        _SCOPE.get().replica = True
        request.replica_lag = lag
        request._replica_view = (view_func, view_args, view_kwargs)
        return None

    def process_exception(self, request, exception):
        scope = _SCOPE.get()
        if not (scope and scope.replica and isinstance(exception, DatabaseError)):
            return None
        if not _replica_failed():
            return None
        # The replica went away during the request: the same read, on the primary.
        _mark_down()
        scope.replica = False
        request.replica_lag = None
        view_func, view_args, view_kwargs = request._replica_view
        return view_func(request, *view_args, **view_kwargs)


def _replica_failed() -> bool:
    connection = connections[REPLICA]
    if connection.connection is None:
        return True
    try:
        return not connection.is_usable()
    except DatabaseError:
        return True


def replica(request):
    """Template context: the replica's lag when the page was read from it."""
    return {"replica_lag": getattr(request, "replica_lag", None)}

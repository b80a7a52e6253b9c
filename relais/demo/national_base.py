"""What every part of the national generator shares: the marks of generated rows, the loader (COPY on
PostgreSQL, grouped inserts elsewhere) and the generated accounts."""

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

from relais.users.enums import GrantStatus, OrganizationKind, Role
from relais.users.models import AccessGrant, Organization, User

# Every generated organisation's name starts with this: what a new run removes is found through it.
OPERATOR_PREFIX = "Réseau national généré"
BENCH_USERNAME = "bench-national"
YEARS = 10
ERROR_NO_NETWORK = (
    "Aucun réseau national généré dans cette base : lancez d'abord generate_national sans --only "
    "(ou avec --only network)."
)


class GenerationError(Exception):
    """A French message for the command: nothing was written."""


class Loader:
    """Writes rows with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def next_id(self, table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - our table names
            return cursor.fetchone()[0]

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        count = 0
        names = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(columns))
                batch = []
                for row in rows:
                    batch.append(tuple(self._adapt(v) for v in row))
                    if len(batch) == 5000:
                        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
                        count, batch = count + len(batch), []
                if batch:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
                    count += len(batch)
        return count

    @staticmethod
    def _adapt(value):
        """As Django would store it on SQLite (UUIDs as hex, datetimes as naive UTC text)."""
        if isinstance(value, uuid.UUID):
            return value.hex
        if isinstance(value, datetime.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime.date):
            return connection.ops.adapt_datefield_value(value)
        return value

    def reset_sequence(self, table: str) -> None:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                )

    def analyze(self, *tables: str) -> None:
        """Fresh planner statistics after millions of rows (PostgreSQL only)."""
        if self.postgres:
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"ANALYZE {table}")

    def vacuum(self) -> None:
        """Once the generation is committed (PostgreSQL only): the rows an earlier run left and those the
        generator updated (the stays tied to their referrals) cleaned up, and every page marked visible,
        as autovacuum would after a while; statistics taken again. Without it, a database whose autovacuum
        is off or behind serves its first writes at two thirds of the rate (215 against 322 op/s with
        `bench_writes` on the national data)."""
        if self.postgres and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")

    def fetch(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def aware(value) -> datetime.datetime:
    """A datetime read back by a raw query: aware on PostgreSQL, naive UTC (or text) on SQLite."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def accounts() -> tuple[list[Organization], User]:
    """The hundred generated operators and the bench user (comité role)."""
    operators = []
    for n in range(1, 101):
        org, _ = Organization.objects.get_or_create(
            name=f"{OPERATOR_PREFIX} {n:03d}",
            defaults={"short_name": f"RNG{n:03d}", "kind": OrganizationKind.ASSOCIATION},
        )
        operators.append(org)
    user, created = User.objects.get_or_create(username=BENCH_USERNAME)
    if created:
        user.set_unusable_password()
        user.save()
    # The comité role: reads the board, the API and the comité's dashboard; no person-level data.
    AccessGrant.objects.filter(user=user).exclude(role=Role.COMITE).delete()
    AccessGrant.objects.get_or_create(
        user=user,
        role=Role.COMITE,
        defaults={
            "organization": operators[0],
            "valid_from": datetime.date(2018, 1, 1),
            "status": GrantStatus.APPROVED,
        },
    )
    return operators, user


def field_organizations() -> list[Organization]:
    """Who sends referrals and observes the sites: maraudes, hospitals and a coordination."""
    wanted = [
        (f"{OPERATOR_PREFIX} maraude {n:02d}", f"RNGM{n:02d}", OrganizationKind.ASSOCIATION) for n in range(1, 13)
    ]
    wanted += [(f"{OPERATOR_PREFIX} hôpital {n:02d}", f"RNGH{n:02d}", OrganizationKind.HOSPITAL) for n in range(1, 6)]
    wanted.append((f"{OPERATOR_PREFIX} coordination", "RNGC", OrganizationKind.ASSOCIATION))
    return [
        Organization.objects.get_or_create(name=name, defaults={"short_name": short, "kind": kind})[0]
        for name, short, kind in wanted
    ]


class foreign_keys_checked_once:
    """Millions of copied rows would each queue a deferred check per foreign key, run one by one at
    commit; on PostgreSQL the keys of `tables` (those pointing to `to`, when given) are dropped for the
    load and added back as they were, which checks every row again in one pass before commit."""

    def __init__(self, loader: Loader, tables: Sequence[str], to: str | None = None):
        self.loader, self.tables, self.to, self.keys = loader, tables, to, []

    def __enter__(self):
        if not self.loader.postgres:
            return self
        with connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                    "AND contype = 'f' ORDER BY conname",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    if self.to is None or f"REFERENCES {self.to}(" in definition:
                        self.keys.append((table, name, definition))
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # nothing pending on the tables altered
            for table, name, _ in self.keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return self

    def __exit__(self, kind, *exc):
        if kind is None and self.keys:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as on entry: no pending event on the tables
                for table, name, definition in self.keys:
                    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

"""`flush` empties every table, the append-only access log included (tests, local resets).

On SQLite it issues DELETE, which the log's triggers refuse: they are lifted for the flush and
put back at once. PostgreSQL's flush uses TRUNCATE, which row triggers do not see.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from relais.audit import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        triggers.drop(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.create(connection)

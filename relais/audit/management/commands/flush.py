"""`flush` empties every table, the append-only access log included: demo and test settings only.

The log's triggers refuse DELETE (SQLite's flush) and TRUNCATE (PostgreSQL's): they are lifted for
the flush and put back at once. Production settings never reach that path: the command refuses.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from relais.audit import triggers

ERROR_NOT_DEMO = "flush vide aussi le journal des accès : réglages de démonstration ou de test seulement."


class Command(FlushCommand):
    def handle(self, **options):
        if not settings.RELAIS_DEMO:
            raise CommandError(ERROR_NOT_DEMO)
        connection = connections[options["database"]]
        triggers.drop(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.create(connection)

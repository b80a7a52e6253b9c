import json

from django.conf import settings
from django.core.management.base import BaseCommand

from relais.audit.services import access_log_anchor


class Command(BaseCommand):
    help = (
        "Exporte la tête signée du journal des accès (dernier événement et son empreinte) : à lancer chaque jour "
        "et à copier hors de la base, pour qu'une réécriture complète du journal soit détectée."
    )

    def handle(self, *args, **options):
        head = access_log_anchor()
        if head is None:
            self.stdout.write("Journal vide : aucune ancre exportée.")
            return
        self.stdout.write(json.dumps(head))
        self.stderr.write(f"Ancre ajoutée à {settings.RELAIS_ACCESS_LOG_ANCHORS}.")

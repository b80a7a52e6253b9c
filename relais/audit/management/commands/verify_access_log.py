import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.audit.services import access_log_verify


class Command(BaseCommand):
    help = (
        "Vérifie la chaîne d'empreintes du journal des accès aux données individuelles et les ancres signées "
        "exportées par anchor_access_log (RELAIS_ACCESS_LOG_ANCHORS, ou --ancres pour une copie gardée ailleurs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ancres", type=Path, help="Fichier d'ancres (une ligne JSON par ancre).")

    def handle(self, *args, **options):
        anchors = None
        if options.get("ancres"):
            lines = options["ancres"].read_text(encoding="utf-8").splitlines()
            anchors = [json.loads(line) for line in lines if line.strip()]
        report = access_log_verify(anchors)
        if report.broken_at is not None:
            raise CommandError(
                f"Journal altéré à l'événement {report.broken_at} ({report.reason}) après {report.checked} événement(s) valides."
            )
        self.stdout.write(self.style.SUCCESS(f"Journal intègre : {report.checked} événement(s) vérifié(s)."))
